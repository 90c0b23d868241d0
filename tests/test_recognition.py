"""The Bureau decides on the review page; endorsing recognises; a recognition can be
withdrawn and stays on record."""

import pytest
from django.urls import reverse

from registry.models import Recognition, Recommendation, ReviewRound, TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(make_user, make_community, make_round, make_recommendation):
    """A submitted recommendation in the open round, with a coordinator and a recommender."""
    owner = make_user("owner@example.org")
    recommender = make_user("recommender@example.org", groups=["Task force"])
    return make_recommendation(
        make_community("Pollinator network", owner=owner),
        by=recommender,
        status=Recommendation.Status.SUBMITTED,
        round=make_round(),
    )


def decide(client, recommendation, decision="endorsed", note="Sustained work.", **extra):
    url = reverse("admin:registry_reviewround_decide", args=[recommendation.round_id])
    data = {
        "recommendations": [recommendation.pk],
        "decision": decision,
        "note": note,
        "form_for": str(recommendation.pk),
        **extra,
    }
    return client.post(url, data)


def test_endorsing_creates_the_recognition_and_tells_coordinators_and_recommender(
    client, bureau, submitted, sent_mail
):
    client.force_login(bureau)

    response = decide(client, submitted)

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Recommendation.Status.ENDORSED
    assert submitted.decided_by == bureau and submitted.decision_note == "Sustained work."
    recognition = Recognition.objects.get(community=submitted.community)
    assert recognition.round == submitted.round and recognition.is_active
    mail = sent_mail()
    recipients = {address for message in mail for address in message.to}
    assert {"owner@example.org", "recommender@example.org"} <= recipients
    assert mail[0].subject == "Recommendation endorsed: Pollinator network"
    assert "Sustained work." in mail[0].body


@pytest.mark.parametrize("decision", ["declined", "deferred"])
def test_declining_or_deferring_records_the_note_and_creates_no_recognition(
    client, bureau, submitted, sent_mail, decision
):
    client.force_login(bureau)

    decide(client, submitted, decision=decision, note="Not enough evidence yet.")

    submitted.refresh_from_db()
    assert submitted.status == decision
    assert submitted.decision_note == "Not enough evidence yet."
    assert not Recognition.objects.exists()
    notices = [m for m in sent_mail() if "Not enough evidence yet." in m.body]
    assert {address for m in notices for address in m.to} == {
        "owner@example.org",
        "recommender@example.org",
    }


def test_a_deferred_recommendation_moves_to_the_next_round(client, bureau, submitted):
    client.force_login(bureau)

    decide(client, submitted, decision="deferred", note="Revisit after the nexus uptake.")
    client.post(
        reverse("admin:registry_reviewround_changelist"),
        {"action": "close", "index": 0, "post": "yes", "_selected_action": [submitted.round_id]},
    )
    client.post(
        reverse("admin:registry_reviewround_add"),
        {"title": "Next meeting", "meeting_date": "2027-06-01"},
    )

    submitted.refresh_from_db()
    assert submitted.status == Recommendation.Status.SUBMITTED
    assert submitted.round == ReviewRound.objects.get(status=ReviewRound.Status.OPEN)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"note": ""}, "note"),
        ({"decision": ""}, "decision"),
        ({"decision": "published"}, "decision"),
    ],
)
def test_a_decision_needs_a_valid_choice_and_a_note(client, bureau, submitted, data, field):
    client.force_login(bureau)

    response = decide(client, submitted, **data)

    assert response.status_code == 400
    assert field in response.context["failed_form"].errors
    assert f'id="{field}-{submitted.pk}-error"' in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Recommendation.Status.SUBMITTED
    assert not TransitionLog.objects.filter(recommendation=submitted).exists()


def test_decided_recommendations_are_read_only(client, bureau, submitted):
    client.force_login(bureau)
    decide(client, submitted, decision="declined", note="No.")

    page = client.get(reverse("admin:registry_reviewround_review", args=[submitted.round_id]))
    again = decide(client, submitted, decision="endorsed", note="Changed my mind.")

    assert 'name="decision"' not in page.content.decode()
    assert again.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Recommendation.Status.DECLINED
    assert not Recognition.objects.exists()
    messages = [str(m) for m in again.wsgi_request._messages]
    assert any("already been decided (Declined)" in m for m in messages)


def test_bulk_decision_decides_several_with_one_note(
    client, bureau, make_community, make_round, make_recommendation
):
    review_round = make_round()
    first, second, untouched = (
        make_recommendation(
            make_community(), status=Recommendation.Status.SUBMITTED, round=review_round
        )
        for _ in range(3)
    )
    client.force_login(bureau)

    page = client.get(reverse("admin:registry_reviewround_review", args=[review_round.pk]))
    assert 'form="bulk-decision"' in page.content.decode()
    client.post(
        reverse("admin:registry_reviewround_decide", args=[review_round.pk]),
        {
            "recommendations": [first.pk, second.pk],
            "decision": "endorsed",
            "note": "Both lead on capacity-building.",
            "form_for": "bulk",
        },
    )

    statuses = dict(Recommendation.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "endorsed", second.pk: "endorsed", untouched.pk: "submitted"}
    assert Recognition.objects.count() == 2


