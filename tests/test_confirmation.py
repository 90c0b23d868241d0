"""The yearly confirmation (DESIGN.md, "Keeping the registry true over time"): a
published community falls due twelve months after a coordinator last confirmed it, its
owners are reminded twice, it shows as overdue after ninety days, the registry archives
it after 180 and an owner's confirmation brings it back; who may confirm, and the
signed link that confirms without a password. The clock is time-machine's; the
scheduler's own guarantees (several workers, a mail outage) are in test_housekeeping.py."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse

from registry import housekeeping, services
from registry.models import Community, Membership, TransitionLog
from registry.models.communities import (
    ARCHIVE_AFTER,
    CONFIRM_EVERY,
    OVERDUE_AFTER,
    SECOND_REMINDER_AFTER,
)
from tests.test_community_form import _data as profile_data

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DUE = PUBLISHED + CONFIRM_EVERY
SECOND = DUE + SECOND_REMINDER_AFTER
OVERDUE = DUE + OVERDUE_AFTER
ARCHIVED = DUE + ARCHIVE_AFTER
DAY = timedelta(days=1)


@pytest.fixture
def clock():
    with time_machine.travel(PUBLISHED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.org")


@pytest.fixture
def editor(make_user):
    return make_user("editor@example.org")


@pytest.fixture
def community(clock, make_community, owner, editor, secretariat):
    """Published by the Secretariat at PUBLISHED; an owner and an editor."""
    community = make_community("Pollinator watch", status=Community.Status.SUBMITTED, owner=owner)
    Membership.objects.create(user=editor, community=community, role=Membership.Role.EDITOR)
    return services.community_publish(community=community, user=secretariat)


def reload(community):
    return Community.objects.get(pk=community.pk)


def is_due(community, now):
    return Community.objects.due(now).filter(pk=community.pk).exists()


def reminders(mail):
    return [message for message in mail if "still current" in message.subject]


def run_at(clock, moment):
    clock.move_to(moment)
    return housekeeping.run()


def link_in(message):
    return re.search(r"http://testserver(/communities/\S+/confirm/\S+/)", message.body).group(1)


def archive(clock, community):
    """The scheduler's whole year: both reminders, then archived at ARCHIVED."""
    for moment in (DUE, SECOND, ARCHIVED):
        run_at(clock, moment)
    return reload(community)


# --- Falling due -------------------------------------------------------------------------


def test_publication_confirms_and_the_community_falls_due_twelve_months_later_not_before(
    community,
):
    assert community.confirmed_at == PUBLISHED
    assert community.confirmation_due_at == DUE
    assert not is_due(community, DUE - DAY)
    assert is_due(community, DUE)


def test_a_draft_or_an_archived_community_never_falls_due(clock, make_community):
    draft = make_community(status=Community.Status.DRAFT)
    archived = make_community(status=Community.Status.ARCHIVED)

    assert not Community.objects.due(DUE + ARCHIVE_AFTER).filter(pk__in=[draft.pk, archived.pk])


def test_a_community_published_before_confirmations_existed_counts_from_its_publication(
    clock, make_community
):
    # As migration 0011 leaves it: confirmed_at back-filled, or read from published_at.
    community = make_community(published_at=PUBLISHED - CONFIRM_EVERY)
    Community.objects.filter(pk=community.pk).update(confirmed_at=None)

    assert is_due(community, PUBLISHED)
    assert reload(community).confirmation_due_at == PUBLISHED


# --- Reminders ---------------------------------------------------------------------------


def test_the_owners_get_one_reminder_when_it_falls_due_with_both_links(clock, community, sent_mail):
    run_at(clock, DUE - DAY)
    assert reminders(sent_mail()) == []

    run_at(clock, DUE)
    run_at(clock, DUE + DAY)

    sent = reminders(sent_mail())
    assert [message.to for message in sent] == [["owner@example.org"]]  # not the editor
    body = sent[0].body
    assert "Pollinator watch" in sent[0].subject
    assert "http://testserver/communities/pollinator-watch/confirm/" in body
    assert "http://testserver/my/communities/pollinator-watch/edit/" in body
    assert reload(community).reminders_sent == 1


