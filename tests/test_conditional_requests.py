"""Anonymous public pages say how long they may be kept and answer conditional
requests: Cache-Control public with a short max-age, a weak ETag (the body's hash) and
Last-Modified (when the data last changed); If-None-Match and If-Modified-Since get a
304, from the cache or not, until the page changes. Signed-in pages stay private."""

import pytest
from django.test import Client
from django.utils.http import http_date, parse_http_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(make_community, make_contribution):
    community = make_community("Conditional Network")
    make_contribution(community, title="Conditional workshop")
    return community


def test_an_anonymous_public_page_may_be_kept_briefly(client, page_cache, community):
    response = client.get("/communities/")
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('W/"')
    assert parse_http_date(response["Last-Modified"])
    assert response["Vary"] == "Accept-Language, Cookie, Accept-Encoding"


def test_max_age_follows_the_setting(client, page_cache, settings):
    settings.PAGE_CACHE_MAX_AGE = 5
    assert client.get("/about/")["Cache-Control"] == "public, max-age=5"


@pytest.mark.parametrize("stored", [False, True], ids=["first request", "cache hit"])
def test_a_matching_etag_gets_304(client, page_cache, community, stored):
    etag = client.get("/communities/")["ETag"]
    if not stored:
        page_cache.clear()

    response = client.get("/communities/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=60"


def test_if_modified_since_the_last_change_gets_304(client, page_cache, community):
    last_modified = client.get(f"/communities/{community.slug}/")["Last-Modified"]

    response = client.get(
        f"/communities/{community.slug}/", headers={"if-modified-since": last_modified}
    )

    assert response.status_code == 304


def test_a_change_since_then_gets_the_new_page(client, page_cache, community, make_contribution):
    url = f"/communities/{community.slug}/"
    first = client.get(url)

    make_contribution(community, title="A later webinar")

    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert by_date.status_code == 200
    assert "A later webinar" in by_date.content.decode()
    assert parse_http_date(by_date["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    by_tag = client.get(url, headers={"if-none-match": first["ETag"]})
    assert by_tag.status_code == 200
    assert by_tag["ETag"] != first["ETag"]


def test_a_change_elsewhere_keeps_the_etag_of_an_unchanged_page(
    client, page_cache, community, make_community
):
    etag = client.get("/about/")["ETag"]
    make_community("Unrelated Network")
    assert client.get("/about/", headers={"if-none-match": etag}).status_code == 304


def test_an_old_if_modified_since_gets_the_page(client, page_cache, community):
    response = client.get("/communities/", headers={"if-modified-since": http_date(0)})
    assert response.status_code == 200


def test_a_non_matching_etag_gets_the_page(client, page_cache, community):
    response = client.get("/communities/", headers={"if-none-match": 'W/"other"'})
    assert response.status_code == 200
    assert "Conditional Network" in response.content.decode()


def test_signed_in_pages_stay_private_and_unconditional(page_cache, make_user, community):
    person = Client()
    person.force_login(make_user())
    response = person.get("/communities/")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    anonymous_etag = Client().get("/communities/")["ETag"]
    assert person.get("/communities/", headers={"if-none-match": anonymous_etag}).status_code == 200
