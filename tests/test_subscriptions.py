"""Following a list by e-mail: double opt-in, weekly digests of exactly what the
filtered list newly shows, one-click unsubscribe, rate limits and expiry."""

import datetime
import re
import threading
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from mailer import engine
from mailer.models import Message

from registry import housekeeping, services
from registry.filters import CommunityFilterSet, followed
from registry.models import Community, Subscription
from registry.models.subscriptions import QUERY_MAX_LENGTH
from registry.services import subscriptions as subs
from tests.conftest import require
from tests.html_validity import validate_html

pytestmark = pytest.mark.django_db

NEW = "/subscriptions/new/"
POLLINATION_IN_AFRICA = "topic=pollination&region=africa"
DAY = datetime.timedelta(days=1)


def ask(
    client, email="reader@example.org", kind="communities", query=POLLINATION_IN_AFRICA, **extra
):
    data = {"email": email, "kind": kind, "query": query, "language": "en", **extra}
    return client.post(NEW, data)


def delivered():
    """Deliver the queue (the tests' transaction never commits) and return the outbox."""
    engine.send_all()
    return list(mail.outbox)


def link(message, kind):
    match = re.search(rf"http://testserver(/subscriptions/{kind}/[^\s/]+/)", message.body)
    assert match, message.body
    return match.group(1)


def confirmed(
    email="reader@example.org",
    *,
    kind="communities",
    query=POLLINATION_IN_AFRICA,
    at=None,
    language="en",
):
    at = at or timezone.now() - 7 * DAY
    return Subscription.objects.create(
        email=email,
        kind=kind,
        query=followed.normalise_query(kind, query),
        language=language,
        confirmation_sent_at=at,
        confirmed_at=at,
    )


# --- Opt-in -------------------------------------------------------------------------------


