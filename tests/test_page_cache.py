"""Anonymous public pages come from the shared cache, and a change is on the very next
request: the data version (registry/data_version.py) moves on when a change commits,
through the services, the coordinators' pages or the admin.

The freshness tests commit for real (transactional database), as production does."""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from registry import data_version, services
from registry.models import Community, Topic
from tests.test_security_headers import assert_security_headers

pytestmark = pytest.mark.django_db

# serialized_rollback: a plain transactional test's flush recreates the content types,
# which the next test restoring a snapshot (tests/test_races.py) would collide with.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLIC_URLS = [
    "/",
    "/communities/",
    "/communities/?topic=pollination&sort=name",
    "/communities/{slug}/",
    "/communities/feed/",
    "/contributions/",
    "/contributions/?topic=pollination",
    "/contributions/upcoming.ics",
    "/topics/",
    "/topics/pollination/",
    "/functions/",
    "/functions/assessing-knowledge/",
    "/impact/",
    "/supporters/",
    "/supporters/feed/",
    "/coverage/",
    "/about/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.fixture
def community(make_community, make_contribution, make_impact_example):
    community = make_community("Cached Pollinator Network")
    make_contribution(community, title="Cached workshop", topics=("pollination",))
    make_impact_example(community, title="Cached impact")
    return community


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_repeated_anonymous_request_runs_no_query(
    client, page_cache, community, django_assert_num_queries, url
):
    url = url.format(slug=community.slug)
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == "public, max-age=60"


def test_a_cache_hit_still_carries_the_security_headers(client, page_cache, community):
    client.get("/communities/")
    hit = client.get("/communities/")
    assert_security_headers(hit)
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Content-Language"] == "en"
    assert hit["Vary"] == "Accept-Language, Cookie, Accept-Encoding"


def test_the_query_string_is_part_of_the_key(client, page_cache, make_community):
    make_community("Alpha Pollinators", topics=("pollination",))
    make_community("Beta Nexus", topics=("nexus",))
    assert "Beta Nexus" in client.get("/communities/").content.decode()
    html = client.get("/communities/?topic=pollination").content.decode()
    assert "Alpha Pollinators" in html and "Beta Nexus" not in html


def stored_pages(cache):
    return [key for key in cache._cache if ":page:" in key]


def test_the_page_cache_is_off_with_zero_seconds(client, page_cache, settings, community):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/topics/")
    response = client.get("/topics/")
    assert "Cache-Control" not in response
    assert not stored_pages(page_cache)  # nothing stored


# --- Freshness: a committed change is on the very next request ------------------------


@committed
def test_a_community_published_through_the_service_is_listed_at_once(
    page_cache, make_community, secretariat
):
    waiting = make_community("Freshly Published Network", status=Community.Status.SUBMITTED)
    visitor = Client()
    assert "Freshly Published Network" not in visitor.get("/communities/").content.decode()
    assert "Freshly Published Network" not in visitor.get("/communities/").content.decode()

    services.community_publish(community=waiting, user=secretariat)

    assert "Freshly Published Network" in visitor.get("/communities/").content.decode()
    assert visitor.get(f"/communities/{waiting.slug}/").status_code == 200


@committed
def test_an_edit_of_a_community_shows_at_once(page_cache, make_community):
    community = make_community("Before The Edit", summary="A summary.")
    visitor = Client()
    url = f"/communities/{community.slug}/"
    assert "Before The Edit" in visitor.get(url).content.decode()

    community.name = "After The Edit"
    community.save(update_fields=["name"])

    html = visitor.get(url).content.decode()
    assert "After The Edit" in html and "Before The Edit" not in html


@committed
def test_a_contribution_added_shows_at_once(page_cache, community, make_contribution):
    visitor = Client()
    url = f"/communities/{community.slug}/"
    assert "Brand new webinar" not in visitor.get(url).content.decode()

    make_contribution(community, title="Brand new webinar")

    assert "Brand new webinar" in visitor.get(url).content.decode()


