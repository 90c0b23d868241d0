"""The language switcher is a link per language (no form, so no CSRF token on public
pages): /language/<code>/?next=<page> sets the language cookie and goes back to that
page of this site, never elsewhere."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_links_each_language_back_to_itself(client):
    html = client.get("/communities/?topic=pollination").content.decode()
    for code in ("en", "fr", "es", "ar", "zh-hans", "ru"):
        assert f'href="/language/{code}/?next=/communities/%3Ftopic%3Dpollination"' in html
    assert 'rel="nofollow"' in html
    assert '<form action="/i18n/setlang/"' not in html


def test_each_language_is_named_in_itself_and_the_current_one_marked(client):
    html = client.get("/about/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    switcher = html.split('<nav class="language-nav"', 1)[1].split("</nav>", 1)[0]
    for code, name in [("fr", "français"), ("zh-hans", "简体中文"), ("ru", "Русский")]:
        assert f'lang="{code}" hreflang="{code}" rel="nofollow">{name}</a>' in switcher
    assert switcher.count("aria-current") == 1
    assert 'hreflang="ar" rel="nofollow" aria-current="true">' in switcher


def test_the_page_to_come_back_to_is_escaped_in_the_link(client):
    html = client.get("/communities/", {"q": 'bee"s <b>&'}).content.decode()
    assert 'href="/language/fr/?next=/communities/%3Fq%3Dbee%2522s%2B%253Cb%253E%2526"' in html


def test_a_chosen_language_sticks_and_goes_back_with_the_query(client):
    response = client.get("/language/ru/", {"next": "/communities/?topic=pollination"})
    assert response.status_code == 302
    assert response["Location"] == "/communities/?topic=pollination"
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="ru"' in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "", "javascript:x"]
)
def test_next_outside_the_site_goes_to_the_front_page(client, next_url):
    response = client.get("/language/fr/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_unknown_language_is_404_and_sets_nothing(client):
    response = client.get("/language/xx/", {"next": "/about/"})
    assert response.status_code == 404
    assert not response.cookies


def test_the_switcher_is_not_for_crawlers(client):
    assert "Disallow: /language/" in client.get("/robots.txt").content.decode()


def test_a_head_request_is_answered_from_the_cache(client, page_cache, django_assert_num_queries):
    client.get("/about/")
    with django_assert_num_queries(0):
        response = client.head("/about/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["Cache-Control"] == "public, max-age=60"
