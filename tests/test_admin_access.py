"""Who reaches which admin page and action; forged POSTs change nothing."""

import pytest
from django.urls import reverse

from registry.models import (
    Community,
    Recognition,
    Recommendation,
    ReviewRound,
    Topic,
    TransitionLog,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "coordinator", "task_force", "bureau", "secretariat", "superuser"]


@pytest.fixture
def world(make_user, make_community, make_round, make_recommendation, bureau):
    """One of everything, so each admin URL has an object to point at."""
    from registry import services

    coordinator = make_user("coordinator@example.org")
    submitted = make_community(
        "Waiting network", status=Community.Status.SUBMITTED, owner=coordinator
    )
    review_round = make_round()
    open_one = make_recommendation(
        make_community("Recommended network", owner=coordinator),
        status=Recommendation.Status.SUBMITTED,
        round=review_round,
    )
    endorsed = make_recommendation(
        make_community("Recognised network"),
        status=Recommendation.Status.SUBMITTED,
        round=review_round,
    )
    services.recommendation_decide(
        recommendation=endorsed, user=bureau, decision="endorsed", note="Yes."
    )
    return {
        "coordinator": coordinator,
        "community": submitted,
        "round": review_round,
        "recommendation": open_one,
        "recognition": Recognition.objects.get(recommendation=endorsed),
        "log": TransitionLog.objects.first(),
        "topic": Topic.objects.first(),
    }


@pytest.fixture
def login(client, world, make_user, task_force, bureau, secretariat):
    def as_role(role):
        users = {
            "anonymous": None,
            "coordinator": world["coordinator"],
            "task_force": task_force,
            "bureau": bureau,
            "secretariat": secretariat,
            "superuser": make_user("root@example.org", superuser=True),
        }
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return as_role


# Expected status per role, in the order of ROLES. 302 = sent to the admin's sign-in.
GET_MATRIX = [
    ("admin:index", None, [302, 302, 200, 200, 200, 200]),
    ("admin:registry_community_changelist", None, [302, 302, 200, 200, 200, 200]),
    ("admin:registry_community_change", "community", [302, 302, 200, 200, 200, 200]),
    ("admin:registry_community_return", "community", [302, 302, 403, 403, 200, 200]),
    ("admin:registry_community_history", "community", [302, 302, 200, 200, 200, 200]),
    ("admin:registry_recommendation_changelist", None, [302, 302, 200, 200, 200, 200]),
    ("admin:registry_recommendation_add", None, [302, 302, 200, 403, 403, 403]),
    ("admin:registry_recommendation_change", "recommendation", [302, 302, 200, 200, 200, 200]),
    ("admin:registry_reviewround_add", None, [302, 302, 403, 200, 200, 200]),
    ("admin:registry_reviewround_review", "round", [302, 302, 403, 200, 200, 200]),
    ("admin:registry_reviewround_dossier", "round", [302, 302, 403, 200, 200, 200]),
    ("admin:registry_reviewround_dossier_csv", "round", [302, 302, 403, 200, 200, 200]),
    ("admin:registry_recognition_changelist", None, [302, 302, 200, 200, 200, 200]),
    ("admin:registry_recognition_withdraw", "recognition", [302, 302, 403, 200, 403, 403]),
    ("admin:registry_recognition_add", None, [302, 302, 403, 403, 403, 403]),
    ("admin:registry_transitionlog_changelist", None, [302, 302, 200, 200, 200, 200]),
    ("admin:registry_transitionlog_add", None, [302, 302, 403, 403, 403, 403]),
    ("admin:registry_transitionlog_delete", "log", [302, 302, 403, 403, 403, 403]),
    ("admin:registry_topic_add", None, [302, 302, 403, 403, 200, 200]),
    ("admin:registry_membership_changelist", None, [302, 302, 200, 200, 200, 200]),
    ("admin:registry_invitation_changelist", None, [302, 302, 403, 403, 200, 200]),
    ("admin:registry_user_changelist", None, [302, 302, 403, 403, 200, 200]),
    ("admin:auth_group_changelist", None, [302, 302, 403, 403, 200, 200]),
]


@pytest.mark.parametrize(("name", "subject", "expected"), GET_MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_by_role(login, world, name, subject, expected, role):
    client = login(role)
    url = reverse(name, args=[world[subject].pk] if subject else [])

    response = client.get(url)

    assert response.status_code == expected[ROLES.index(role)], url
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ["task_force", "bureau"])
def test_task_force_and_bureau_see_communities_read_only(login, world, role):
    client = login(role)

    response = client.get(reverse("admin:registry_community_change", args=[world["community"].pk]))

    assert not response.context["has_change_permission"]
    assert response.context["inline_admin_formsets"][0].opts.model is TransitionLog
    assert 'value="publish"' not in response.content.decode()


@pytest.mark.parametrize("role", ["task_force", "bureau"])
def test_reference_data_is_read_only_for_the_task_force_and_the_bureau(login, world, role):
    client = login(role)
    topic = world["topic"]
    url = reverse("admin:registry_topic_change", args=[topic.pk])

    assert not client.get(url).context["has_change_permission"]
    response = client.post(url, {"name": "Renamed", "slug": topic.slug, "position": 0})

    assert response.status_code == 403
    topic.refresh_from_db()
    assert topic.name != "Renamed"