def test_a_second_reminder_follows_thirty_days_later_and_only_once(clock, community, sent_mail):
    run_at(clock, DUE)
    run_at(clock, SECOND - DAY)
    assert len(reminders(sent_mail())) == 1

    run_at(clock, SECOND)
    run_at(clock, SECOND + DAY)
    run_at(clock, OVERDUE)

    sent = reminders(sent_mail())
    assert len(sent) == 2
    assert sent[1].subject.startswith("Second reminder")
    assert reload(community).reminders_sent == 2


def test_no_reminder_goes_out_once_it_is_confirmed_until_a_year_later(
    clock, community, owner, sent_mail
):
    run_at(clock, DUE)
    clock.move_to(DUE + DAY)
    services.community_confirm(community=community, user=owner)

    for moment in (SECOND, OVERDUE, ARCHIVED, DUE + DAY + CONFIRM_EVERY - DAY):
        run_at(clock, moment)
    assert len(reminders(sent_mail())) == 1
    assert reload(community).status == Community.Status.PUBLISHED

    run_at(clock, DUE + DAY + CONFIRM_EVERY)
    assert len(reminders(sent_mail())) == 2


def test_an_edit_by_a_coordinator_confirms_it_and_the_secretariats_does_not(
    client, clock, community, editor, secretariat
):
    clock.move_to(DUE + DAY)
    url = reverse("coordinator:community_edit", args=[community.slug])

    client.force_login(secretariat)
    assert client.post(url, profile_data(name="Pollinator watch")).status_code == 302
    assert reload(community).confirmed_at == PUBLISHED

    client.force_login(editor)
    assert client.post(url, profile_data(name="Pollinator watch")).status_code == 302
    assert reload(community).confirmed_at == DUE + DAY
    assert not is_due(community, DUE + DAY)


def test_the_secretariat_may_remind_now_a_due_community_but_not_one_that_is_not_due(
    clock, community, sent_mail
):
    assert not services.confirmation_remind(community=community, now=DUE - DAY)
    assert services.confirmation_remind(community=community, now=DUE)

    assert len(reminders(sent_mail())) == 1
    assert reload(community).reminders_sent == 1


# --- Overdue -----------------------------------------------------------------------------


def test_ninety_days_after_it_fell_due_it_is_overdue_and_no_longer_counted_as_confirmed(
    community,
):
    def overdue(now):
        return Community.objects.overdue(now).filter(pk=community.pk).exists()

    def confirmed(now):
        return Community.objects.confirmed(now).filter(pk=community.pk).exists()

    assert (overdue(OVERDUE - DAY), confirmed(OVERDUE - DAY)) == (False, True)
    assert not community.is_overdue(OVERDUE - DAY)
    assert (overdue(OVERDUE), confirmed(OVERDUE)) == (True, False)
    assert community.is_overdue(OVERDUE)


# --- Archived, and brought back ------------------------------------------------------------


def test_180_days_after_it_fell_due_the_registry_archives_it_logged_with_a_notice(
    clock, community, sent_mail
):
    run_at(clock, DUE)
    run_at(clock, SECOND)
    run_at(clock, ARCHIVED - DAY)
    assert reload(community).status == Community.Status.PUBLISHED

    run_at(clock, ARCHIVED)

    assert reload(community).status == Community.Status.ARCHIVED
    entry = TransitionLog.objects.get(community=community, to_status="archived")
    assert (entry.from_status, entry.actor, entry.at) == ("published", None, ARCHIVED)
    assert "2026-03-02" in entry.note
    notices = [m for m in sent_mail() if m.subject.startswith("Archived as not confirmed")]
    assert [m.to for m in notices] == [["owner@example.org"]]
    assert "/communities/pollinator-watch/confirm/" in notices[0].body


