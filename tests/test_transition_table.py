"""The transition table (registry/services/transitions.py): who may make which status
change from which status, as allowed_transitions answers it; that the services accept
exactly what it offers; and that no other module keeps a list of statuses."""

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from registry import services
from registry.models import (
    Community,
    Membership,
    Recognition,
    Recommendation,
    ReviewRound,
    TaskForce,
)
from registry.services import transitions

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
ACTORS = ["anonymous", "stranger", "owner", "editor", "task_force", "bureau", "secretariat"]

# DESIGN.md's workflow, written out independently of the table it checks:
# transition -> (the statuses it starts from, who may make it).
COMMUNITY_RULES = {
    "submit": ({"draft", "returned"}, {"owner", "secretariat"}),
    "publish": ({"submitted", "archived"}, {"secretariat"}),
    "return": ({"submitted"}, {"secretariat"}),
    "archive": ({"published"}, {"owner", "secretariat"}),
    # "A coordinator last confirmed it": any coordinator, or the Secretariat. Bringing
    # back one the registry archived as unconfirmed is an owner's (test below).
    "confirm": ({"published"}, {"owner", "editor", "secretariat"}),
    "recommend": ({"published"}, {"task_force"}),
}
RECOMMENDATION_RULES = {
    "edit": ({"draft"}, {"drafter"}),
    "submit": ({"draft"}, {"drafter"}),
    "endorse": ({"in_open_round"}, {"bureau"}),
    "decline": ({"in_open_round"}, {"bureau"}),
    "defer": ({"in_open_round"}, {"bureau"}),
}
RECOMMENDATION_ACTORS = ["anonymous", "owner", "drafter", "task_force", "bureau", "secretariat"]
RECOMMENDATION_STATES = [
    "draft",
    "in_open_round",
    "waiting_for_a_round",
    "in_closed_round",
    "endorsed",
    "declined",
    "deferred",
]


def expected(rules, state, actor):
    return {name for name, (states, actors) in rules.items() if state in states and actor in actors}


@pytest.fixture
def people(make_user, task_force, bureau, secretariat):
    return {
        "anonymous": AnonymousUser(),
        "stranger": make_user("someone@example.org"),
        "owner": make_user("owner@example.org"),
        "editor": make_user("editor@example.org"),
        "task_force": task_force,
        "drafter": make_user("drafter@example.org", groups=["Task force"]),
        "bureau": bureau,
        "secretariat": secretariat,
    }


@pytest.fixture
def community_of(people, make_community):
    """A community in a given status, coordinated by the owner and the editor."""

    def make(status):
        community = make_community(status=status, owner=people["owner"])
        Membership.objects.create(
            user=people["editor"], community=community, role=Membership.Role.EDITOR
        )
        return community

    return make


@pytest.fixture
def recommendation_in(people, community_of, make_recommendation, make_round):
    """A recommendation drafted by the drafter, in one of RECOMMENDATION_STATES."""

    def make(state):
        community = community_of(Community.Status.PUBLISHED)
        fields = {"by": people["drafter"]}
        if state == "in_open_round":
            open_round = services.open_round() or make_round()
            fields.update(status=Recommendation.Status.SUBMITTED, round=open_round)
        elif state == "waiting_for_a_round":
            fields.update(status=Recommendation.Status.SUBMITTED)
        elif state == "in_closed_round":
            closed = make_round(status=ReviewRound.Status.CLOSED)
            fields.update(status=Recommendation.Status.SUBMITTED, round=closed)
        elif state != "draft":
            decided_in = make_round(status=ReviewRound.Status.CLOSED)
            fields.update(
                status=state,
                round=decided_in,
                decided_by=people["bureau"],
                decided_at=timezone.now(),
                decision_note="Decided.",
            )
        return make_recommendation(community, **fields)

    return make


# --- Communities ----------------------------------------------------------------------


@pytest.mark.parametrize("status", Community.Status.values)
@pytest.mark.parametrize("actor", ACTORS)
def test_each_person_is_offered_the_community_transitions_of_the_workflow(
    people, community_of, status, actor
):
    community = community_of(status)

    allowed = transitions.allowed_transitions(people[actor], community)

    assert set(allowed) == expected(COMMUNITY_RULES, status, actor)


