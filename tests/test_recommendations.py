"""Task force members recommend a published community in the admin, then submit it."""

import pytest
from django.urls import reverse

from registry import services
from registry.models import Community, Recommendation, TaskForce, TransitionLog

pytestmark = pytest.mark.django_db

ADD = reverse("admin:registry_recommendation_add")
CHANGELIST = reverse("admin:registry_recommendation_changelist")


def change_url(recommendation):
    return reverse("admin:registry_recommendation_change", args=[recommendation.pk])


def add_data(community, **overrides):
    return {
        "community": community.pk,
        "task_force": TaskForce.objects.first().pk,
        "rationale": "Three uptake events on the pollinators assessment.",
        "conflict_of_interest": "none",
        "transitions-TOTAL_FORMS": 0,
        "transitions-INITIAL_FORMS": 0,
        **overrides,
    }


def submit(client, *recommendations, back=False):
    data = {
        "action": "submit",
        "index": 0,
        "post": "yes",
        "_selected_action": [r.pk for r in recommendations],
    }
    if back:
        data["_back_to_object"] = "1"
    return client.post(CHANGELIST, data, follow=True)


def test_task_force_member_creates_a_draft_with_supporting_contributions(
    client, task_force, make_community, make_contribution
):
    community = make_community()
    event = make_contribution(community)
    make_contribution(community)
    client.force_login(task_force)

    assert client.get(ADD).status_code == 200
    response = client.post(ADD, add_data(community, supporting=[event.pk]))

    assert response.status_code == 302
    recommendation = Recommendation.objects.get(community=community)
    assert recommendation.status == Recommendation.Status.DRAFT
    assert recommendation.recommended_by == task_force
    assert list(recommendation.supporting_contributions.all()) == [event]
    assert TransitionLog.objects.filter(recommendation=recommendation, to_status="draft").exists()


def test_the_add_form_starts_from_the_community_chosen_on_its_page(
    client, task_force, make_community
):
    community = make_community()
    client.force_login(task_force)

    page = client.get(reverse("admin:registry_community_change", args=[community.pk]))
    assert f"{ADD}?community={community.pk}" in page.content.decode()
    response = client.get(ADD, {"community": community.pk})

    assert response.context["adminform"].form.initial["community"] == str(community.pk)


def test_a_declaration_of_conflict_of_interest_is_required(client, task_force, make_community):
    community = make_community()
    client.force_login(task_force)

    response = client.post(ADD, add_data(community, conflict_of_interest="  "))

    assert response.status_code == 200
    assert "conflict_of_interest" in response.context["adminform"].form.errors
    assert not Recommendation.objects.exists()


def test_contributions_of_another_community_are_refused(
    client, task_force, make_community, make_contribution
):
    community = make_community()
    other = make_contribution(make_community())
    client.force_login(task_force)

    response = client.post(ADD, add_data(community, supporting=[other.pk]))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["supporting"] == [
        "Only the recommended community's contributions can support it."
    ]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    "status",
    [Community.Status.DRAFT, Community.Status.SUBMITTED, Community.Status.ARCHIVED],
)
def test_only_a_published_community_can_be_recommended(client, task_force, make_community, status):
    community = make_community(status=status)
    client.force_login(task_force)

    response = client.post(ADD, add_data(community))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["community"] == [
        "Only a published community can be recommended."
    ]
    assert not Recommendation.objects.exists()


def test_a_community_with_an_open_recommendation_cannot_get_a_second(
    client, task_force, make_community, make_recommendation
):
    community = make_community()
    make_recommendation(community)
    client.force_login(task_force)

    response = client.post(ADD, add_data(community))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["community"] == [
        "This community already has an open recommendation."
    ]
    assert Recommendation.objects.filter(community=community).count() == 1


def test_community_autocomplete_offers_only_what_can_be_recommended(
    client, task_force, make_community, make_recommendation
):
    free = make_community("Pollinator network")
    make_recommendation(make_community("Pollinator alliance"))
    make_community("Pollinator draft", status=Community.Status.DRAFT)
    client.force_login(task_force)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Pollinator",
            "app_label": "registry",
            "model_name": "recommendation",
            "field_name": "community",
        },
    )

    assert [r["id"] for r in response.json()["results"]] == [str(free.pk)]


def test_contribution_autocomplete_offers_the_recommended_communitys_own(
    client, task_force, make_community, make_contribution
):
    community = make_community()
    own = make_contribution(community, title="Uptake event")
    make_contribution(make_community(), title="Uptake event elsewhere")
    client.force_login(task_force)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Uptake",
            "app_label": "registry",
            "model_name": "recommendation",
            "field_name": "supporting_contributions",
            "community": community.pk,
        },
    )

    assert [r["id"] for r in response.json()["results"]] == [str(own.pk)]


def test_the_recommender_edits_the_draft_and_its_evidence(
    client, task_force, make_community, make_contribution, make_recommendation
):
    community = make_community()
    first, second = make_contribution(community), make_contribution(community)
    recommendation = make_recommendation(community, by=task_force)
    client.force_login(task_force)

    response = client.post(
        change_url(recommendation),
        add_data(community, rationale="Better reasons.", supporting=[first.pk, second.pk]),
    )

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.rationale == "Better reasons."
    assert set(recommendation.supporting_contributions.all()) == {first, second}


