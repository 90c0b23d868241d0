"""The API behaves as a public API: ETag and 304, CORS for GET on /api/ only, a
per-client rate limit (429 with Retry-After), errors as problem details (RFC 9457)
naming the bad parameter, never an HTML page, and no cookie."""

import re

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from registry.api import errors

PROBLEM = "application/problem+json"


@pytest.fixture
def data(site_data):
    return site_data(3)


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    assert body["detail"]
    return body


# --- ETag and 304 -------------------------------------------------------------------------


def test_a_list_carries_an_etag_and_a_matching_if_none_match_gets_304(client, data):
    url = reverse("api:communities-list") + "?topic=pollination"
    first = client.get(url)
    etag = first["ETag"]
    assert etag
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_the_etag_changes_when_the_data_does(client, data, make_community):
    url = reverse("api:communities-list")
    etag = client.get(url)["ETag"]
    make_community("A brand new network")
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_details_vocabularies_and_the_schema_answer_304_too(client, data):
    for url in (
        reverse("api:communities-detail", args=[data[0].slug]),
        reverse("api:topics-list"),
        reverse("api:schema"),
    ):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304, url


# --- CORS ---------------------------------------------------------------------------------


def test_api_answers_carry_cors_headers_for_any_origin(client, data):
    for url in ("/api/v1/", reverse("api:communities-list"), reverse("api:schema")):
        response = client.get(url, headers={"origin": "https://ipbes.example.net"})
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert "ETag" in response["Access-Control-Expose-Headers"]
        assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_for_get_with_if_none_match_is_allowed(client, db):
    response = client.options(
        reverse("api:communities-list"),
        headers={
            "origin": "https://ipbes.example.net",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "POST" not in response["Access-Control-Allow-Methods"]
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize(
    "url", ["/", "/communities/", "/contributions/", "/communities/export.json"]
)
def test_no_cors_header_outside_the_api(client, data, url):
    response = client.get(url, headers={"origin": "https://ipbes.example.net"})
    assert "Access-Control-Allow-Origin" not in response


# --- Rate limit ---------------------------------------------------------------------------


def test_past_the_rate_limit_a_client_gets_429_with_retry_after(client, db, settings):
    settings.API_RATE_LIMIT = "3/minute"
    url = reverse("api:topics-list")
    for _ in range(3):
        assert client.get(url).status_code == 200
    response = client.get(url)
    body = assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0
    assert "Try again" in body["detail"]
    # Another client is not held back by the first one's requests.
    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/schema/",
        "/api/v1/schema/?format=yaml",
        "/api/v1/schema/?format=json",
        "/api/v1/docs/",
        "/api/v1/topics/?format=json",
    ],
)
def test_past_the_limit_every_form_of_every_endpoint_answers_a_json_problem(
    client, db, settings, url
):
    """The schema's YAML form and the HTML documentation page too: a 429 is the same
    problem details in JSON, whatever the renderer the endpoint would have used."""
    settings.API_RATE_LIMIT = "1/minute"
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0


def test_the_limit_counts_in_the_shared_default_cache(client, db, settings):
    settings.API_RATE_LIMIT = "5/minute"
    client.get(reverse("api:topics-list"))
    assert len(cache.get("throttle_api_127.0.0.1")) == 1


def test_the_rate_limit_holds_for_signed_in_people_too(client, make_user, settings):
    settings.API_RATE_LIMIT = "1/minute"
    client.force_login(make_user())
    assert client.get(reverse("api:topics-list")).status_code == 200
    assert client.get(reverse("api:topics-list")).status_code == 429


# --- Problem details ----------------------------------------------------------------------

BAD_VALUES = [
    ("communities", "topic=nonexistent", "topic"),
    ("communities", "topic=pollination&region=atlantis", "region"),
    ("communities", "country=ZZ", "country"),
    ("communities", "recognised=perhaps", "recognised"),
    ("communities", "sort=shoe-size", "sort"),
    ("communities", "sort=relevance", "sort"),  # relevance needs a search
    ("communities", "q=" + "x" * 201, "q"),
    ("communities", "limit=1000", "limit"),
    ("communities", "limit=0", "limit"),
    ("communities", "page=abc", "page"),
    ("contributions", "year=abc", "year"),
    ("contributions", "year=1066", "year"),
    ("contributions", "deliverable=nope&activity=uptake-event", "deliverable"),
    ("contributions", "upcoming=later", "upcoming"),
    ("impact-examples", "deliverable=nope", "deliverable"),
    ("impact-examples", "impact_type=rumour", "impact_type"),
]