def _make_community_transition(name, community, user):
    if name == "submit":
        return services.community_submit(community=community, user=user)
    if name == "publish":
        return services.community_publish(community=community, user=user)
    if name == "return":
        return services.community_return(community=community, user=user, reason="Add topics.")
    if name == "archive":
        return services.community_archive(community=community, user=user)
    if name == "confirm":
        return services.community_confirm(community=community, user=user)
    if name == "recommend":
        return services.recommendation_create(
            community=community,
            user=user,
            task_force=TaskForce.objects.first(),
            rationale="Three uptake events.",
            conflict_of_interest="none",
        )
    raise AssertionError(name)


@pytest.mark.parametrize("status", Community.Status.values)
@pytest.mark.parametrize("actor", ACTORS)
def test_the_community_services_accept_exactly_what_the_table_offers(
    people, community_of, status, actor
):
    for name in COMMUNITY_RULES:
        community = community_of(status)
        offered = name in transitions.allowed_transitions(people[actor], community)
        try:
            _make_community_transition(name, community, people[actor])
        except services.TransitionNotAllowed:
            accepted = False
        else:
            accepted = True
        assert accepted == offered, (name, status, actor)


def test_each_community_transition_leads_to_its_row_target_and_is_logged(people, community_of):
    community = community_of(Community.Status.DRAFT)
    for name, user in [
        ("submit", people["owner"]),
        ("return", people["secretariat"]),
        ("submit", people["owner"]),
        ("publish", people["secretariat"]),
        ("archive", people["owner"]),
        ("publish", people["secretariat"]),
    ]:
        before = Community.objects.get(pk=community.pk).status
        _make_community_transition(name, community, user)
        community.refresh_from_db()
        entry = community.transitions.order_by("-pk").first()
        assert community.status == transitions.transition(community, name).target
        assert (entry.from_status, entry.to_status, entry.actor) == (before, community.status, user)


def _archived_by_the_registry(community_of):
    """A community archived for want of confirmation: two years unconfirmed, twice
    reminded, then archived by the registry's own transition."""
    community = community_of(Community.Status.PUBLISHED)
    long_ago = timezone.now() - timedelta(days=800)
    Community.objects.filter(pk=community.pk).update(
        confirmed_at=long_ago, reminders_sent=2, reminded_at=long_ago
    )
    return services.community_archive_unconfirmed(community=community)


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_registry_archives_for_want_of_confirmation_and_an_owner_brings_it_back(
    people, community_of, actor
):
    published = community_of(Community.Status.PUBLISHED)
    archived = _archived_by_the_registry(community_of)

    assert "archive_unconfirmed" not in transitions.allowed_transitions(people[actor], published)
    assert transitions.may(None, published, "archive_unconfirmed")
    assert set(transitions.allowed_transitions(people[actor], archived)) == (
        expected(COMMUNITY_RULES, "archived", actor)
        | ({"confirm"} if actor in ("owner", "secretariat") else set())
    )
    try:
        services.community_confirm(community=archived, user=people[actor])
    except services.TransitionNotAllowed:
        accepted = False
    else:
        accepted = True
    assert accepted == (actor in ("owner", "secretariat"))


def test_a_community_archived_by_a_person_is_not_brought_back_by_confirming(people, community_of):
    community = community_of(Community.Status.PUBLISHED)
    community = services.community_archive(community=community, user=people["owner"])

    assert transitions.refusal(people["owner"], community, "confirm") == (
        "Only the Secretariat can publish this archived community again."
    )
    with pytest.raises(services.TransitionNotAllowed):
        services.community_confirm(community=community, user=people["owner"])


def test_a_community_without_a_topic_is_offered_submission_and_told_why_it_is_refused(
    people, make_community
):
    community = make_community(status=Community.Status.DRAFT, owner=people["owner"], topics=())

    assert transitions.may(people["owner"], community, "submit")
    assert transitions.refusal(people["owner"], community, "submit") == (
        "Choose at least one topic before submitting."
    )
    with pytest.raises(services.TransitionNotAllowed, match="at least one topic"):
        services.community_submit(community=community, user=people["owner"])


def test_the_refusal_names_the_actor_first_then_the_state(people, community_of):
    draft = community_of(Community.Status.DRAFT)

    assert transitions.refusal(people["editor"], draft, "publish") == (
        "Only the Secretariat can publish a community."
    )
    assert transitions.refusal(people["secretariat"], draft, "publish") == (
        "Only a submitted or archived community can be published."
    )
    assert transitions.refusal(people["secretariat"], draft, "submit") == ""


# --- Recommending a community ------------------------------------------------------------