def test_another_task_force_member_cannot_edit_someone_elses_draft(
    client, make_user, make_community, make_recommendation
):
    recommendation = make_recommendation(make_community())
    other = make_user(groups=["Task force"])
    client.force_login(other)

    response = client.post(change_url(recommendation), add_data(recommendation.community))

    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.rationale == "They ran three uptake events."


def test_submit_places_the_draft_in_the_open_round_and_tells_the_bureau(
    client, task_force, bureau, make_community, make_round, make_recommendation, sent_mail
):
    review_round = make_round()
    recommendation = make_recommendation(make_community(), by=task_force)
    client.force_login(task_force)

    # The change form links to a confirmation page, whose button posts the action.
    page = client.get(
        reverse("admin:registry_recommendation_confirm_submit", args=[recommendation.pk])
    )
    assert 'value="submit"' in page.content.decode()
    response = submit(client, recommendation, back=True)

    assert response.redirect_chain[-1][0] == change_url(recommendation)
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.SUBMITTED
    assert recommendation.round == review_round
    assert any(m.to == [bureau.email] for m in sent_mail())


def test_submitted_without_an_open_round_it_waits_for_the_next(
    client, task_force, make_community, make_recommendation
):
    recommendation = make_recommendation(make_community(), by=task_force)
    client.force_login(task_force)

    submit(client, recommendation)

    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.SUBMITTED
    assert recommendation.round is None
    assert TransitionLog.objects.get(recommendation=recommendation, to_status="submitted").note == (
        "Waiting for the next review round"
    )


def test_after_submission_the_recommendation_is_read_only_to_its_recommender(
    client, task_force, make_community, make_round, make_recommendation
):
    recommendation = make_recommendation(
        make_community(), by=task_force, status=Recommendation.Status.SUBMITTED, round=make_round()
    )
    client.force_login(task_force)

    page = client.get(change_url(recommendation))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert 'value="submit"' not in page.content.decode()
    response = client.post(
        change_url(recommendation), add_data(recommendation.community, rationale="Changed")
    )

    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.rationale == "They ran three uptake events."


def test_submitting_twice_is_refused_with_a_message(
    client, task_force, make_community, make_round, make_recommendation
):
    recommendation = make_recommendation(
        make_community(), by=task_force, status=Recommendation.Status.SUBMITTED, round=make_round()
    )
    client.force_login(task_force)

    response = submit(client, recommendation)

    assert "Only a draft recommendation can be submitted." in response.content.decode()


def test_the_task_force_never_sees_decide_controls(
    client, task_force, make_community, make_round, make_recommendation
):
    review_round = make_round()
    make_recommendation(
        make_community(), by=task_force, status=Recommendation.Status.SUBMITTED, round=review_round
    )
    client.force_login(task_force)

    assert (
        client.get(reverse("admin:registry_reviewround_review", args=[review_round.pk])).status_code
        == 403
    )
    page = client.get(reverse("admin:registry_reviewround_change", args=[review_round.pk]))
    assert "decide" not in page.content.decode()


def test_the_service_itself_refuses_another_communitys_contributions(
    task_force, make_community, make_contribution
):
    from registry import services

    community = make_community()
    foreign = make_contribution(make_community())

    with pytest.raises(services.TransitionNotAllowed, match="recommended community's"):
        services.recommendation_create(
            community=community,
            user=task_force,
            task_force=TaskForce.objects.first(),
            rationale="Strong record.",
            conflict_of_interest="none",
            contributions=[foreign],
        )

    assert not Recommendation.objects.exists()


def test_no_recommend_link_while_a_recommendation_is_open(
    client, task_force, make_community, make_recommendation
):
    community = make_community()
    make_recommendation(community)
    client.force_login(task_force)

    page = client.get(reverse("admin:registry_community_change", args=[community.pk]))

    assert f"{ADD}?community={community.pk}" not in page.content.decode()


@pytest.fixture
def recognised(bureau, make_community, make_round, make_recommendation):
    """A community whose recommendation was endorsed (an active recognition)."""
    community = make_community("Pollinator network")
    recommendation = make_recommendation(
        community, status=Recommendation.Status.SUBMITTED, round=make_round()
    )
    services.recommendation_decide(
        recommendation=recommendation, user=bureau, decision="endorsed", note="Sustained work."
    )
    return community


def test_a_recognised_community_is_not_offered_nor_accepted_for_a_new_recommendation(
    client, task_force, recognised, make_community
):
    free = make_community("Pollinator alliance")
    client.force_login(task_force)

    found = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Pollinator",
            "app_label": "registry",
            "model_name": "recommendation",
            "field_name": "community",
        },
    )
    page = client.get(reverse("admin:registry_community_change", args=[recognised.pk]))
    response = client.post(ADD, add_data(recognised))

    assert [r["id"] for r in found.json()["results"]] == [str(free.pk)]
    assert f"{ADD}?community={recognised.pk}" not in page.content.decode()
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["community"] == [
        "This community is already recognised as a collaborative supporter."
    ]
    assert recognised.recommendations.count() == 1