def test_bulk_decision_without_a_selection_is_refused(client, bureau, submitted):
    client.force_login(bureau)

    response = client.post(
        reverse("admin:registry_reviewround_decide", args=[submitted.round_id]),
        {"decision": "endorsed", "note": "All good.", "form_for": "bulk"},
    )

    assert response.status_code == 400
    assert "Select at least one recommendation." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Recommendation.Status.SUBMITTED


def test_a_recommendation_of_another_round_cannot_be_decided_through_this_one(
    client, bureau, submitted, make_round
):
    other_round = make_round(status=ReviewRound.Status.CLOSED)
    client.force_login(bureau)

    response = client.post(
        reverse("admin:registry_reviewround_decide", args=[other_round.pk]),
        {"recommendations": [submitted.pk], "decision": "endorsed", "note": "Sneaky."},
    )

    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == Recommendation.Status.SUBMITTED


def endorse(bureau, submitted):
    from registry import services

    services.recommendation_decide(
        recommendation=submitted, user=bureau, decision="endorsed", note="Yes."
    )
    return Recognition.objects.get(recommendation=submitted)


def test_withdrawing_a_recognition_keeps_it_on_record(client, bureau, submitted, sent_mail):
    recognition = endorse(bureau, submitted)
    client.force_login(bureau)
    url = reverse("admin:registry_recognition_withdraw", args=[recognition.pk])

    page = client.get(reverse("admin:registry_recognition_change", args=[recognition.pk]))
    assert url in page.content.decode()
    response = client.post(url, {"reason": "The community has dissolved."})

    assert response.status_code == 302
    recognition.refresh_from_db()
    assert not recognition.is_active
    assert recognition.withdrawal_reason == "The community has dissolved."
    assert recognition.withdrawn_by == bureau
    assert Recognition.objects.filter(pk=recognition.pk).exists()
    assert TransitionLog.objects.filter(recognition=recognition, to_status="withdrawn").exists()
    assert any(
        "owner@example.org" in m.to and "The community has dissolved." in m.body
        for m in sent_mail()
    )


def test_withdrawing_needs_a_reason(client, bureau, submitted):
    recognition = endorse(bureau, submitted)
    client.force_login(bureau)

    response = client.post(
        reverse("admin:registry_recognition_withdraw", args=[recognition.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Give the reason."]
    recognition.refresh_from_db()
    assert recognition.is_active


def test_withdrawing_twice_is_refused_with_a_message(client, bureau, submitted):
    recognition = endorse(bureau, submitted)
    client.force_login(bureau)
    url = reverse("admin:registry_recognition_withdraw", args=[recognition.pk])
    client.post(url, {"reason": "Dissolved."})

    response = client.post(url, {"reason": "Again."}, follow=True)

    assert "already been withdrawn" in response.content.decode()
    recognition.refresh_from_db()
    assert recognition.withdrawal_reason == "Dissolved."


@pytest.mark.parametrize("role", ["task_force", "secretariat"])
def test_only_the_bureau_withdraws_a_recognition(request, client, bureau, submitted, role):
    recognition = endorse(bureau, submitted)
    client.force_login(request.getfixturevalue(role))
    url = reverse("admin:registry_recognition_withdraw", args=[recognition.pk])

    page = client.get(reverse("admin:registry_recognition_change", args=[recognition.pk]))
    assert url not in page.content.decode()
    assert client.post(url, {"reason": "No."}).status_code == 403
    recognition.refresh_from_db()
    assert recognition.is_active


def test_the_review_page_and_its_errors_are_valid_html(
    client, bureau, make_community, make_contribution, make_round, make_recommendation, tmp_path
):
    from tests.html_validity import validate_html

    review_round = make_round()
    for _ in range(2):
        community = make_community()
        contribution = make_contribution(community, evidence_url="https://example.org/event")
        recommendation = make_recommendation(
            community, status=Recommendation.Status.SUBMITTED, round=review_round
        )
        recommendation.supporting_contributions.add(contribution)
    client.force_login(bureau)
    decide_url = reverse("admin:registry_reviewround_decide", args=[review_round.pk])

    pages = {
        "review": client.get(reverse("admin:registry_reviewround_review", args=[review_round.pk])),
        "one_with_errors": client.post(
            decide_url, {"recommendations": [recommendation.pk], "form_for": recommendation.pk}
        ),
        "bulk_with_errors": client.post(decide_url, {"form_for": "bulk", "note": ""}),
    }

    assert validate_html({name: r.content for name, r in pages.items()}, tmp_path) == []
