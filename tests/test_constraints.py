"""Each rule the database can hold is a constraint there, and clean() explains it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from registry.forms import ContributionForm, ImpactExampleForm
from registry.models import (
    ActivityType,
    AppendOnlyError,
    Community,
    Contribution,
    Deliverable,
    ImpactExample,
    ImpactScale,
    ImpactType,
    Invitation,
    Membership,
    Recognition,
    Recommendation,
    RecommendationEvidence,
    ReviewRound,
    TransitionLog,
)
from registry.models.base import EARLIEST_IMPACT_YEAR, EARLIEST_START_YEAR

pytestmark = pytest.mark.django_db


def refused_by_database(make_row):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_row()


def test_community_slugs_are_unique(make_community):
    make_community("Pollinator Network", slug="pollinators")
    refused_by_database(lambda: Community.objects.create(name="Other", slug="pollinators"))


def test_community_status_must_be_a_known_one(make_community):
    community = make_community()
    refused_by_database(lambda: Community.objects.filter(pk=community.pk).update(status="gone"))


def test_community_year_founded_must_be_sane(make_community):
    community = make_community()
    refused_by_database(lambda: Community.objects.filter(pk=community.pk).update(year_founded=1200))
    community.year_founded = timezone.now().year + 3
    with pytest.raises(ValidationError) as error:
        community.full_clean()
    assert "year_founded" in error.value.message_dict


def test_contribution_cannot_end_before_it_starts(make_community):
    community = make_community()
    activity = ActivityType.objects.get(slug="uptake-event")
    contribution = Contribution(
        community=community,
        activity_type=activity,
        title="Uptake event",
        start_date=datetime.date(2025, 5, 2),
        end_date=datetime.date(2025, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        contribution.full_clean()
    assert error.value.message_dict["end_date"] == ["The end date cannot be before the start date."]
    refused_by_database(contribution.save)


def test_contribution_participants_cannot_be_negative(make_contribution, make_community):
    contribution = make_contribution(make_community())
    refused_by_database(
        lambda: Contribution.objects.filter(pk=contribution.pk).update(participants=-1)
    )
    contribution.participants = -1
    with pytest.raises(ValidationError) as error:
        contribution.full_clean()
    assert "participants" in error.value.message_dict


def test_a_user_is_a_coordinator_of_a_community_once(make_community, make_user):
    user = make_user()
    community = make_community(owner=user)
    refused_by_database(
        lambda: Membership.objects.create(user=user, community=community, role="editor")
    )


def test_membership_role_must_be_owner_or_editor(make_community, make_user):
    user = make_user()
    community = make_community()
    refused_by_database(
        lambda: Membership.objects.create(user=user, community=community, role="admin")
    )


def test_invitation_must_expire_after_it_is_made(make_community):
    community = make_community()
    now = timezone.now()
    refused_by_database(
        lambda: Invitation.objects.create(
            community=community, email="a@example.org", created_at=now, expires_at=now
        )
    )


def test_at_most_one_open_recommendation_per_community(make_community, make_recommendation):
    community = make_community()
    first = make_recommendation(community)
    refused_by_database(lambda: make_recommendation(community, by=first.recommended_by))
    second = Recommendation(
        community=community,
        task_force=first.task_force,
        rationale="Again",
        conflict_of_interest="none",
        recommended_by=first.recommended_by,
    )
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.message_dict["community"] == [
        "This community already has an open recommendation."
    ]


def test_a_decided_recommendation_allows_a_new_one(
    make_community, make_recommendation, make_round, bureau
):
    community = make_community()
    review_round = make_round()
    make_recommendation(
        community,
        status="declined",
        round=review_round,
        decided_by=bureau,
        decided_at=timezone.now(),
    )
    assert make_recommendation(community).status == "draft"


def test_a_decision_records_who_and_when(make_community, make_recommendation):
    recommendation = make_recommendation(make_community())
    refused_by_database(
        lambda: Recommendation.objects.filter(pk=recommendation.pk).update(status="endorsed")
    )


def test_only_published_communities_can_be_recommended(make_community, task_force):
    draft = make_community(status=Community.Status.DRAFT)
    recommendation = Recommendation(
        community=draft,
        task_force_id=1,
        rationale="Good work",
        conflict_of_interest="none",
        recommended_by=task_force,
    )
    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()
    assert error.value.message_dict["community"] == [
        "Only a published community can be recommended."
    ]


def test_the_conflict_of_interest_declaration_is_required(make_community, task_force):
    recommendation = Recommendation(
        community=make_community(),
        task_force_id=1,
        rationale="Good work",
        conflict_of_interest="  ",
        recommended_by=task_force,
    )
    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()
    assert "conflict_of_interest" in error.value.message_dict


def test_supporting_contributions_must_be_the_communitys_own(
    make_community, make_contribution, make_recommendation
):
    recommendation = make_recommendation(make_community())
    other = make_contribution(make_community())
    evidence = RecommendationEvidence(recommendation=recommendation, contribution=other)
    with pytest.raises(ValidationError) as error:
        evidence.full_clean()
    assert "contribution" in error.value.message_dict


def test_one_open_review_round_at_a_time(make_round):
    make_round()
    refused_by_database(make_round)


def test_at_most_one_active_recognition_per_community(
    make_community, make_recommendation, make_round, bureau
):
    community = make_community()
    review_round = make_round()
    decided = {"decided_by": bureau, "decided_at": timezone.now(), "round": review_round}
    first = make_recommendation(community, status="endorsed", **decided)
    Recognition.objects.create(
        community=community,
        recommendation=first,
        since=datetime.date(2026, 1, 1),
        round=review_round,
        task_force=first.task_force,
    )
    second = make_recommendation(community, status="endorsed", **decided)
    refused_by_database(
        lambda: Recognition.objects.create(
            community=community,
            recommendation=second,
            since=datetime.date(2026, 2, 1),
            round=review_round,
            task_force=second.task_force,
        )
    )


def test_a_withdrawal_needs_a_reason(make_community, make_recommendation, make_round, bureau):
    community = make_community()
    review_round = make_round()
    recommendation = make_recommendation(
        community, status="endorsed", decided_by=bureau, decided_at=timezone.now()
    )
    recognition = Recognition.objects.create(
        community=community,
        recommendation=recommendation,
        since=datetime.date(2026, 1, 1),
        round=review_round,
        task_force=recommendation.task_force,
    )
    refused_by_database(
        lambda: Recognition.objects.filter(pk=recognition.pk).update(withdrawn_at=timezone.now())
    )


def test_review_history_survives_deletion_attempts(
    make_community, make_recommendation, make_contribution
):
    community = make_community()
    contribution = make_contribution(community)
    recommendation = make_recommendation(community)
    RecommendationEvidence.objects.create(recommendation=recommendation, contribution=contribution)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        community.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        contribution.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        recommendation.recommended_by.delete()


def test_the_transition_log_is_append_only(make_community, make_user):
    community = make_community()
    entry = TransitionLog.objects.create(community=community, to_status="draft")
    entry.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.filter(pk=entry.pk).update(note="x")
    with pytest.raises(AppendOnlyError):
        TransitionLog.objects.all().delete()
    refused_by_database(lambda: TransitionLog.objects.create(to_status="orphan"))


def test_a_round_records_when_it_closed(make_round):
    review_round = make_round()
    refused_by_database(
        lambda: ReviewRound.objects.filter(pk=review_round.pk).update(status="closed")
    )


START_DATE_MESSAGE = "Enter a date in 1990 or later."
IMPACT_DATE_MESSAGE = "IPBES was established in 2012: enter a later date."
CONFLICT_MESSAGE = 'Declare any conflict of interest, or write "none".'


def test_the_earliest_years_are_1990_for_contributions_and_2012_for_impact():
    assert (EARLIEST_START_YEAR, EARLIEST_IMPACT_YEAR) == (1990, 2012)


def test_a_contribution_starting_before_1990_is_refused_by_the_database(
    make_community, make_contribution
):
    contribution = make_contribution(make_community())
    too_early = datetime.date(EARLIEST_START_YEAR - 1, 12, 31)
    refused_by_database(
        lambda: Contribution.objects.filter(pk=contribution.pk).update(start_date=too_early)
    )
    refused_by_database(lambda: make_contribution(contribution.community, start_date=too_early))
    contribution.start_date = datetime.date(EARLIEST_START_YEAR, 1, 1)
    contribution.save()


def test_a_contribution_starting_before_1990_gets_one_message_on_the_start_date(
    make_community,
):
    contribution = Contribution(
        community=make_community(),
        activity_type=ActivityType.objects.get(slug="uptake-event"),
        title="Old workshop",
        start_date=datetime.date(1989, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        contribution.full_clean()
    assert error.value.message_dict == {"start_date": [START_DATE_MESSAGE]}
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        contribution.full_clean()
    assert error.value.message_dict["start_date"] == ["Saisissez une date en 1990 ou ultérieure."]


def test_the_contribution_form_shows_the_models_message_and_saves_nothing(make_community):
    community = make_community()
    data = {
        "activity_type": ActivityType.objects.get(slug="uptake-event").pk,
        "title": "Old workshop",
        "start_date": "1989-12-31",
    }
    form = ContributionForm(data, instance=Contribution(community=community))
    assert not form.is_valid()
    assert form.errors == {"start_date": [START_DATE_MESSAGE]}
    form = ContributionForm(
        {**data, "start_date": "2025-03-10", "end_date": "2025-03-09"},
        instance=Contribution(community=community),
    )
    assert form.errors == {"end_date": ["The end date cannot be before the start date."]}
    assert not Contribution.objects.exists()


def test_an_impact_example_dated_before_2012_is_refused_by_the_database(
    make_community, make_impact_example
):
    example = make_impact_example(make_community())
    too_early = datetime.date(EARLIEST_IMPACT_YEAR - 1, 12, 31)
    refused_by_database(lambda: ImpactExample.objects.filter(pk=example.pk).update(date=too_early))
    refused_by_database(lambda: make_impact_example(example.community, date=too_early))
    example.date = datetime.date(EARLIEST_IMPACT_YEAR, 1, 1)
    example.save()


def test_an_impact_example_dated_before_2012_gets_one_message_on_the_date(make_community):
    example = ImpactExample(
        community=make_community(),
        impact_type=ImpactType.objects.get(slug="policy"),
        impact_scale=ImpactScale.objects.get(slug="national"),
        title="Old policy",
        date=datetime.date(2011, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        example.full_clean()
    assert error.value.message_dict == {"date": [IMPACT_DATE_MESSAGE]}


def test_the_impact_form_shows_the_models_message_and_saves_nothing(make_community):
    form = ImpactExampleForm(
        {
            "title": "Old policy",
            "impact_type": ImpactType.objects.get(slug="policy").pk,
            "impact_scale": ImpactScale.objects.get(slug="national").pk,
            "date": "2011-12-31",
            "deliverables": [Deliverable.objects.get(slug="pollinators").pk],
        },
        instance=ImpactExample(community=make_community()),
    )
    assert not form.is_valid()
    assert form.errors == {"date": [IMPACT_DATE_MESSAGE]}
    assert "2012" in str(form.fields["date"].help_text)
    assert not ImpactExample.objects.exists()


@pytest.mark.parametrize("declaration", ["", "   "])
def test_a_blank_declaration_of_conflict_of_interest_is_refused_by_the_database(
    make_community, make_recommendation, declaration
):
    community = make_community()
    refused_by_database(lambda: make_recommendation(community, conflict_of_interest=declaration))
    recommendation = make_recommendation(community)
    refused_by_database(
        lambda: Recommendation.objects.filter(pk=recommendation.pk).update(
            conflict_of_interest=declaration
        )
    )


def test_a_declaration_of_spaces_gets_one_message_on_the_declaration(make_community, task_force):
    recommendation = Recommendation(
        community=make_community(),
        task_force_id=1,
        rationale="Good work",
        conflict_of_interest="   ",
        recommended_by=task_force,
    )
    with pytest.raises(ValidationError) as error:
        recommendation.full_clean()
    assert error.value.message_dict == {"conflict_of_interest": [CONFLICT_MESSAGE]}