def test_a_community_with_an_open_recommendation_is_not_offered_for_another(
    people, community_of, make_recommendation
):
    community = community_of(Community.Status.PUBLISHED)
    make_recommendation(community, by=people["drafter"])

    assert "recommend" not in transitions.allowed_transitions(people["task_force"], community)
    assert transitions.refusal(people["task_force"], community, "recommend") == (
        "This community already has an open recommendation."
    )


def test_a_recognised_community_is_offered_again_only_once_its_recognition_is_withdrawn(
    people, community_of, make_recommendation, make_round
):
    community = community_of(Community.Status.PUBLISHED)
    recommendation = make_recommendation(
        community, by=people["drafter"], status="submitted", round=make_round()
    )
    services.recommendation_decide(
        recommendation=recommendation, user=people["bureau"], decision="endorsed", note="Yes."
    )
    recognition = Recognition.objects.get(community=community)

    assert not transitions.may(people["task_force"], community, "recommend")
    assert transitions.refusal(people["task_force"], community, "recommend") == (
        "This community is already recognised as a collaborative supporter."
    )

    services.recognition_withdraw(recognition=recognition, user=people["bureau"], reason="Gone.")

    assert transitions.may(people["task_force"], community, "recommend")


def test_the_admin_community_search_offers_what_the_table_lets_a_task_force_member_recommend(
    people, community_of, make_recommendation, make_round
):
    communities = [community_of(status) for status in Community.Status.values]
    with_draft = community_of(Community.Status.PUBLISHED)
    make_recommendation(with_draft, by=people["drafter"])
    recognised = community_of(Community.Status.PUBLISHED)
    services.recommendation_decide(
        recommendation=make_recommendation(
            recognised, by=people["drafter"], status="submitted", round=make_round()
        ),
        user=people["bureau"],
        decision="endorsed",
        note="Yes.",
    )
    everyone = [*communities, with_draft, recognised]

    found = set(transitions.communities_open_to_recommendation(Community.objects.all()))

    assert found == {c for c in everyone if transitions.may(people["task_force"], c, "recommend")}
    assert found == {communities[Community.Status.values.index("published")]}


# --- Recommendations ---------------------------------------------------------------------


@pytest.mark.parametrize("state", RECOMMENDATION_STATES)
@pytest.mark.parametrize("actor", RECOMMENDATION_ACTORS)
def test_each_person_is_offered_the_recommendation_transitions_of_the_workflow(
    people, recommendation_in, state, actor
):
    recommendation = recommendation_in(state)

    allowed = transitions.allowed_transitions(people[actor], recommendation)

    assert set(allowed) == expected(RECOMMENDATION_RULES, state, actor)


def _make_recommendation_transition(name, recommendation, user):
    if name == "edit":
        return services.recommendation_set_evidence(
            recommendation=recommendation, user=user, contributions=[]
        )
    if name == "submit":
        return services.recommendation_submit(recommendation=recommendation, user=user)
    decision = transitions.transition(recommendation, name).target
    return services.recommendation_decide(
        recommendation=recommendation, user=user, decision=decision, note="Considered."
    )


@pytest.mark.parametrize("state", RECOMMENDATION_STATES)
@pytest.mark.parametrize("actor", RECOMMENDATION_ACTORS)
def test_the_recommendation_services_accept_exactly_what_the_table_offers(
    people, recommendation_in, state, actor
):
    for name in RECOMMENDATION_RULES:
        recommendation = recommendation_in(state)
        offered = name in transitions.allowed_transitions(people[actor], recommendation)
        try:
            _make_recommendation_transition(name, recommendation, people[actor])
        except services.TransitionNotAllowed:
            accepted = False
        else:
            accepted = True
        assert accepted == offered, (name, state, actor)


def test_each_decision_is_the_row_of_the_status_it_leads_to():
    assert {status: row.name for status, row in transitions.DECISIONS.items()} == {
        "endorsed": "endorse",
        "declined": "decline",
        "deferred": "defer",
    }
    assert set(transitions.DECISIONS) == set(Recommendation.DECISIONS)


def test_a_draft_of_an_unpublished_community_is_offered_for_submission_but_refused_with_why(
    people, recommendation_in
):
    recommendation = recommendation_in("draft")
    Community.objects.filter(pk=recommendation.community_id).update(
        status=Community.Status.ARCHIVED
    )
    recommendation.refresh_from_db()

    assert transitions.may(people["drafter"], recommendation, "submit")
    with pytest.raises(services.TransitionNotAllowed, match="Only a published community"):
        services.recommendation_submit(recommendation=recommendation, user=people["drafter"])