def test_a_community_never_reminded_is_not_archived_unwarned(clock, community, sent_mail):
    # The scheduler starts with a backlog: reminders first, then 30 days each.
    run_at(clock, ARCHIVED + DAY)
    assert reload(community).status == Community.Status.PUBLISHED
    run_at(clock, ARCHIVED + DAY + SECOND_REMINDER_AFTER)
    assert reload(community).status == Community.Status.PUBLISHED
    run_at(clock, ARCHIVED + DAY + 2 * SECOND_REMINDER_AFTER)

    assert reload(community).status == Community.Status.ARCHIVED
    assert len(reminders(sent_mail())) == 2


def test_an_owner_signed_in_brings_it_back_by_confirming(client, clock, community, owner):
    archive(clock, community)
    clock.move_to(ARCHIVED + 100 * DAY)  # the notice's link has expired: sign in
    client.force_login(owner)
    url = reverse("registry:community_confirm_signed_in", args=[community.slug])

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 200
    community = reload(community)
    assert community.status == Community.Status.PUBLISHED
    assert community.confirmed_at == ARCHIVED + 100 * DAY
    assert (community.reminders_sent, community.reminded_at) == (0, None)
    entry = community.transitions.first()
    assert (entry.from_status, entry.to_status, entry.actor) == ("archived", "published", owner)


def test_the_link_in_the_archive_notice_brings_it_back_without_signing_in(
    client, clock, community, sent_mail
):
    archive(clock, community)
    notice = next(m for m in sent_mail() if m.subject.startswith("Archived"))
    clock.move_to(ARCHIVED + 10 * DAY)

    page = client.get(link_in(notice))
    assert page.status_code == 200
    assert "Confirm it is current" in page.content.decode()
    assert reload(community).status == Community.Status.ARCHIVED  # GET changes nothing

    assert client.post(link_in(notice)).status_code == 200
    community = reload(community)
    assert community.status == Community.Status.PUBLISHED
    entry = community.transitions.first()
    assert (entry.from_status, entry.to_status, entry.actor) == ("archived", "published", None)


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("stranger", 404), ("task_force", 404), ("editor", 404)],
)
def test_who_may_not_bring_an_archived_community_back_signed_in(
    client, clock, community, make_user, task_force, editor, who, status
):
    archive(clock, community)
    people = {"stranger": make_user(), "task_force": task_force, "editor": editor}
    if who in people:
        client.force_login(people[who])
    url = reverse("registry:community_confirm_signed_in", args=[community.slug])

    assert client.get(url).status_code == status
    assert client.post(url).status_code == status
    assert reload(community).status == Community.Status.ARCHIVED


# --- Who may confirm, signed in ------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("owner", True),
        ("editor", True),
        ("secretariat", True),
        ("stranger", False),
        ("task_force", False),
        ("bureau", False),
    ],
)
def test_any_coordinator_or_the_secretariat_may_confirm_a_published_community(
    client, clock, community, owner, editor, secretariat, task_force, bureau, make_user, who, may
):
    people = {
        "owner": owner,
        "editor": editor,
        "secretariat": secretariat,
        "stranger": make_user(),
        "task_force": task_force,
        "bureau": bureau,
    }
    clock.move_to(DUE + DAY)
    client.force_login(people[who])
    url = reverse("registry:community_confirm_signed_in", args=[community.slug])

    response = client.post(url)

    assert response.status_code == (200 if may else 404)
    assert reload(community).confirmed_at == (DUE + DAY if may else PUBLISHED)


def test_confirming_without_a_user_needs_a_valid_link(community):
    with pytest.raises(services.TransitionNotAllowed):
        services.community_confirm(community=community)
    with pytest.raises(services.ConfirmationLinkRefused):
        services.community_confirm(community=community, token="not-a-token")
    assert reload(community).confirmed_at == PUBLISHED


