"""What the yearly confirmation shows: "not confirmed since <date>" on the page and
cards of an overdue community, the list's `confirmed` filter with its count, the
date in the exports, and the Secretariat's view of due and overdue communities in the
admin with a bulk "remind now"."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registry.models import Community
from registry.models.communities import CONFIRM_EVERY, OVERDUE_AFTER
from tests.html_validity import validate_html

pytestmark = pytest.mark.django_db

LIST_URL = reverse("registry:community_list")
CHANGELIST = "admin:registry_community_changelist"
NOTICE = "Not confirmed since"


def ago(delta):
    return timezone.now() - delta


# Last confirmed: a month ago; past the due date but not overdue; overdue.
RECENT = datetime.timedelta(days=30)
ONLY_DUE = CONFIRM_EVERY + datetime.timedelta(days=10)
OVERDUE = CONFIRM_EVERY + OVERDUE_AFTER + datetime.timedelta(days=1)
# An explicit date in the past, long overdue, in the middle of a UTC day.
LONG_AGO = datetime.datetime(2023, 3, 14, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def communities(make_community):
    """Three published communities (confirmed recently, only due, overdue) and an
    overdue draft."""
    return {
        "recent": make_community("Recent Network", confirmed_at=ago(RECENT)),
        "due": make_community("Due Network", confirmed_at=ago(ONLY_DUE)),
        "overdue": make_community("Overdue Network", confirmed_at=LONG_AGO),
        "draft": make_community(
            "Draft Network", status=Community.Status.DRAFT, confirmed_at=LONG_AGO
        ),
    }


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def card_of(html, name):
    """The card (list item) of the community named ``name`` in a listing's HTML."""
    start = html.index(f">{name}</a>")
    return html[html.rfind("<li", 0, start) : html.index("</li>", start)]


# --- The page and the cards --------------------------------------------------------------


def test_an_overdue_community_says_on_its_page_since_when_it_is_not_confirmed(client, communities):
    html = page(client, communities["overdue"].get_absolute_url())

    assert (
        '<strong>Not confirmed since <time datetime="2023-03-14">14 March 2023</time>.</strong>'
        in html
    )
    assert "some may be out of date" in html


@pytest.mark.parametrize("which", ["recent", "due"])
def test_a_community_confirmed_or_only_due_shows_no_notice_on_its_page(client, communities, which):
    assert NOTICE not in page(client, communities[which].get_absolute_url())


def test_the_notice_counts_from_the_publication_when_never_confirmed(client, make_community):
    community = make_community("Old Network", published_at=ago(OVERDUE))
    assert community.confirmed_at is None

    html = page(client, community.get_absolute_url())

    assert NOTICE in html
    assert community.published_at.strftime('datetime="%Y-%m-%d"') in html


def test_an_overdue_unpublished_community_shows_its_coordinators_no_notice(
    client, communities, secretariat
):
    client.force_login(secretariat)
    assert NOTICE not in page(client, communities["draft"].get_absolute_url())


def test_the_list_cards_say_not_confirmed_for_overdue_communities_only(client, communities):
    html = page(client, LIST_URL)

    assert NOTICE not in card_of(html, "Recent Network")
    assert NOTICE not in card_of(html, "Due Network")
    overdue = card_of(html, "Overdue Network")
    assert 'Not confirmed since <time datetime="2023-03-14">14 March 2023</time>' in overdue
    assert html.count(NOTICE) == 1


@pytest.mark.parametrize("url", ["/", "/topics/pollination/"])
def test_the_cards_of_other_pages_say_not_confirmed_for_overdue_communities_only(
    client, communities, url
):
    html = page(client, url)

    assert NOTICE not in card_of(html, "Recent Network")
    assert NOTICE not in card_of(html, "Due Network")
    assert NOTICE in card_of(html, "Overdue Network")


def test_the_notice_is_translated_with_a_localised_date(client, communities):
    html = client.get(
        communities["overdue"].get_absolute_url(), headers={"accept-language": "fr"}
    ).content.decode()

    assert '<time datetime="2023-03-14">14 mars 2023</time>' in html