@pytest.mark.parametrize(("endpoint", "query", "parameter"), BAD_VALUES)
def test_a_bad_filter_value_is_a_400_problem_naming_the_parameter(
    client, data, endpoint, query, parameter
):
    response = client.get(reverse(f"api:{endpoint}-list") + "?" + query)
    body = assert_problem(response, 400)
    assert body["title"] == "Bad Request"
    assert [error["parameter"] for error in body["errors"]] == [parameter]
    assert re.search(rf"\b{parameter}\b", body["detail"])


def test_several_bad_parameters_are_all_named(client, data):
    response = client.get(reverse("api:contributions-list") + "?topic=nope&year=abc")
    body = assert_problem(response, 400)
    assert {error["parameter"] for error in body["errors"]} == {"topic", "year"}


def test_good_values_in_any_case_and_empty_values_are_accepted(client, data):
    url = reverse("api:communities-list")
    assert client.get(url + "?topic=Pollination&country=ke&recognised=true").status_code == 200
    assert client.get(url + "?topic=&region=&sort=").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing-here/",
        "/api/v1/communities/no-such-community/",
        "/api/v1/topics/no-such-topic/",
        "/api/v2/",
        "/api/v1/communities/?page=999",
        "/api/v1/communities/?q=%00",  # control characters: refused before any view
    ],
)
def test_not_found_under_the_api_is_a_problem_never_an_html_page(client, data, url):
    assert_problem(client.get(url), 404)


def test_an_address_without_its_slash_is_redirected_like_the_rest_of_the_site(client, db):
    response = client.get("/api/v1/communities?topic=pollination")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/communities/?topic=pollination"
    assert client.get("/api/").status_code == 302


def test_not_found_outside_the_api_is_still_the_sites_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, data, method):
    response = getattr(client, method)(reverse("api:communities-list"))
    body = assert_problem(response, 405)
    assert "GET" in response["Allow"]
    assert body["title"] == "Method Not Allowed"


def test_a_server_error_under_the_api_is_a_problem(db):
    request = RequestFactory().get("/api/v1/communities/")
    response = errors.server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    elsewhere = errors.server_error(RequestFactory().get("/communities/"))
    assert elsewhere["Content-Type"].startswith("text/html")


def test_an_unacceptable_format_is_a_problem(client, db):
    response = client.get(reverse("api:topics-list"), headers={"accept": "application/xml"})
    assert_problem(response, 406)


# --- Cookies, caching, dates ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "staff"])
def test_api_answers_set_no_cookie(client, data, make_user, secretariat, who):
    if who == "coordinator":
        client.force_login(make_user())
    elif who == "staff":
        client.force_login(secretariat)
    for url in (
        reverse("api:root"),
        reverse("api:communities-list"),
        reverse("api:communities-detail", args=[data[0].slug]),
        reverse("api:communities-list") + "?topic=nonexistent",
        reverse("api:schema"),
        reverse("api:docs"),
    ):
        response = client.get(url)
        assert not response.cookies, (url, response.cookies)


def test_answers_are_public_and_revalidated(client, data):
    response = client.get(reverse("api:communities-list"))
    assert "public" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_moments_are_utc_iso_8601_and_dates_iso_dates(client, data):
    community = client.get(reverse("api:communities-list")).json()["results"][0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", community["published_at"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", community["confirmed_at"])
    contribution = client.get(reverse("api:contributions-list")).json()["results"][0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", contribution["start_date"])


def test_slugs_are_the_identifiers_in_urls(client, data):
    community = client.get(reverse("api:communities-list")).json()["results"][0]
    detail = client.get(f"/api/v1/communities/{community['slug']}/").json()
    assert detail["slug"] == community["slug"]
    assert client.get("/api/v1/topics/pollination/").json()["name"] == "Pollination and pollinators"


def test_staff_get_no_cookie_from_any_address_under_the_api(client, secretariat):
    """Not even from a 404 or the slash redirect: the staff session timer is not the API's."""
    client.force_login(secretariat)
    for url in ("/api/", "/api/v1/nothing/", "/api/v1/communities"):
        response = client.get(url)
        assert not response.cookies, (url, response.cookies)


@pytest.mark.parametrize("parameter", ["page", "limit"])
def test_a_page_number_of_thousands_of_digits_is_a_400_not_a_500(client, data, parameter):
    response = client.get(reverse("api:communities-list"), {parameter: "9" * 5000})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert parameter in response.content.decode()
