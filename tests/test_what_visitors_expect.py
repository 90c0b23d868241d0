"""Details a visitor meets (issue 13): recognition wording, past and upcoming
contributions, relevance after a new search, heading levels, text direction, and
the one source of the links in e-mails."""

import datetime
import re

import pytest
from django.utils import timezone

from registry import services
from registry.markdown import render_markdown
from registry.models import Community
from tests.public_site_data import recognise
from tests.test_html_validity import public_urls

pytestmark = pytest.mark.django_db


def test_recognition_says_when_the_bureau_endorsed_it_and_at_which_round(
    client, make_community, bureau, make_round, make_recommendation
):
    community = make_community("Pollinator Watch", topics=["pollination"])
    recognition = recognise(
        community, bureau=bureau, make_round=make_round, make_recommendation=make_recommendation
    )
    since = recognition.since.strftime("%-d %B %Y")
    page = client.get(community.get_absolute_url()).content.decode()
    assert "Recognised since" not in page
    assert f"Endorsed on {since} by the IPBES Bureau, {recognition.round.title}" in page
    supporters = client.get("/supporters/").content.decode()
    assert "Recognised since" not in supporters
    assert "Endorsed by the IPBES Bureau on" in supporters


def test_community_page_keeps_upcoming_contributions_apart_from_past_ones(
    client, make_community, make_contribution
):
    community = make_community("Pollinator Watch", topics=["pollination"])
    today = timezone.localdate()
    make_contribution(community, title="Past workshop", start_date=today - datetime.timedelta(30))
    make_contribution(community, title="Future summit", start_date=today + datetime.timedelta(400))
    page = client.get(community.get_absolute_url()).content.decode()
    contributions = page.index('id="contributions-heading"')
    upcoming = page.index('id="upcoming-heading"')
    # After the headings: the page's JSON-LD, in its head, names both as events too.
    past, future = (
        page.index(title, contributions) for title in ("Past workshop", "Future summit")
    )
    assert contributions < past < upcoming < future


def test_topic_page_recent_contributions_are_past_ones(client, make_community, make_contribution):
    community = make_community("Pollinator Watch", topics=["pollination"])
    today = timezone.localdate()
    make_contribution(
        community,
        title="Past workshop",
        topics=["pollination"],
        start_date=today - datetime.timedelta(30),
    )
    make_contribution(
        community,
        title="Future summit",
        topics=["pollination"],
        start_date=today + datetime.timedelta(400),
    )
    page = client.get("/topics/pollination/").content.decode()
    assert "Past workshop" in page
    assert "Future summit" not in page


def test_contributions_newest_first_leads_with_what_happened(
    client, make_community, make_contribution
):
    community = make_community("Pollinator Watch", topics=["pollination"])
    today = timezone.localdate()
    make_contribution(community, title="Older workshop", start_date=today - datetime.timedelta(90))
    make_contribution(community, title="Recent workshop", start_date=today - datetime.timedelta(3))
    make_contribution(community, title="Far summit", start_date=today + datetime.timedelta(700))
    make_contribution(community, title="Near summit", start_date=today + datetime.timedelta(20))
    titles = re.findall(
        r'class="card-title" dir="auto">([^<]+)<', client.get("/contributions/").content.decode()
    )
    assert titles == ["Recent workshop", "Older workshop", "Near summit", "Far summit"]
    upcoming = client.get("/contributions/?upcoming=1").content.decode()
    titles = re.findall(r'class="card-title" dir="auto">([^<]+)<', upcoming)
    assert titles == ["Near summit", "Far summit"]