def test_the_bureau_cannot_edit_a_community(login, world):
    client = login("bureau")
    community = world["community"]

    response = client.post(
        reverse("admin:registry_community_change", args=[community.pk]),
        {"name": "Taken over", "summary": "x", "slug": community.slug},
    )

    assert response.status_code == 403
    community.refresh_from_db()
    assert community.name == "Waiting network"


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "task_force", "bureau"])
def test_only_the_secretariat_can_publish(login, world, role):
    client = login(role)
    community = world["community"]

    client.post(
        reverse("admin:registry_community_changelist"),
        {"action": "publish", "index": 0, "post": "yes", "_selected_action": [community.pk]},
    )

    community.refresh_from_db()
    assert community.status == Community.Status.SUBMITTED


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("coordinator", 302), ("task_force", 403), ("secretariat", 403)],
)
def test_the_task_force_account_cannot_decide_a_recommendation(login, world, role, expected):
    client = login(role)
    recommendation = world["recommendation"]

    response = client.post(
        reverse("admin:registry_reviewround_decide", args=[world["round"].pk]),
        {"recommendations": [recommendation.pk], "decision": "endorsed", "note": "Me!"},
    )

    assert response.status_code == expected
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.SUBMITTED
    assert not Recognition.objects.filter(community=recommendation.community).exists()


def test_decide_accepts_post_only(login, world):
    client = login("bureau")

    response = client.get(reverse("admin:registry_reviewround_decide", args=[world["round"].pk]))

    assert response.status_code == 405


def test_forged_decision_fields_on_a_draft_are_ignored(login, world, task_force, make_community):
    client = login("task_force")
    community = make_community()
    recommendation = Recommendation.objects.create(
        community=community,
        task_force=world["recognition"].task_force,
        rationale="Draft.",
        conflict_of_interest="none",
        recommended_by=task_force,
    )

    response = client.post(
        reverse("admin:registry_recommendation_change", args=[recommendation.pk]),
        {
            "task_force": recommendation.task_force_id,
            "rationale": "Draft, edited.",
            "conflict_of_interest": "none",
            "status": "endorsed",
            "decision_note": "Self-endorsed",
            "decided_by": task_force.pk,
            "round": world["round"].pk,
            "transitions-TOTAL_FORMS": 0,
            "transitions-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.rationale == "Draft, edited."
    assert recommendation.status == Recommendation.Status.DRAFT
    assert recommendation.decision_note == "" and recommendation.decided_by is None
    assert recommendation.round is None


@pytest.mark.parametrize("role", ["bureau", "secretariat", "superuser"])
def test_nobody_edits_a_submitted_recommendation_in_the_change_form(login, world, role):
    client = login(role)
    recommendation = world["recommendation"]

    response = client.post(
        reverse("admin:registry_recommendation_change", args=[recommendation.pk]),
        {"status": "endorsed", "decision_note": "Forged", "rationale": "Forged"},
    )

    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.SUBMITTED
    assert recommendation.decision_note == ""


@pytest.mark.parametrize("role", ["bureau", "secretariat", "superuser"])
def test_the_transition_log_cannot_be_changed_or_deleted(login, world, role):
    client = login(role)
    entry = world["log"]

    changed = client.post(
        reverse("admin:registry_transitionlog_change", args=[entry.pk]), {"note": "Rewritten"}
    )
    deleted = client.post(
        reverse("admin:registry_transitionlog_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert changed.status_code == 403 and deleted.status_code == 403
    entry.refresh_from_db()
    assert entry.note != "Rewritten"


def test_the_secretariat_cannot_make_anyone_a_superuser(login, world, secretariat):
    client = login("secretariat")
    coordinator = world["coordinator"]
    url = reverse("admin:registry_user_change", args=[coordinator.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "display_name": coordinator.display_name,
            "email": coordinator.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    coordinator.refresh_from_db()
    assert coordinator.is_staff  # the Secretariat may add staff users
    assert not coordinator.is_superuser


def test_a_task_force_member_cannot_open_or_close_a_round(login, world):
    client = login("task_force")

    opened = client.post(
        reverse("admin:registry_reviewround_add"), {"title": "Mine", "meeting_date": "2027-01-01"}
    )
    client.post(
        reverse("admin:registry_reviewround_changelist"),
        {"action": "close", "index": 0, "post": "yes", "_selected_action": [world["round"].pk]},
    )

    assert opened.status_code == 403
    assert ReviewRound.objects.filter(status=ReviewRound.Status.OPEN).count() == 1


def test_every_registry_model_has_its_admin():
    from django.apps import apps
    from django.contrib import admin

    from registry.models import links, tallies

    derived = links.DERIVED + tallies.DERIVED
    models = [
        model
        for model in apps.get_app_config("registry").get_models()
        if not model.__name__.startswith("Historical") and model not in derived
    ]

    assert [m.__name__ for m in models if not admin.site.is_registered(m)] == []


ACTIONS = {
    # changelist: (task force, Bureau, Secretariat)
    "admin:registry_community_changelist": (set(), set(), {"publish", "archive", "remind_now"}),
    "admin:registry_recommendation_changelist": ({"submit"}, set(), set()),
    "admin:registry_reviewround_changelist": (set(), {"close"}, {"close"}),
    "admin:registry_recognition_changelist": (set(), set(), set()),
    "admin:registry_transitionlog_changelist": (set(), set(), set()),
}


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("role", ["task_force", "bureau", "secretariat"])
def test_each_role_is_offered_only_its_own_actions(login, world, name, role):
    client = login(role)

    response = client.get(reverse(name))

    # The admin passes no action form at all when a role has no action.
    action_form = response.context["action_form"]
    choices = action_form.fields["action"].choices if action_form else []
    offered = {value for value, _ in choices if value}
    assert offered == ACTIONS[name][["task_force", "bureau", "secretariat"].index(role)]


@pytest.mark.parametrize(
    ("role", "status"),
    [("task_force", 403), ("bureau", 403), ("secretariat", 403), ("superuser", 200)],
)
def test_subscribers_addresses_are_for_superusers_only(login, world, role, status):
    url = reverse("admin:registry_subscription_changelist")
    assert login(role).get(url).status_code == status