# --- Rounds and recognitions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "offered"),
    [("bureau", True), ("secretariat", True), ("task_force", False), ("owner", False)],
)
def test_a_round_is_offered_for_opening_to_the_bureau_and_the_secretariat_while_none_is_open(
    people, make_round, actor, offered
):
    assert transitions.allowed_transitions(people[actor], ReviewRound) == (
        ["open"] if offered else []
    )

    make_round()

    assert transitions.allowed_transitions(people[actor], ReviewRound) == []


def test_an_open_round_with_undecided_recommendations_is_offered_for_closing_and_told_why_not(
    people, recommendation_in
):
    review_round = recommendation_in("in_open_round").round

    assert transitions.allowed_transitions(people["bureau"], review_round) == ["close"]
    assert transitions.allowed_transitions(people["task_force"], review_round) == []
    assert transitions.refusal(people["bureau"], review_round, "close") == (
        "1 recommendation(s) in this round are not yet decided or deferred."
    )


def test_a_recognition_is_offered_for_withdrawal_to_the_bureau_while_it_is_active(
    people, recommendation_in
):
    recommendation = recommendation_in("in_open_round")
    services.recommendation_decide(
        recommendation=recommendation, user=people["bureau"], decision="endorsed", note="Yes."
    )
    recognition = Recognition.objects.get(recommendation=recommendation)

    assert transitions.allowed_transitions(people["bureau"], recognition) == ["withdraw"]
    assert transitions.allowed_transitions(people["secretariat"], recognition) == []

    services.recognition_withdraw(recognition=recognition, user=people["bureau"], reason="Gone.")
    recognition.refresh_from_db()

    assert transitions.allowed_transitions(people["bureau"], recognition) == []


def test_transitions_made_only_within_another_are_never_offered_on_their_own(
    people, recommendation_in
):
    deferred = recommendation_in("deferred")

    assert transitions.CARRY_OVER.part_of == "open"
    assert "carry_over" not in transitions.allowed_transitions(people["bureau"], deferred)
    assert "recognise" not in transitions.allowed_transitions(people["bureau"], Recognition)


def test_every_notice_the_table_names_has_its_subject_and_body_templates():
    templates = ROOT / "templates" / "registry" / "email"
    notices = {row.notice for row in transitions.TRANSITIONS if row.notice}

    assert notices == {
        "community_submitted",
        "community_published",
        "community_returned",
        "community_archived",
        "community_archived_unconfirmed",
        "recommendation_submitted",
        "recommendation_decided",
        "recognition_withdrawn",
    }
    for notice in notices:
        assert (templates / f"{notice}_subject.txt").exists()
        assert (templates / f"{notice}_body.txt").exists()


# --- One place for each rule ------------------------------------------------------------

STATUS_LIST_ALLOWED = {
    Path("registry/services/transitions.py"),
}


def _is_status(node):
    """``Community.Status.DRAFT``, ``Status.DRAFT``, ``RecStatus.DRAFT`` and the like."""
    if not isinstance(node, ast.Attribute):
        return False
    owner = node.value
    if isinstance(owner, ast.Attribute):
        return owner.attr == "Status"
    return isinstance(owner, ast.Name) and owner.id.endswith("Status")


STATUS_VALUES = {
    *Community.Status.values,
    *Recommendation.Status.values,
    *ReviewRound.Status.values,
    transitions.ACTIVE,
    transitions.WITHDRAWN,
}


def _is_status_value(node):
    return _is_status(node) or (isinstance(node, ast.Constant) and node.value in STATUS_VALUES)