def test_following_a_list_sends_only_a_confirmation_link_until_it_is_opened(client, make_community):
    response = ask(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:subscription_sent")
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.query == "region=africa&topic=pollination"
    [confirmation] = delivered()
    assert confirmation.to == ["reader@example.org"]
    assert "List-Unsubscribe" not in confirmation.extra_headers

    make_community("Bees of Africa", topics=["pollination"], regions=["africa"])
    services.digests_send(now=timezone.now() + 8 * DAY)
    assert len(delivered()) == 1, "nothing but the confirmation before confirming"

    url = link(confirmation, "confirm")
    page = client.get(url)
    assert page.status_code == 200
    assert b'method="post"' in page.content
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None, "opening the link changes nothing by itself"
    assert client.post(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None


def test_an_altered_confirmation_link_is_refused(client):
    ask(client)
    url = link(delivered()[0], "confirm")
    assert client.get(url[:-3] + "xx/").status_code == 404
    assert client.post(url[:-3] + "xx/").status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_an_expired_confirmation_link_is_refused(client):
    with time_machine.travel(timezone.now() - 31 * DAY):
        ask(client)
    url = link(delivered()[0], "confirm")
    assert client.post(url).status_code == 404
    assert Subscription.objects.get().confirmed_at is None


def test_a_confirmation_link_of_an_expired_request_is_refused_even_if_signed_lately(client):
    ask(client)
    url = link(delivered()[0], "confirm")
    Subscription.objects.update(confirmation_sent_at=timezone.now() - 31 * DAY)
    assert client.post(url).status_code == 404


def test_asking_again_re_sends_the_confirmation_and_never_tells_it_was_subscribed(client):
    first = ask(client)
    again = ask(client, email="READER@example.org")
    assert first["Location"] == again["Location"]
    assert Subscription.objects.count() == 1
    Subscription.objects.update(confirmed_at=timezone.now())
    known = ask(client)
    assert known["Location"] == first["Location"]
    messages = delivered()
    assert len(messages) == 3
    assert "/subscriptions/confirm/" in messages[1].body
    assert "/subscriptions/manage/" in messages[2].body
    assert "/subscriptions/confirm/" not in messages[2].body


def test_unconfirmed_subscriptions_expire_after_30_days(client):
    now = timezone.now()
    old = Subscription.objects.create(
        email="old@example.org",
        kind="communities",
        language="en",
        confirmation_sent_at=now - 31 * DAY,
    )
    recent = Subscription.objects.create(
        email="new@example.org",
        kind="communities",
        language="en",
        confirmation_sent_at=now - 29 * DAY,
    )
    kept = confirmed("kept@example.org", at=now - 60 * DAY)
    summary = services.subscriptions_expire(now=now)
    assert "1" in summary
    assert set(Subscription.objects.values_list("pk", flat=True)) == {recent.pk, kept.pk}
    assert not Subscription.objects.filter(pk=old.pk).exists()


# --- Digests ------------------------------------------------------------------------------


def test_a_visitor_following_pollination_in_africa_gets_one_digest_of_exactly_the_communities_published_that_week(  # noqa: E501
    client, make_community
):
    now = timezone.now()
    week_ago = now - 7 * DAY
    subscription = confirmed(at=week_ago)
    make_community(
        "Bees of Africa", topics=["pollination"], regions=["africa"], published_at=now - 3 * DAY
    )
    make_community(
        "Sahel pollinators", topics=["pollination"], regions=["africa"], published_at=now - 1 * DAY
    )
    make_community(
        "Bees of Europe",
        topics=["pollination"],
        regions=["europe-central-asia"],
        published_at=now - 3 * DAY,
    )
    make_community(
        "Old African bees", topics=["pollination"], regions=["africa"], published_at=now - 30 * DAY
    )
    make_community(
        "Draft African bees",
        topics=["pollination"],
        regions=["africa"],
        status=Community.Status.DRAFT,
    )

    summary = services.digests_send(now=now)
    assert summary.startswith("1 ")
    [digest] = delivered()
    assert digest.to == ["reader@example.org"]
    listed = re.findall(r"^\* (.+)$", digest.body, flags=re.MULTILINE)
    assert listed == ["Bees of Africa", "Sahel pollinators"]

    # Exactly the filtered list's rows that were published that week.
    page = client.get("/communities/?" + POLLINATION_IN_AFRICA)
    on_the_list = [
        c.name for c in page.context["page_obj"].object_list if week_ago < c.published_at <= now
    ]
    assert listed == on_the_list
    assert "http://testserver/communities/bees-of-africa/" in digest.body
    assert "http://testserver/communities/?region=africa&topic=pollination" in digest.body
    subscription.refresh_from_db()
    assert subscription.covered_until == now
    assert subscription.last_sent_at == now


def test_end_to_end_a_visitor_follows_confirms_and_the_scheduler_sends_one_digest(
    client, monkeypatch, make_community
):
    start = timezone.now()
    ask(client)
    client.post(link(delivered()[0], "confirm"))
    make_community(
        "Bees of Africa", topics=["pollination"], regions=["africa"], published_at=start + 2 * DAY
    )
    make_community(
        "Bees of Europe",
        topics=["pollination"],
        regions=["europe-central-asia"],
        published_at=start + 2 * DAY,
    )
    monkeypatch.setattr(
        housekeeping,
        "JOBS",
        (*housekeeping.JOBS, services.subscriptions_expire, services.digests_send),
    )
    out = StringIO()
    for day in (3, 7, 8):  # the scheduler runs often; the digest goes once, after a week
        with time_machine.travel(start + day * DAY + datetime.timedelta(minutes=1), tick=False):
            call_command("housekeeping", "--no-progress", stdout=out)
    assert "digests_send: 1 digest(s) queued" in out.getvalue()
    digests = delivered()[1:]
    assert len(digests) == 1
    assert re.findall(r"^\* (.+)$", digests[0].body, flags=re.MULTILINE) == ["Bees of Africa"]


def test_the_digest_uses_the_lists_own_filterset():
    # One filter implementation: the digest runs CommunityFilterSet itself.
    assert followed.FILTERSETS[Subscription.Kind.COMMUNITIES] is CommunityFilterSet


def test_contributions_and_impact_digests_list_what_became_public_that_week(
    make_community, make_contribution, make_impact_example
):
    now = timezone.now()
    confirmed(kind="contributions", query="activity=uptake-event", at=now - 7 * DAY)
    confirmed(kind="impact", query="region=africa", at=now - 7 * DAY)
    old = make_community("Old network", regions=["africa"], published_at=now - 60 * DAY)
    fresh = make_community("Fresh network", regions=["africa"], published_at=now - 2 * DAY)
    make_contribution(old, title="New event of an old network")
    old_event = make_contribution(old, title="Old event")
    type(old_event).objects.filter(pk=old_event.pk).update(created_at=now - 30 * DAY)
    make_contribution(fresh, title="Event of a network published this week")
    make_contribution(old, title="A review", activity="review-comments")
    make_impact_example(fresh, title="Policy in Kenya")
    make_impact_example(make_community("Elsewhere", regions=["americas"]), title="Not Africa")

    services.digests_send(now=now + datetime.timedelta(seconds=1))
    by_kind = {m.subject: m.body for m in delivered()}
    [contributions] = [b for s, b in by_kind.items() if "Contributions" in s]
    [impact] = [b for s, b in by_kind.items() if "impact" in s]
    # In the list's order (newest start first, then by title).
    assert re.findall(r"^\* (.+?) \(", contributions, flags=re.MULTILINE) == [
        "Event of a network published this week",
        "New event of an old network",
    ]
    assert re.findall(r"^\* (.+?) \(", impact, flags=re.MULTILINE) == ["Policy in Kenya"]


def test_nothing_is_sent_when_nothing_is_new_and_the_week_still_moves_on(make_community):
    now = timezone.now()
    subscription = confirmed(at=now - 8 * DAY)
    make_community(
        "Bees of Europe",
        topics=["pollination"],
        regions=["europe-central-asia"],
        published_at=now - 3 * DAY,
    )
    assert services.digests_send(now=now).startswith("0 ")
    assert delivered() == []
    subscription.refresh_from_db()
    assert subscription.covered_until == now
    assert subscription.last_sent_at is None


def test_a_second_run_the_same_week_sends_nothing(make_community):
    now = timezone.now()
    confirmed(at=now - 7 * DAY)
    make_community(
        "Bees of Africa", topics=["pollination"], regions=["africa"], published_at=now - 3 * DAY
    )
    services.digests_send(now=now)
    make_community("Later bees", topics=["pollination"], regions=["africa"], published_at=now + DAY)
    services.digests_send(now=now + 2 * DAY)
    assert len(delivered()) == 1
    # A week after the first, the next digest lists only what came since.
    services.digests_send(now=now + 7 * DAY)
    messages = delivered()
    assert len(messages) == 2
    assert re.findall(r"^\* (.+)$", messages[1].body, flags=re.MULTILINE) == ["Later bees"]


def test_a_subscription_claimed_by_another_worker_is_not_sent_twice(make_community):
    now = timezone.now()
    subscription = confirmed(at=now - 7 * DAY)
    make_community(
        "Bees of Africa", topics=["pollination"], regions=["africa"], published_at=now - 3 * DAY
    )
    # Another worker claimed it after this one read it: the conditional update misses.
    Subscription.objects.filter(pk=subscription.pk).update(covered_until=now - DAY)
    services.digests_send(now=now)
    assert delivered() == []


def test_the_digest_is_in_the_language_chosen(make_community):
    now = timezone.now()
    confirmed(at=now - 7 * DAY, language="fr")
    make_community(
        "Bees of Africa", topics=["pollination"], regions=["africa"], published_at=now - 3 * DAY
    )
    services.digests_send(now=now)
    [digest] = delivered()
    with translation.override("fr"):
        french_date = date_format(now, "j F Y")
    with translation.override("en"):
        english_date = date_format(now, "j F Y")
    assert french_date in digest.body
    assert english_date not in digest.body or french_date == english_date


def test_every_digest_has_one_click_unsubscribe_headers_and_links(make_community):
    now = timezone.now()
    subscription = confirmed(at=now - 7 * DAY)
    make_community(
        "Bees of Africa", topics=["pollination"], regions=["africa"], published_at=now - 3 * DAY
    )
    services.digests_send(now=now)
    [digest] = delivered()
    url = "http://testserver" + link(digest, "unsubscribe")
    assert digest.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    message = digest.message()
    assert message["List-Unsubscribe"] == f"<{url}>"
    assert "/subscriptions/manage/" in digest.body
    assert subs.subscription_for_unsubscribe(url.split("/")[-2]) == subscription


def test_a_mail_outage_loses_no_digest(settings, make_community):
    settings.MAILER_EMAIL_BACKEND = "tests.test_mail_queue.FailingBackend"
    now = timezone.now()
    confirmed(at=now - 7 * DAY)
    make_community(
        "Bees of Africa", topics=["pollination"], regions=["africa"], published_at=now - 3 * DAY
    )
    services.digests_send(now=now)
    engine.send_all()
    assert mail.outbox == []
    assert Message.objects.deferred().count() == 1

    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert Message.objects.retry_deferred() == 1
    [digest] = delivered()
    assert "Bees of Africa" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


# --- Unsubscribing and the subscriptions page -------------------------------------------


@pytest.fixture
def digest(make_community):
    now = timezone.now()
    subscription = confirmed(at=now - 7 * DAY)
    confirmed(kind="contributions", query="", at=now)
    make_community(
        "Bees of Africa", topics=["pollination"], regions=["africa"], published_at=now - 3 * DAY
    )
    services.digests_send(now=now)
    [message] = delivered()
    return subscription, message


def test_the_one_click_post_of_the_header_unsubscribes_without_a_csrf_token(digest):
    subscription, message = digest
    url = message.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert Subscription.objects.filter(kind="contributions").exists(), "only the one named"


def test_the_unsubscribe_link_shows_a_button_and_its_post_unsubscribes(digest):
    subscription, message = digest
    url = link(message, "unsubscribe")
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url)
    assert page.status_code == 200
    assert Subscription.objects.filter(pk=subscription.pk).exists(), "GET changes nothing"
    assert browser.post(url).status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    again = browser.post(url)
    assert again.status_code == 200
    assert b"already cancelled" in again.content


def test_an_altered_unsubscribe_link_is_refused(digest):
    _subscription, message = digest
    assert Client().post(link(message, "unsubscribe")[:-3] + "xx/").status_code == 404
    assert Subscription.objects.count() == 2


def test_the_page_of_ones_subscriptions_from_a_digest_shows_and_cancels_each(client, digest):
    subscription, message = digest
    url = link(message, "manage")
    page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["rows"]) == 2
    response = client.post(url, {"cancel": subscription.pk})
    assert response.status_code == 302
    assert list(Subscription.objects.values_list("kind", flat=True)) == ["contributions"]
    client.post(url, {"cancel": "all"})
    assert not Subscription.objects.exists()


