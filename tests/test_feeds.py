"""Atom feeds (new communities of a filtered list, new recognitions) and the iCalendar
feed of upcoming contributions."""

import datetime

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from registry import services
from registry.models import Community, Recommendation

COMMUNITY_FEED = reverse("registry:community_feed")
RECOGNITION_FEED = reverse("registry:supporter_feed")
ICS_URL = reverse("registry:contributions_ics")


@pytest.fixture
def recognise(make_round, make_recommendation, bureau):
    def recognise(community, round_title="Bureau meeting"):
        recommendation = make_recommendation(
            community,
            status=Recommendation.Status.SUBMITTED,
            round=services.open_round() or make_round(round_title),
        )
        services.recommendation_decide(
            recommendation=recommendation, user=bureau, decision="endorsed", note="Yes."
        )
        return community.recognitions.get(withdrawn_at=None)

    return recognise


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_the_community_feed_lists_the_newest_published_communities_first(client, make_community):
    now = timezone.now()
    for days, name in enumerate(["Newest", "Middle", "Oldest"]):
        community = make_community(name, summary=f"About {name}.")
        Community.objects.filter(pk=community.pk).update(
            published_at=now - datetime.timedelta(days=days)
        )
    make_community("Draft", status=Community.Status.DRAFT)
    feed = parse(client, COMMUNITY_FEED)
    assert [entry.title for entry in feed.entries] == ["Newest", "Middle", "Oldest"]
    assert feed.entries[0].link == "http://testserver/communities/newest/"
    assert feed.entries[0].summary == "About Newest."


def test_the_community_feed_follows_the_list_filters(client, make_community):
    make_community("Bees Africa", topics=("pollination",), regions=("africa",))
    make_community("Bees Americas", topics=("pollination",), regions=("americas",))
    make_community("Nexus Africa", topics=("nexus",), regions=("africa",))
    feed = parse(client, f"{COMMUNITY_FEED}?topic=pollination&region=africa")
    assert [entry.title for entry in feed.entries] == ["Bees Africa"]
    assert feed.feed.link == "http://testserver/communities/?topic=pollination&region=africa"


def test_the_community_feed_tolerates_bad_parameters(client, make_community):
    make_community("Bees")
    feed = parse(client, f"{COMMUNITY_FEED}?sort=evil&page=-1&recognised=maybe")
    assert [entry.title for entry in feed.entries] == ["Bees"]
    assert parse(client, f"{COMMUNITY_FEED}?topic=nope&country=%3Cx%3E").entries == []


def test_the_recognition_feed_lists_active_recognitions(client, make_community, recognise, bureau):
    recognition = recognise(make_community("Bee Guardians"), round_title="Bureau meeting 12")
    withdrawn = recognise(make_community("Faded Network"))
    services.recognition_withdraw(recognition=withdrawn, user=bureau, reason="Inactive.")
    feed = parse(client, RECOGNITION_FEED)
    assert [entry.title for entry in feed.entries] == ["Bee Guardians"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver/communities/bee-guardians/"
    assert "IPBES collaborative supporter since" in entry.summary
    assert recognition.task_force.name in entry.summary
    assert "round Bureau meeting 12" in entry.summary


def test_the_recognition_feed_hides_archived_communities(client, make_community, recognise):
    community = make_community("Archived Later")
    recognise(community)
    Community.objects.filter(pk=community.pk).update(status=Community.Status.ARCHIVED)
    assert parse(client, RECOGNITION_FEED).entries == []


# --- iCalendar ------------------------------------------------------------------------------


@pytest.fixture
def events(make_community, make_contribution):
    today = timezone.localdate()
    community = make_community("Bee Guardians", regions=("africa",))
    other = make_community("Reef Circle", regions=("asia-pacific",))
    draft = make_community("Draft Net", status=Community.Status.DRAFT)
    make_contribution(
        community,
        title="Workshop; pollinators, and bees\\ friends",
        start_date=today + datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=7),
        description="Line one\nLine two: " + "é" * 80,
        countries=["KE"],
    )
    make_contribution(
        other, title="Reef webinar", start_date=today + datetime.timedelta(days=2), online=True
    )
    make_contribution(community, title="Past event", start_date=today - datetime.timedelta(days=3))
    make_contribution(draft, title="Hidden", start_date=today + datetime.timedelta(days=3))
    return today


def calendar(client, query=""):
    response = client.get(f"{ICS_URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content, icalendar.Calendar.from_ical(response.content)


def test_the_calendar_holds_upcoming_contributions_of_published_communities(client, events):
    _, cal = calendar(client)
    summaries = [str(event["SUMMARY"]) for event in cal.walk("VEVENT")]
    assert summaries == ["Reef webinar", "Workshop; pollinators, and bees\\ friends"]


def test_calendar_events_are_all_day_with_an_exclusive_end(client, events):
    _, cal = calendar(client)
    workshop = [e for e in cal.walk("VEVENT") if "Workshop" in str(e["SUMMARY"])][0]
    assert workshop["DTSTART"].dt == events + datetime.timedelta(days=5)
    assert workshop["DTEND"].dt == events + datetime.timedelta(days=8)
    assert workshop["LOCATION"] == "Kenya"
    assert str(workshop["UID"]).startswith("contribution-")
    assert workshop["DTSTAMP"].dt.tzinfo is not None
    assert str(workshop["URL"]).startswith("http://testserver/communities/bee-guardians/#")
    assert str(workshop["DESCRIPTION"]).startswith("Bee Guardians")
    assert "Line one\nLine two: " + "é" * 80 in str(workshop["DESCRIPTION"])
    webinar = [e for e in cal.walk("VEVENT") if "Reef" in str(e["SUMMARY"])][0]
    assert webinar["DTEND"].dt == events + datetime.timedelta(days=3)
    assert webinar["LOCATION"] == "Online"


def test_the_calendar_text_follows_rfc_5545(client, events):
    body, _ = calendar(client)
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert body.endswith(b"END:VCALENDAR\r\n")
    lines = body.split(b"\r\n")
    assert all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long description was folded
    assert b"SUMMARY:Workshop\\; pollinators\\, and bees\\\\ friends\r\n" in body


def test_the_calendar_follows_the_contribution_filters(client, events):
    _, cal = calendar(client, "region=asia-pacific")
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Reef webinar"]


def test_calendar_text_is_escaped_and_folded_between_characters(
    client, make_community, make_contribution
):
    make_contribution(
        make_community("Bee Guardians"),
        title="a,b;c\\d\ne",
        start_date=timezone.localdate() + datetime.timedelta(days=1),
        description="é" * 100,
    )
    body, _ = calendar(client)
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # no line ends inside a character
    unfolded = body.decode("utf-8").replace("\r\n ", "")
    assert "\r\nSUMMARY:a\\,b\\;c\\\\d\\ne\r\n" in unfolded
    assert "\r\nDESCRIPTION:Bee Guardians — " in unfolded
    assert "\\n\\n" + "é" * 100 + "\r\n" in unfolded


def test_the_calendar_is_a_named_ics_file(client, events):
    response = client.get(ICS_URL)
    assert response["Content-Disposition"] == (
        'inline; filename="ipbes-upcoming-contributions.ics"'
    )
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]
    assert all(uid.startswith("contribution-") and uid.endswith("@testserver") for uid in uids)
