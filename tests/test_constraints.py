"""Each rule the database can hold is a constraint there, and clean() explains it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from registry.models import (
    ActivityType,
    AppendOnlyError,
    Community,
    Contribution,
    Invitation,
    Membership,
    Recognition,
    Recommendation,
    RecommendationEvidence,
    ReviewRound,
    TransitionLog,
)

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