@committed
def test_an_admin_edit_of_a_topic_label_shows_at_once(page_cache, secretariat, community):
    visitor = Client()
    assert "Pollinators and food webs" not in visitor.get("/topics/").content.decode()
    topic = Topic.objects.get(slug="pollination")
    admin = Client()
    admin.force_login(secretariat)

    response = admin.post(
        reverse("admin:registry_topic_change", args=[topic.pk]),
        {
            "name": "Pollinators and food webs",
            "slug": topic.slug,
            "position": topic.position,
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Pollinators and food webs" in visitor.get("/topics/").content.decode()
    assert "Pollinators and food webs" in visitor.get("/").content.decode()


def test_after_a_change_the_version_is_read_once_with_the_page(
    page_cache, make_community, monkeypatch
):
    """The lookup reads the version and the page in one round trip; when the version
    has moved on, the one it just read is used, not read again."""
    community = make_community("Read Once")
    visitor = Client()
    url = f"/communities/{community.slug}/"
    visitor.get(url)
    community.summary = "Changed."
    community.save(update_fields=["summary"])
    reads = []
    current = data_version.current
    monkeypatch.setattr(data_version, "current", lambda: reads.append(1) or current())
    assert "Changed." in visitor.get(url).content.decode()
    assert reads == []


@committed
def test_the_version_moves_on_only_when_the_change_commits(page_cache, make_community):
    community = make_community("Committed Or Not")
    before = data_version.current()
    with transaction.atomic():
        community.name = "Renamed inside a transaction"
        community.save(update_fields=["name"])
        # Others cannot see the change yet: a page rendered now is the old one.
        assert data_version.current() == before
    after = data_version.current()
    assert after != before
    assert after.changed_at > before.changed_at


@committed
def test_a_rolled_back_change_keeps_the_version(page_cache, make_community):
    community = make_community("Rolled Back")
    before = data_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        community.name = "Never committed"
        community.save(update_fields=["name"])
        raise RuntimeError
    assert data_version.current() == before


def test_a_queryset_update_through_a_service_moves_the_version(
    page_cache, make_community, make_user
):
    owner = make_user()
    community = make_community("Confirmed By Edit", owner=owner)
    before = data_version.current()
    services.community_edited(community=community, user=owner)
    assert data_version.current() != before


def test_a_sign_in_leaves_the_cached_pages(page_cache, make_user):
    before = data_version.current()
    user = make_user()
    user.save(update_fields=["last_login"])
    assert data_version.current() == before


# --- Signed-in visitors -----------------------------------------------------------------


def test_a_signed_in_person_never_gets_the_anonymous_page(client, page_cache, make_user):
    visitor = Client()
    assert "Sign out" not in visitor.get("/about/").content.decode()
    client.force_login(make_user())

    response = client.get("/about/")

    assert "Sign out" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_signed_in_persons_page_is_never_stored(client, page_cache, make_user):
    client.force_login(make_user())
    assert "Sign out" in client.get("/topics/").content.decode()
    assert "Sign out" in client.get("/topics/").content.decode()
    assert not stored_pages(page_cache)

    anonymous = Client().get("/topics/")
    assert "Sign out" not in anonymous.content.decode()


def test_a_visitor_with_a_session_is_answered_without_the_cache(client, page_cache, community):
    Client().get("/about/")
    client.cookies["sessionid"] = "whatever"
    response = client.get("/about/")
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_pages_outside_the_list_are_not_stored(client, page_cache):
    assert client.get("/subscriptions/new/?kind=communities").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    assert not stored_pages(page_cache)


def _sets_a_cookie(request):
    response = HttpResponse("<p>About, with a cookie</p>")
    response.set_cookie("tracking", "1")
    return response


# Named like the real page, so on the list of public pages.
urlpatterns = [path("", include(([path("about/", _sets_a_cookie, name="about")], "registry")))]


def test_a_page_that_sets_a_cookie_is_not_stored(client, page_cache, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/about/")
    assert response.cookies["tracking"].value == "1"
    assert not stored_pages(page_cache)


# --- Languages -------------------------------------------------------------------------


def test_each_language_of_a_url_is_cached_apart(page_cache):
    english, french = Client(), Client(headers={"accept-language": "fr"})
    assert '<html lang="en"' in english.get("/about/").content.decode()
    assert '<html lang="fr"' in french.get("/about/").content.decode()
    assert '<html lang="en"' in english.get("/about/").content.decode()
    assert '<html lang="fr"' in french.get("/about/").content.decode()


def test_the_language_chosen_by_link_is_served_from_the_cache(page_cache):
    visitor = Client()
    assert '<html lang="en"' in visitor.get("/about/").content.decode()

    response = visitor.get("/language/fr/", {"next": "/about/"})

    assert response.status_code == 302 and response["Location"] == "/about/"
    french = visitor.get("/about/")
    assert '<html lang="fr"' in french.content.decode()
    assert french["Content-Language"] == "fr"
    assert '<html lang="fr"' in visitor.get("/about/").content.decode()
    assert '<html lang="en"' in Client().get("/about/").content.decode()


# --- cached() ------------------------------------------------------------------------


def test_cached_computes_once_per_version_and_language(page_cache, make_community):
    calls = []

    def compute():
        calls.append(1)
        return Community.objects.published().count()

    assert data_version.cached("published", ["a"], compute) == 0
    assert data_version.cached("published", ["a"], compute) == 0
    assert len(calls) == 1
    data_version.cached("published", ["b"], compute)
    assert len(calls) == 2

    make_community("Counted")

    assert data_version.cached("published", ["a"], compute) == 1
    assert len(calls) == 3


def test_the_deploy_check_refuses_a_cache_local_to_each_process(page_cache):
    (warning,) = data_version.check_cache_is_shared()
    assert warning.id == "registry.W001"


def test_the_deploy_check_accepts_a_shared_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "registry.maintenance.DatabaseCache",
            "LOCATION": "registry_cache",
        }
    }
    assert data_version.check_cache_is_shared() == []


def test_a_flood_of_pages_never_culls_a_rate_limit_out_of_the_database_cache(client, settings):
    """Any query string makes a page; pages live in a cache of their own (CACHES["pages"])."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "registry.maintenance.DatabaseCache",
            "LOCATION": "registry_cache",
            "OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2},
        },
        "pages": {
            "BACKEND": "registry.maintenance.DatabaseCache",
            "LOCATION": "registry_page_cache",
            "OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2},
        },
    }
    settings.PAGE_CACHE_SECONDS = 600
    caches["default"].set("allauth:rl:login_failed:someone", [1, 2, 3], 3600)
    for n in range(20):
        assert client.get(f"/about/?utm={n}").status_code == 200
    assert caches["pages"].get("allauth:rl:login_failed:someone") is None
    assert caches["default"].get("allauth:rl:login_failed:someone") == [1, 2, 3]
