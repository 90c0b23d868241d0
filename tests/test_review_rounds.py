"""Review rounds in the admin: opened and closed by the Bureau or the Secretariat."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Recommendation, ReviewRound, TransitionLog

pytestmark = pytest.mark.django_db

ADD = reverse("admin:registry_reviewround_add")
CHANGELIST = reverse("admin:registry_reviewround_changelist")


def close(client, review_round, back=False):
    data = {"action": "close", "index": 0, "post": "yes", "_selected_action": [review_round.pk]}
    if back:
        data["_back_to_object"] = "1"
    return client.post(CHANGELIST, data, follow=True)


@pytest.mark.parametrize("role", ["bureau", "secretariat"])
def test_bureau_and_secretariat_open_a_round(request, client, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    response = client.post(ADD, {"title": "Bureau meeting, May 2027", "meeting_date": "2027-05-10"})

    assert response.status_code == 302
    review_round = ReviewRound.objects.get()
    assert review_round.status == ReviewRound.Status.OPEN
    assert review_round.meeting_date == datetime.date(2027, 5, 10)
    assert TransitionLog.objects.get(review_round=review_round).actor == user


def test_opening_a_round_moves_waiting_and_deferred_recommendations_into_it(
    client, bureau, make_community, make_round, make_recommendation
):
    waiting = make_recommendation(make_community(), status=Recommendation.Status.SUBMITTED)
    earlier = make_round(status=ReviewRound.Status.CLOSED)
    deferred = make_recommendation(
        make_community(),
        status=Recommendation.Status.DEFERRED,
        round=earlier,
        decided_by=bureau,
        decided_at=earlier.opened_at,
    )
    client.force_login(bureau)

    client.post(ADD, {"title": "Next meeting", "meeting_date": "2027-05-10"})

    review_round = ReviewRound.objects.get(status=ReviewRound.Status.OPEN)
    waiting.refresh_from_db()
    deferred.refresh_from_db()
    assert waiting.round == review_round
    assert deferred.round == review_round
    assert deferred.status == Recommendation.Status.SUBMITTED
    # Undecided again: the deferral stays on record in the transition log only.
    assert (deferred.decided_by, deferred.decided_at, deferred.decision_note) == (None, None, "")
    assert deferred.transitions.filter(to_status=Recommendation.Status.SUBMITTED).exists()


def test_a_second_open_round_is_refused_on_the_form(client, bureau, make_round):
    make_round()
    client.force_login(bureau)

    response = client.post(ADD, {"title": "Another", "meeting_date": "2027-05-10"})

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Close the open review round before opening another."
    ]
    assert ReviewRound.objects.count() == 1


def test_the_round_form_requires_a_title_and_a_date(client, bureau):
    client.force_login(bureau)

    response = client.post(ADD, {"title": "", "meeting_date": "not a date"})

    errors = response.context["adminform"].form.errors
    assert "title" in errors and "meeting_date" in errors
    assert not ReviewRound.objects.exists()


def test_a_round_with_undecided_recommendations_cannot_close(
    client, bureau, make_community, make_round, make_recommendation
):
    review_round = make_round()
    make_recommendation(
        make_community(), status=Recommendation.Status.SUBMITTED, round=review_round
    )
    client.force_login(bureau)

    response = close(client, review_round)

    assert "1 recommendation(s) in this round are not yet decided" in response.content.decode()
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.OPEN


@pytest.mark.parametrize("role", ["bureau", "secretariat"])
def test_a_round_closes_once_everything_is_decided(request, client, role, make_round):
    review_round = make_round()
    client.force_login(request.getfixturevalue(role))

    response = close(client, review_round, back=True)

    assert response.redirect_chain[-1][0] == reverse(
        "admin:registry_reviewround_change", args=[review_round.pk]
    )
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.CLOSED
    assert review_round.closed_at is not None


def test_a_closed_round_is_read_only(client, bureau, make_round):
    review_round = make_round(status=ReviewRound.Status.CLOSED)
    url = reverse("admin:registry_reviewround_change", args=[review_round.pk])
    client.force_login(bureau)

    page = client.get(url)
    response = client.post(url, {"title": "Renamed", "meeting_date": "2027-01-01"})

    assert not page.context["has_change_permission"]
    assert 'value="close"' not in page.content.decode()
    assert response.status_code == 403
    review_round.refresh_from_db()
    assert review_round.title != "Renamed"


def test_the_task_force_sees_rounds_but_cannot_open_or_close_them(client, task_force, make_round):
    review_round = make_round()
    client.force_login(task_force)

    assert client.get(CHANGELIST).status_code == 200
    assert client.post(ADD, {"title": "Mine", "meeting_date": "2027-01-01"}).status_code == 403
    close(client, review_round)

    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.OPEN
    assert ReviewRound.objects.count() == 1


def test_the_review_page_shows_each_recommendation_with_its_evidence(
    client,
    bureau,
    make_community,
    make_contribution,
    make_impact_example,
    make_round,
    make_recommendation,
):
    review_round = make_round()
    community = make_community(
        "Pollinator network", summary="Farmers and scientists.", functions=["building-capacity"]
    )
    cited = make_contribution(community, title="Uptake event in Nairobi")
    make_contribution(community, title="A webinar")
    make_impact_example(community, title="National pollinator strategy")
    recommendation = make_recommendation(
        community,
        status=Recommendation.Status.SUBMITTED,
        round=review_round,
        rationale="Sustained <uptake> work.",
        conflict_of_interest="I advised them in 2023.",
    )
    recommendation.supporting_contributions.add(cited)
    client.force_login(bureau)

    response = client.get(reverse("admin:registry_reviewround_review", args=[review_round.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Pollinator network",
        "Farmers and scientists.",
        "Pollination and pollinators",
        "Building capacity",
        "A webinar",
        "National pollinator strategy",
        "Sustained &lt;uptake&gt; work.",
        "I advised them in 2023.",
    ):
        assert text in html
    assert '<li class="supporting">' in html
    assert html.index("Supporting") < html.index("Uptake event in Nairobi")
    assert 'name="decision"' in html


def test_the_secretariat_sees_the_review_page_without_decision_forms(
    client, secretariat, make_community, make_round, make_recommendation
):
    review_round = make_round()
    make_recommendation(
        make_community(), status=Recommendation.Status.SUBMITTED, round=review_round
    )
    client.force_login(secretariat)

    response = client.get(reverse("admin:registry_reviewround_review", args=[review_round.pk]))

    assert response.status_code == 200
    assert 'name="decision"' not in response.content.decode()


def test_the_review_page_query_count_does_not_grow_with_recommendations(
    client,
    bureau,
    make_community,
    make_contribution,
    make_impact_example,
    make_round,
    make_recommendation,
    django_assert_max_num_queries,
):
    review_round = make_round()
    url = reverse("admin:registry_reviewround_review", args=[review_round.pk])
    client.force_login(bureau)

    def add_recommendations(count):
        for _ in range(count):
            community = make_community(functions=["policy-support"], regions=["africa"])
            cited = make_contribution(community)
            make_impact_example(community)
            recommendation = make_recommendation(
                community, status=Recommendation.Status.SUBMITTED, round=review_round
            )
            recommendation.supporting_contributions.add(cited)

    add_recommendations(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_recommendations(6)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["entries"]) == 8


def test_the_next_round_shows_the_bureau_why_a_recommendation_was_deferred(
    client, bureau, make_community, make_round, make_recommendation
):
    from registry import services

    first = make_round("Bureau meeting, May 2026")
    recommendation = make_recommendation(
        make_community("Deferred network"), status=Recommendation.Status.SUBMITTED, round=first
    )
    services.recommendation_decide(
        recommendation=recommendation,
        user=bureau,
        decision=Recommendation.Status.DEFERRED,
        note="Show the data you provided.",
    )
    services.round_close(review_round=first, user=bureau)
    second = services.round_open(
        user=bureau, title="Bureau meeting, Nov 2026", meeting_date=datetime.date(2026, 11, 30)
    )
    client.force_login(bureau)

    html = client.get(reverse("admin:registry_reviewround_review", args=[second.pk])).content
    html = html.decode()

    assert "Earlier deferrals" in html
    assert "Show the data you provided." in html