def test_pages_with_the_notice_are_valid_html(client, communities, tmp_path):
    pages = {
        "community": client.get(communities["overdue"].get_absolute_url()).content,
        "list": client.get(LIST_URL).content,
        "home": client.get("/").content,
    }
    assert validate_html(pages, tmp_path) == []


# --- The `confirmed` filter and its count ------------------------------------------------


def listed(client, **params):
    response = client.get(LIST_URL, params)
    return sorted(c.name for c in response.context["page_obj"].paginator.object_list)


def confirmed_facet(response):
    return next(f for f in response.context["facets"] if f.name == "confirmed")


def test_the_confirmed_filter_keeps_the_communities_that_are_not_overdue(client, communities):
    assert listed(client, confirmed="1") == ["Due Network", "Recent Network"]
    assert listed(client) == ["Due Network", "Overdue Network", "Recent Network"]


def test_the_confirmed_facet_counts_with_the_other_filters_applied(
    client, communities, make_community
):
    make_community("Nexus Recent", topics=("nexus",), confirmed_at=ago(RECENT))
    make_community("Nexus Overdue", topics=("nexus",), confirmed_at=ago(OVERDUE))

    everything = client.get(LIST_URL)
    nexus = client.get(LIST_URL, {"topic": "nexus"})
    chosen = client.get(LIST_URL, {"topic": "nexus", "confirmed": "1"})

    assert confirmed_facet(everything).choices[0].count == 3
    assert confirmed_facet(nexus).choices[0].count == 1
    choice = confirmed_facet(chosen).choices[0]
    assert (choice.count, choice.selected) == (1, True)
    assert chosen.context["page_obj"].paginator.count == 1
    assert str(choice.label) == "Confirmed in the last 15 months"


def test_the_filter_panel_shows_the_confirmed_checkbox_and_its_chip(client, communities):
    html = page(client, LIST_URL, confirmed="1")

    assert 'name="confirmed" value="1" id="f-confirmed-1" checked' in html
    assert 'Confirmed in the last 15 months <span class="facet-count">(2)</span>' in html
    assert "Confirmation" in html


def test_a_bad_confirmed_value_is_ignored_not_an_error(client, communities):
    response = client.get(LIST_URL, {"confirmed": "maybe"})
    assert response.status_code == 200


def test_the_exports_follow_the_confirmed_filter(client, communities):
    body = b"".join(client.get("/communities/export.json?confirmed=1").streaming_content)
    assert sorted(row["name"] for row in json.loads(body)) == ["Due Network", "Recent Network"]


# --- The exports carry the date -------------------------------------------------------------


def test_the_exports_carry_the_date_of_the_last_confirmation_in_utc(
    client, make_community, settings
):
    # Late in the UTC day: a local date east of UTC would already be the next day.
    settings.TIME_ZONE = "Pacific/Auckland"
    make_community(
        "Late Network", confirmed_at=datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC)
    )
    make_community(
        "Never Confirmed", published_at=datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC)
    )

    rows = json.loads(b"".join(client.get("/communities/export.json").streaming_content))
    text = b"".join(client.get("/communities/export.csv").streaming_content).decode()
    cells = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))

    by_name = {row["name"]: row["confirmed_at"] for row in rows}
    assert by_name == {"Late Network": "2025-06-30", "Never Confirmed": "2024-01-02"}
    assert {row["name"]: row["confirmed_at"] for row in cells} == by_name


# --- The admin ---------------------------------------------------------------------------


