"""The community state machine, in registry.services: who may make each
transition, from which state; each is logged and sends its notice."""

import pytest

from registry import services
from registry.models import Community, Membership, TransitionLog

pytestmark = pytest.mark.django_db
S = Community.Status


@pytest.fixture
def people(make_user, secretariat, bureau, task_force):
    owner = make_user("owner@example.org")
    editor = make_user("editor@example.org")
    return {
        "owner": owner,
        "editor": editor,
        "stranger": make_user("stranger@example.org"),
        "secretariat": secretariat,
        "bureau": bureau,
        "task_force": task_force,
    }


@pytest.fixture
def community_in(make_community, people):
    def make(status):
        community = make_community(status=status, owner=people["owner"])
        Membership.objects.create(user=people["editor"], community=community, role="editor")
        return community

    return make


def attempt(transition, community, user, **extra):
    try:
        transition(community=community, user=user, **extra)
    except services.TransitionNotAllowed as refusal:
        return str(refusal)
    return None


SUBMIT = (services.community_submit, {})
PUBLISH = (services.community_publish, {})
RETURN = (services.community_return, {"reason": "Please add your website."})
ARCHIVE = (services.community_archive, {})

ALLOWED = [
    # (transition, from, actor, to)
    (SUBMIT, S.DRAFT, "owner", S.SUBMITTED),
    (SUBMIT, S.RETURNED, "owner", S.SUBMITTED),
    (SUBMIT, S.DRAFT, "secretariat", S.SUBMITTED),
    (PUBLISH, S.SUBMITTED, "secretariat", S.PUBLISHED),
    (PUBLISH, S.ARCHIVED, "secretariat", S.PUBLISHED),
    (RETURN, S.SUBMITTED, "secretariat", S.RETURNED),
    (ARCHIVE, S.PUBLISHED, "owner", S.ARCHIVED),
    (ARCHIVE, S.PUBLISHED, "secretariat", S.ARCHIVED),
]


@pytest.mark.parametrize(("transition", "start", "actor", "end"), ALLOWED)
def test_allowed_transition_changes_status_and_is_logged(
    transition, start, actor, end, community_in, people
):
    service, extra = transition
    community = community_in(start)
    assert attempt(service, community, people[actor], **extra) is None
    community.refresh_from_db()
    assert community.status == end
    entry = TransitionLog.objects.filter(community=community).first()
    assert (entry.from_status, entry.to_status, entry.actor) == (start, end, people[actor])


REFUSED_ACTORS = [
    (SUBMIT, S.DRAFT, ["editor", "stranger", "bureau", "task_force"]),
    (PUBLISH, S.SUBMITTED, ["owner", "editor", "stranger", "bureau", "task_force"]),
    (RETURN, S.SUBMITTED, ["owner", "editor", "stranger", "bureau", "task_force"]),
    (ARCHIVE, S.PUBLISHED, ["editor", "stranger", "bureau", "task_force"]),
]


@pytest.mark.parametrize(
    ("transition", "start", "actor"),
    [(t, s, a) for t, s, actors in REFUSED_ACTORS for a in actors],
)
def test_refused_actor_changes_nothing(transition, start, actor, community_in, people):
    service, extra = transition
    community = community_in(start)
    assert attempt(service, community, people[actor], **extra)
    community.refresh_from_db()
    assert community.status == start
    assert not TransitionLog.objects.filter(community=community).exists()


@pytest.mark.parametrize(
    ("transition", "start"),
    [
        (SUBMIT, S.SUBMITTED),
        (SUBMIT, S.PUBLISHED),
        (SUBMIT, S.ARCHIVED),
        (PUBLISH, S.DRAFT),
        (PUBLISH, S.RETURNED),
        (PUBLISH, S.PUBLISHED),
        (RETURN, S.DRAFT),
        (RETURN, S.PUBLISHED),
        (ARCHIVE, S.DRAFT),
        (ARCHIVE, S.SUBMITTED),
        (ARCHIVE, S.ARCHIVED),
    ],
)
def test_transition_from_the_wrong_state_is_refused(transition, start, community_in, people):
    service, extra = transition
    community = community_in(start)
    assert attempt(service, community, people["secretariat"], **extra)
    community.refresh_from_db()
    assert community.status == start


def test_returning_needs_a_reason(community_in, people):
    community = community_in(S.SUBMITTED)
    message = attempt(services.community_return, community, people["secretariat"], reason=" ")
    assert message == "Give the reason for returning the community."
    community.refresh_from_db()
    assert community.status == S.SUBMITTED


def test_the_return_reason_is_kept_for_the_owner(community_in, people):
    community = community_in(S.SUBMITTED)
    services.community_return(
        community=community, user=people["secretariat"], reason="Add your website."
    )
    community.refresh_from_db()
    assert services.last_return_reason(community) == "Add your website."


def test_submitting_tells_the_secretariat(community_in, people, sent_mail):
    community = community_in(S.DRAFT)
    services.community_submit(community=community, user=people["owner"])
    mail = sent_mail()
    assert [m.to for m in mail] == [["secretariat@example.org"]]
    assert community.name in mail[0].subject


def test_publishing_tells_every_coordinator(community_in, people, sent_mail):
    community = community_in(S.SUBMITTED)
    services.community_publish(community=community, user=people["secretariat"])
    mail = sent_mail()
    assert sorted(m.to[0] for m in mail) == ["editor@example.org", "owner@example.org"]
    assert f"/communities/{community.slug}/" in mail[0].body


def test_returning_tells_the_coordinators_why(community_in, people, sent_mail):
    community = community_in(S.SUBMITTED)
    services.community_return(
        community=community, user=people["secretariat"], reason="Add a website & a summary."
    )
    mail = sent_mail()
    assert len(mail) == 2
    assert "Add a website & a summary." in mail[0].body  # plain text, not HTML-escaped


def test_first_publication_time_is_kept_on_republication(community_in, people):
    community = community_in(S.SUBMITTED)
    services.community_publish(community=community, user=people["secretariat"])
    community.refresh_from_db()
    first = community.published_at
    services.community_archive(community=community, user=people["owner"])
    services.community_publish(community=community, user=people["secretariat"])
    community.refresh_from_db()
    assert community.published_at == first


def test_a_community_needs_a_topic_before_submission(make_community, people):
    community = make_community(status=S.DRAFT, owner=people["owner"], topics=())
    message = attempt(services.community_submit, community, people["owner"])
    assert message == "Choose at least one topic before submitting."


def test_slugs_are_made_unique(make_community):
    make_community("Andean Pollinators")
    assert services.unique_community_slug("Andean Pollinators") == "andean-pollinators-2"