# --- The signed link ----------------------------------------------------------------------


@pytest.fixture
def link(clock, community, sent_mail):
    """The first reminder's link, sent at DUE."""
    run_at(clock, DUE)
    return link_in(reminders(sent_mail())[0])


def test_the_link_shows_the_community_on_get_and_confirms_on_post(client, clock, community, link):
    clock.move_to(DUE + DAY)

    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pollinator watch" in html
    assert "Confirm it is current" in html
    assert reverse("coordinator:community_edit", args=[community.slug]) in html
    assert "no-store" in page.headers["Cache-Control"]
    assert reload(community).confirmed_at == PUBLISHED

    assert client.post(link).status_code == 200
    community = reload(community)
    assert community.confirmed_at == DUE + DAY
    assert community.reminders_sent == 0
    assert not community.transitions.filter(to_status="published", from_status="published")


def test_the_link_posts_only_with_the_pages_csrf_token(clock, community, link):
    client = Client(enforce_csrf_checks=True)

    assert client.post(link).status_code == 403
    assert reload(community).confirmed_at == PUBLISHED

    page = client.get(link).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(link, {"csrfmiddlewaretoken": token}).status_code == 200
    assert reload(community).confirmed_at == DUE


def test_a_used_link_is_refused_and_changes_nothing(client, clock, community, link):
    clock.move_to(DUE + DAY)
    assert client.post(link).status_code == 200
    clock.move_to(DUE + 2 * DAY)

    for response in (client.get(link), client.post(link)):
        assert response.status_code == 410
        assert "has been used" in response.content.decode()
    assert reload(community).confirmed_at == DUE + DAY


def test_a_link_is_used_up_by_an_edit_too(client, clock, community, editor, link):
    clock.move_to(DUE + DAY)
    client.force_login(editor)
    client.post(
        reverse("coordinator:community_edit", args=[community.slug]),
        profile_data(name="Pollinator watch"),
    )
    client.logout()

    assert client.post(link).status_code == 410
    assert reload(community).confirmed_at == DUE + DAY


def test_an_expired_link_is_refused_and_changes_nothing(client, clock, community, link):
    clock.move_to(DUE + services.confirmation.LINK_VALID_FOR - DAY)
    assert client.get(link).status_code == 200

    clock.move_to(DUE + services.confirmation.LINK_VALID_FOR + DAY)
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 410
        assert "expired" in response.content.decode()
    assert reload(community).confirmed_at == PUBLISHED


def test_an_altered_link_is_refused_and_changes_nothing(
    client, clock, community, make_community, link
):
    prefix, token = link.rstrip("/").rsplit("/", 1)
    other = make_community("Seed savers")
    other_token = services.confirmation_token(other)
    wrong_purpose = signing.TimestampSigner(salt="registry.other").sign_object(
        {"community": community.pk, "confirmed": PUBLISHED.isoformat()}
    )
    altered = [
        f"{prefix}/{token[:-2]}{'AB' if token[-2:] != 'AB' else 'CD'}/",
        f"{prefix}/{wrong_purpose}/",
        f"{prefix}/{other_token}/",  # another community's token under this one's address
        f"{prefix}/garbage/",
    ]
    clock.move_to(DUE + DAY)

    for url in altered:
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 400, url
            assert "not valid" in response.content.decode()
    assert reload(community).confirmed_at == PUBLISHED
    assert reload(other).confirmed_at is None


def test_the_overview_offers_coordinators_the_confirmation_of_a_published_community(
    client, community, owner, editor, make_user
):
    confirm = reverse("registry:community_confirm_signed_in", args=[community.slug])
    overview = reverse("coordinator:community_overview", args=[community.slug])
    for coordinator in (owner, editor):
        client.force_login(coordinator)
        assert confirm in client.get(overview).content.decode()
    stranger = make_user("stranger@example.org")
    client.force_login(stranger)
    assert client.get(overview).status_code == 404