def admin_names(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return sorted(c.name for c in response.context["cl"].result_list)


@pytest.mark.parametrize(
    ("choice", "names"),
    [
        ("due", ["Due Network", "Overdue Network"]),
        ("overdue", ["Overdue Network"]),
        ("confirmed", ["Due Network", "Recent Network"]),
    ],
)
def test_the_secretariat_filters_communities_by_confirmation(
    client, secretariat, communities, choice, names
):
    client.force_login(secretariat)
    assert admin_names(client, confirmation=choice) == names


def test_the_changelist_shows_when_each_community_was_last_confirmed(
    client, secretariat, communities
):
    client.force_login(secretariat)
    response = client.get(reverse(CHANGELIST), {"confirmation": "overdue"})

    html = response.content.decode()
    assert "Last confirmed" in html
    assert "March 14, 2023" in html or "14 March 2023" in html


def test_the_change_page_shows_the_last_confirmation_read_only(client, secretariat, communities):
    client.force_login(secretariat)
    url = reverse("admin:registry_community_change", args=[communities["overdue"].pk])

    response = client.get(url)

    assert "confirmed_at" in response.context["adminform"].readonly_fields
    assert "confirmed_at" not in response.context["adminform"].form.fields
    assert "Last confirmed" in response.content.decode()


def remind(client, *communities):
    data = {"action": "remind_now", "index": 0, "_selected_action": [c.pk for c in communities]}
    return client.post(reverse(CHANGELIST), data, follow=True)


def test_the_secretariat_reminds_the_owners_of_due_communities_now(
    client, secretariat, make_user, make_community, sent_mail
):
    owner = make_user("owner@example.org")
    due = make_community("Due Network", owner=owner, confirmed_at=ago(ONLY_DUE))
    recent = make_community(
        "Recent Network", owner=make_user("other@example.org"), confirmed_at=ago(RECENT)
    )
    draft = make_community("Draft Network", status=Community.Status.DRAFT, owner=owner)
    client.force_login(secretariat)

    response = remind(client, due, recent, draft)

    html = response.content.decode()
    assert "1 reminder queued." in html
    assert "2 communities are not due for confirmation: no reminder sent." in html
    due.refresh_from_db()
    recent.refresh_from_db()
    assert (due.reminders_sent, recent.reminders_sent) == (1, 0)
    assert due.reminded_at is not None
    mails = sent_mail()
    assert [mail.to for mail in mails] == [["owner@example.org"]]


def test_remind_now_is_offered_to_the_secretariat(client, secretariat, communities):
    client.force_login(secretariat)
    response = client.get(reverse(CHANGELIST))
    assert "remind_now" in dict(response.context["action_form"].fields["action"].choices)


@pytest.mark.parametrize("role", ["task_force", "bureau"])
def test_task_forces_and_the_bureau_cannot_remind(
    request, client, role, make_user, make_community, sent_mail
):
    community = make_community(owner=make_user(), confirmed_at=ago(OVERDUE))
    client.force_login(request.getfixturevalue(role))

    # They read the list (task forces and the Bureau see communities), with no action.
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    form = response.context["action_form"]
    assert form is None or "remind_now" not in dict(form.fields["action"].choices)

    response = client.post(
        reverse(CHANGELIST),
        {"action": "remind_now", "index": 0, "_selected_action": [community.pk]},
    )

    assert response.status_code == 200
    community.refresh_from_db()
    assert (community.reminders_sent, community.reminded_at) == (0, None)
    assert sent_mail() == []


# --- No query per row ---------------------------------------------------------------------


def queries(client, url):
    client.get(url)  # warm: the site and the sessions are read once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [LIST_URL, f"{LIST_URL}?confirmed=1", "/", "/topics/pollination/"])
def test_the_notice_adds_no_query_per_community(client, make_community, url):
    def add(count, offset):
        for n in range(offset, offset + count):
            make_community(f"Network {n:02d}", confirmed_at=ago(OVERDUE if n % 2 else RECENT))

    add(3, 0)
    few = queries(client, url)
    add(27, 3)
    many = queries(client, url)

    assert many == few


def test_the_admin_changelist_adds_no_query_per_community(client, secretariat, make_community):
    client.force_login(secretariat)
    url = reverse(CHANGELIST)
    for n in range(3):
        make_community(f"Network {n:02d}", confirmed_at=ago(OVERDUE if n % 2 else RECENT))
    few = queries(client, url)
    for n in range(3, 30):
        make_community(f"Network {n:02d}", confirmed_at=ago(OVERDUE if n % 2 else RECENT))

    assert queries(client, url) == few