def _status_lists(tree):
    """(line, what) for each literal list of two or more statuses (as ``Status.X`` or as
    their values), and each ``status__in=`` given a literal list of statuses. A list
    built from the table's rows (``row.sources``) is the table's, and passes."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            statuses = [element for element in node.elts if _is_status_value(element)]
            if len(statuses) >= 2 and len(statuses) == len(node.elts):
                found.append((node.lineno, "a list of statuses"))
        if (
            isinstance(node, ast.keyword)
            and (node.arg or "").endswith("status__in")
            and isinstance(node.value, (ast.Tuple, ast.List, ast.Set))
            and any(_is_status_value(element) for element in node.value.elts)
        ):
            found.append((node.value.lineno, f"{node.arg}= a list"))
    return sorted(set(found))


def test_the_transition_table_is_the_only_place_outside_the_models_with_a_list_of_statuses():
    found = []
    for path in sorted((ROOT / "registry").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[1] in ("models", "migrations") or relative in STATUS_LIST_ALLOWED:
            continue
        for line, what in _status_lists(ast.parse(path.read_text(), str(path))):
            found.append(f"{relative}:{line}: {what}")

    assert found == []


def test_the_status_list_finder_finds_what_it_looks_for():
    source = (
        "a = x.status in (Community.Status.DRAFT, Community.Status.RETURNED)\n"
        "b = [Status.PUBLISHED, Status.ARCHIVED]\n"
        "c = Recommendation.objects.filter(status__in=[RecStatus.DRAFT])\n"
        "d = x.status not in ('draft', 'returned')\n"
        "e = x.status == Community.Status.DRAFT\n"
        "f = Recommendation.objects.filter(status__in=row.sources)\n"
        "g = ('status', 'round', 'submitted_at')\n"
    )

    assert [line for line, _ in _status_lists(ast.parse(source))] == [1, 2, 3, 4]


def test_no_template_decides_an_action_from_a_role_or_from_a_right_and_a_status():
    rule = re.compile(
        r"{%\s*(?:el)?if\b[^%]*(?:role\s*==|(?:can_|may_)\w*[^%]*\.status\s*[!=]="
        r"|\.status\s*[!=]=[^%]*(?:can_|may_))"
    )
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in rule.finditer(path.read_text())
    ]

    assert found == []


# --- The supporting-contribution search names its community ---------------------------


def _search(client, community=None, **headers):
    parameters = {
        "term": "Uptake",
        "app_label": "registry",
        "model_name": "recommendation",
        "field_name": "supporting_contributions",
    }
    if community is not None:
        parameters["community"] = community
    response = client.get(reverse("admin:autocomplete"), parameters, headers=headers)
    if response.status_code != 200:
        return response.status_code
    return [int(result["id"]) for result in response.json()["results"]]


def test_the_contribution_search_offers_the_named_communitys_own_contributions(
    client, people, community_of, make_contribution
):
    community = community_of(Community.Status.PUBLISHED)
    own = make_contribution(community, title="Uptake event")
    make_contribution(community_of(Community.Status.PUBLISHED), title="Uptake event elsewhere")
    client.force_login(people["task_force"])

    assert _search(client, community.pk) == [own.pk]


def test_the_contribution_search_offers_nothing_without_a_community_and_ignores_the_referer(
    client, people, community_of, make_contribution
):
    community = community_of(Community.Status.PUBLISHED)
    make_contribution(community, title="Uptake event")
    client.force_login(people["task_force"])
    page = reverse("admin:registry_recommendation_add") + f"?community={community.pk}"

    assert _search(client) == []
    assert _search(client, referer=f"http://testserver{page}") == []
    assert _search(client, "not-a-number") == []
    assert _search(client, "999999") == []


def test_the_contribution_search_answers_only_for_a_community_the_searcher_may_recommend(
    client, people, community_of, make_contribution, make_recommendation
):
    draft = community_of(Community.Status.DRAFT)
    make_contribution(draft, title="Uptake event in a draft")
    taken = community_of(Community.Status.PUBLISHED)
    theirs = make_contribution(taken, title="Uptake event of a community being recommended")
    make_recommendation(taken, by=people["drafter"])
    client.force_login(people["task_force"])

    assert _search(client, draft.pk) == []
    assert _search(client, taken.pk) == []

    client.force_login(people["drafter"])
    assert _search(client, taken.pk) == [theirs.pk]


@pytest.mark.parametrize("actor", ["secretariat", "bureau"])
def test_the_contribution_search_answers_no_one_but_task_force_members(
    client, people, community_of, make_contribution, actor
):
    community = community_of(Community.Status.PUBLISHED)
    make_contribution(community, title="Uptake event")
    client.force_login(people[actor])

    assert _search(client, community.pk) in ([], 403)


def test_the_recommendation_form_sends_its_community_with_each_contribution_search(
    client, people, community_of, make_recommendation
):
    community = community_of(Community.Status.PUBLISHED)
    recommendation = make_recommendation(community, by=people["drafter"])
    client.force_login(people["drafter"])

    page = client.get(
        reverse("admin:registry_recommendation_change", args=[recommendation.pk])
    ).content.decode()
    add_page = client.get(reverse("admin:registry_recommendation_add")).content.decode()

    assert f'data-community="{community.pk}"' in page
    for html in (page, add_page):
        # After django.jQuery and select2, which it uses.
        assert html.index("admin/js/jquery.init.js") < html.index("js/supporting_contributions.js")
        assert "supporting-autocomplete" in html