def test_the_manage_page_cancels_only_the_addresss_own_subscriptions(client, digest):
    _subscription, message = digest
    stranger = confirmed("stranger@example.org")
    client.post(link(message, "manage"), {"cancel": stranger.pk})
    assert Subscription.objects.filter(pk=stranger.pk).exists()
    assert client.get("/subscriptions/manage/forged/").status_code == 404


# --- Rate limits and bad input ------------------------------------------------------------


def test_the_address_limit_refuses_the_request_after_the_limit_and_queues_nothing():
    amount = subs.LIMIT_PER_ADDRESS[0]
    for n in range(amount):
        assert ask(Client(REMOTE_ADDR=f"10.0.0.{n}")).status_code == 302
    queued = Message.objects.count()
    assert queued == amount
    refused = ask(Client(REMOTE_ADDR="10.0.0.200"))
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert Message.objects.count() == queued


def test_requests_from_one_client_are_limited():
    amount = subs.LIMIT_PER_CLIENT[0]
    client = Client(REMOTE_ADDR="10.1.1.1")
    for n in range(amount):
        assert ask(client, email=f"person{n}@example.org").status_code == 302
    queued = Message.objects.count()
    refused = ask(client, email="one-more@example.org")
    assert refused.status_code == 429
    assert "Too many requests" in refused.content.decode()
    assert Message.objects.count() == queued
    assert not Subscription.objects.filter(email="one-more@example.org").exists()