def test_a_new_search_ranks_by_relevance_even_from_a_list_sorted_by_name(client, make_community):
    make_community("Alpha network", summary="Data about pollinators.", topics=["pollination"])
    make_community("Pollinator Watch", summary="Pollinators everywhere.", topics=["pollination"])
    # The list was sorted by name; the Search button (search=new) starts a new search.
    response = client.get("/communities/", {"q": "pollinator", "sort": "name", "search": "new"})
    page = response.content.decode()
    assert response.context["sort"] == "relevance"
    assert "Most relevant to “pollinator” first." in page
    assert "That sort order is not available" not in page
    # Choosing an order afterwards is honoured.
    response = client.get("/communities/", {"q": "pollinator", "sort": "name"})
    assert response.context["sort"] == "name"
    assert 'name="search" value="new"' in page


def test_user_headings_never_skip_a_level():
    html = str(render_markdown("## Goals\n\ntext\n\n#### Detail\n\nmore"))
    assert "<h3>Goals</h3>" in html
    assert "<h4>Detail</h4>" in html
    assert "<h4>Goals</h4>" in str(render_markdown("# Goals", top=4))


def test_community_page_headings_are_in_order(client, make_community, make_contribution):
    community = make_community(
        "Pollinator Watch", topics=["pollination"], description="## Our aims\n\nMany."
    )
    make_contribution(community, title="A workshop", description="## Programme\n\nTalks.")
    page = client.get(community.get_absolute_url()).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", page)]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_user_text_is_marked_dir_auto(client, make_community, make_contribution):
    community = make_community("Pollinator Watch!", topics=["pollination"], summary="Bees, etc.")
    make_contribution(community, title="Workshop (online)")
    client.cookies["django_language"] = "ar"
    page = client.get(community.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<span dir="auto">Pollinator Watch!</span>' in page
    assert '<p class="lead" dir="auto">Bees, etc.</p>' in page
    assert '<h3 dir="auto">Workshop (online)</h3>' in page
    listing = client.get("/communities/").content.decode()
    assert 'dir="auto">Pollinator Watch!</a>' in listing
    assert '<p class="card-summary" dir="auto">Bees, etc.</p>' in listing


def test_email_links_share_one_origin_with_verification_links(
    client, settings, make_community, secretariat, sent_mail
):
    """A server on another port: the verification e-mail and a notice link to it alike."""
    settings.SITE_URL_FIXED = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["registry.test"]
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "display_name": "New Person",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
        HTTP_HOST="registry.test:8123",
    )
    verification = sent_mail()[-1].body
    assert "http://registry.test:8123/accounts/confirm-email/" in verification
    assert "127.0.0.1:8000" not in verification


def test_email_links_use_site_url_when_it_is_set(
    client, settings, make_community, make_user, secretariat, sent_mail
):
    settings.SITE_URL_FIXED = True
    settings.SITE_URL = "https://registry.example.org"
    community = make_community(
        "Pollinator Watch", status=Community.Status.SUBMITTED, owner=make_user()
    )
    services.community_publish(community=community, user=secretariat)
    body = sent_mail()[-1].body
    assert "https://registry.example.org/communities/" in body


def test_a_notice_sent_during_a_request_links_to_that_request_host(
    client, settings, make_community, make_user, secretariat, sent_mail
):
    settings.SITE_URL_FIXED = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["registry.test"]
    owner = make_user()
    community = make_community("Pollinator Watch", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    client.post(
        f"/my/communities/{community.slug}/submit/",
        {"confirm": "1"},
        HTTP_HOST="registry.test:8123",
    )
    bodies = [m.body for m in sent_mail()]
    assert any("http://registry.test:8123/admin/" in body for body in bodies), bodies
    assert not any("127.0.0.1:8000" in body for body in bodies)


def test_every_public_page_type_has_its_headings_in_order(client, site_data):
    site_data(3)
    urls = public_urls(Community.objects.published().order_by("name").first())
    skipping = {}
    for name, url in urls.items():
        page = client.get(url).content.decode()
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", page)]
        if levels[:1] != [1] or any(b > a + 1 for a, b in zip(levels, levels[1:], strict=False)):
            skipping[name] = levels
    assert skipping == {}
