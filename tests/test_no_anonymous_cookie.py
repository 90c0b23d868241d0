"""Anonymous visitors get no cookie from any public page: no session, no CSRF token
(no public page shows them a POST form), no message. So every public page can be
kept in a shared cache, and a visitor is not tracked. The language cookie comes only
when they choose a language."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/communities/",
    "/communities/?topic=pollination&region=africa&q=network&sort=name&page=2",
    "/communities/?recognised=1&activity=uptake-event",
    "/communities/{slug}/",
    "/contributions/",
    "/contributions/?topic=pollination&upcoming=1&sort=oldest",
    "/topics/",
    "/topics/pollination/",
    "/functions/",
    "/functions/assessing-knowledge/",
    "/impact/",
    "/impact/?impact_type=policy",
    "/supporters/",
    "/coverage/",
    "/about/",
    "/communities/feed/",
    "/communities/feed/?topic=pollination",
    "/supporters/feed/",
    "/contributions/upcoming.ics",
    "/sitemap.xml",
    "/robots.txt",
    "/communities/export.csv",
    "/communities/export.json?topic=pollination",
    "/privacy/",
    "/vocabularies/",
    "/vocabularies/topics/",
    "/vocabularies/topics/pollination/",
    "/vocabularies/topics/pollination.jsonld",
    "/no-such-page/",
    "/communities/no-such-community/",
]
# As in production (DEBUG off): the cookies are __Host- prefixed and secure.
PRODUCTION_COOKIES = override_settings(
    DEBUG=False,
    SESSION_COOKIE_NAME="__Host-sessionid",
    CSRF_COOKIE_NAME="__Host-csrftoken",
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)


@pytest.fixture
def community(make_community, make_contribution, make_impact_example):
    community = make_community("Cookieless Network", regions=("africa",))
    make_contribution(community, title="A cookieless workshop", topics=("pollination",))
    make_impact_example(community)
    return community


def assert_no_cookie(response, url):
    assert response.status_code in (200, 404), url
    assert not response.cookies, f"{url} sets {list(response.cookies)}"
    assert not response.has_header("Set-Cookie"), url
    # Nothing on the page would need the CSRF cookie.
    if response.get("Content-Type", "").startswith("text/html"):
        assert "csrfmiddlewaretoken" not in response.content.decode(), url


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_no_public_page_sets_a_cookie(community, url):
    url = url.format(slug=community.slug)
    assert_no_cookie(Client().get(url), url)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_no_public_page_sets_a_cookie_with_debug_off(community, url):
    url = url.format(slug=community.slug)
    with PRODUCTION_COOKIES:
        assert_no_cookie(Client().get(url, secure=True), url)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_no_public_page_sets_a_cookie_from_the_page_cache(page_cache, community, url):
    url = url.format(slug=community.slug)
    visitor = Client()
    assert_no_cookie(visitor.get(url), url)
    assert_no_cookie(visitor.get(url), url)


def test_the_language_cookie_comes_only_when_a_language_is_chosen(community):
    visitor = Client()
    assert_no_cookie(visitor.get("/about/"), "/about/")

    response = visitor.get("/language/es/", {"next": "/about/"})

    assert list(response.cookies) == ["django_language"]
    assert response.cookies["django_language"].value == "es"
    # The page itself still sets none.
    assert_no_cookie(visitor.get("/about/"), "/about/")