@pytest.mark.parametrize(
    ("field", "data", "message"),
    [
        ("email", {"email": "not-an-address"}, "valid email"),
        ("kind", {"kind": "people"}, "cannot be followed"),
        ("query", {"query": "q=" + "a" * QUERY_MAX_LENGTH}, "too long"),
        ("query", {"kind": "impact", "query": "region=atlantis"}, "does not know"),
        ("language", {"language": "tlh"}, "languages listed"),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(client, field, data, message):
    response = ask(client, **data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not Subscription.objects.exists()
    assert Message.objects.count() == 0


def test_the_form_page_needs_a_known_list(client):
    assert client.get(NEW + "?kind=people").status_code == 404
    page = client.get(NEW + "?kind=communities&query=" + "topic%3Dpollination%26page%3D2")
    assert page.status_code == 200
    assert page.context["form"].initial["query"] == "topic=pollination"


# --- Signed-in coordinators ---------------------------------------------------------------


def test_a_signed_in_person_follows_with_a_verified_address_at_once(client, make_user):
    user = make_user("coordinator@example.org")
    client.force_login(user)
    response = ask(client, email="coordinator@example.org")
    assert response["Location"] == reverse("registry:subscriptions_mine")
    assert Subscription.objects.get().confirmed_at is not None
    assert Message.objects.count() == 0

    dashboard = client.get(reverse("coordinator:dashboard"))
    assert reverse("registry:subscriptions_mine").encode() in dashboard.content
    mine = client.get(reverse("registry:subscriptions_mine"))
    [row] = mine.context["rows"]
    client.post(reverse("registry:subscriptions_mine"), {"cancel": row["subscription"].pk})
    assert not Subscription.objects.exists()


def test_a_signed_in_person_sees_only_their_own_subscriptions(client, make_user):
    confirmed("someone@example.org")
    client.force_login(make_user("coordinator@example.org"))
    assert client.get(reverse("registry:subscriptions_mine")).context["rows"] == []
    assert client.get(reverse("registry:subscriptions_mine")).status_code == 200
    client.logout()
    assert client.get(reverse("registry:subscriptions_mine")).status_code == 302


def test_every_list_offers_e_mail_updates_for_its_current_filter(client):
    pages = {
        "communities": "/communities/?topic=pollination&region=africa",
        "contributions": "/contributions/?activity=uptake-event",
        "impact": "/impact/?region=africa",
    }
    for kind, url in pages.items():
        html = client.get(url).content.decode()
        match = re.search(rf'href="(/subscriptions/new/\?kind={kind}&amp;query=[^"]*)"', html)
        assert match, kind
        form = client.get(match.group(1).replace("&amp;", "&"))
        assert form.status_code == 200
        query = url.split("?", 1)[1]
        assert form.context["form"].initial["query"] == followed.normalise_query(kind, query)


def test_the_subscription_pages_are_valid_html(client, make_user, digest, tmp_path):
    subscription, message = digest
    pages = {
        "new": client.get(NEW + "?kind=communities&query=topic%3Dpollination").content,
        "new_errors": ask(client, email="bad", kind="people").content,
        "sent": client.get(reverse("registry:subscription_sent")).content,
        "manage": client.get(link(message, "manage")).content,
        "unsubscribe": client.get(link(message, "unsubscribe")).content,
        "invalid": client.get("/subscriptions/unsubscribe/forged/").content,
    }
    pending = Subscription.objects.create(
        email="p@example.org", kind="impact", language="en", confirmation_sent_at=timezone.now()
    )
    pages["confirm"] = client.get(
        reverse("registry:subscription_confirm", args=[subs.confirm_token(pending)])
    ).content
    client.force_login(make_user("reader@example.org"))
    pages["mine"] = client.get(reverse("registry:subscriptions_mine")).content
    assert validate_html(pages, tmp_path) == []


# --- Two schedulers at once (PostgreSQL) ------------------------------------------------


class Worker(threading.Thread):
    """One scheduler on its own database connection."""

    def __init__(self, now):
        super().__init__(daemon=True)
        self.now = now
        self.summary = self.error = None

    def run(self):
        try:
            self.summary = services.digests_send(now=self.now, progress=False)
        except Exception as error:
            self.error = error
        finally:
            connection.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_at_once_send_each_digest_exactly_once(
    settings, monkeypatch, make_community
):
    if connection.vendor != "postgresql":
        require("POSTGRES", "concurrent workers need PostgreSQL (set DATABASE_URL)")
    settings.MAIL_DELIVER_ON_COMMIT = False  # keep the mail queued, to count it
    now = timezone.now()
    for n in range(12):
        confirmed(f"reader{n}@example.org", at=now - 7 * DAY)
    make_community(
        "Bees of Africa", topics=["pollination"], regions=["africa"], published_at=now - 3 * DAY
    )
    # Both have read every due subscription before either claims one.
    listed = threading.Barrier(2, timeout=30)
    bar = subs.tqdm

    def after_both_listed(rows, **options):
        listed.wait()
        return bar(rows, **options)

    monkeypatch.setattr(subs, "tqdm", after_both_listed)
    workers = [Worker(now) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)

    assert [worker.error for worker in workers] == [None, None]
    assert sum(int(worker.summary.split()[0]) for worker in workers) == 12
    recipients = sorted(m.to_addresses[0] for m in Message.objects.all())
    assert recipients == sorted(f"reader{n}@example.org" for n in range(12))
