"""Every vocabulary term has a stable URI that answers HTML for people and schema.org
JSON-LD (DefinedTermSet, DefinedTerm) for machines, by content negotiation."""

import json

import pytest
from django.urls import reverse

from registry.models import Deliverable, Region, TaskForce, Topic
from registry.vocabularies import VOCABULARIES, set_uri, term_uri
from tests.html_validity import validate_html
from tests.linked_data import RDF_TYPE, schema, triples

pytestmark = pytest.mark.django_db

SITE = "http://registry.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def test_every_set_named_in_the_design_has_a_page_and_its_terms_have_uris(client):
    assert set(VOCABULARIES) >= {
        "topics",
        "functions",
        "activity-types",
        "scales",
        "regions",
        "member-types",
        "languages",
        "task-forces",
        "deliverables",
        "impact-types",
    }
    for name, vocabulary in VOCABULARIES.items():
        assert client.get(f"/vocabularies/{name}/").status_code == 200
        term = vocabulary.model.objects.active().first()
        assert term_uri(term) == f"{SITE}/vocabularies/{name}/{term.slug}/"
        assert client.get(f"/vocabularies/{name}/{term.slug}/").status_code == 200


def test_unknown_sets_and_terms_are_not_found(client):
    assert client.get("/vocabularies/colours/").status_code == 404
    assert client.get("/vocabularies/topics/no-such-topic/").status_code == 404
    assert client.get("/vocabularies/topics/no-such-topic.jsonld").status_code == 404


def test_a_browser_gets_html_and_a_program_gets_json_ld_from_the_same_uri(client):
    url = "/vocabularies/topics/pollination/"
    browser = client.get(url, headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser["Content-Type"].startswith("text/html")
    assert "Accept" in browser["Vary"]
    assert client.get(url, headers={"accept": "*/*"})["Content-Type"].startswith("text/html")

    program = client.get(url, headers={"accept": "application/ld+json"})
    assert program["Content-Type"] == "application/ld+json; charset=utf-8"
    assert {"Accept", "Accept-Language"} <= {v.strip() for v in program["Vary"].split(",")}
    assert json.loads(program.content)["@id"] == f"{SITE}{url}"

    plain_json = client.get(url, headers={"accept": "application/json"})
    assert plain_json["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(plain_json.content)["@type"] == "DefinedTerm"


def test_links_get_json_ld_with_a_suffix_or_a_format_parameter(client):
    for url in (
        "/vocabularies/topics/pollination.jsonld",
        "/vocabularies/topics/pollination/?format=jsonld",
    ):
        response = client.get(url, headers={"accept": "text/html"})
        assert response["Content-Type"] == "application/ld+json; charset=utf-8", url
        assert json.loads(response.content)["termCode"] == "pollination"
    whole_set = client.get("/vocabularies/regions.jsonld")
    assert json.loads(whole_set.content)["@type"] == "DefinedTermSet"


def test_term_json_ld_states_its_uri_its_name_and_its_set(client):
    response = client.get(
        "/vocabularies/topics/pollination/", headers={"accept": "application/ld+json"}
    )
    graph = triples(json.loads(response.content))
    term = f"{SITE}/vocabularies/topics/pollination/"
    topics = f"{SITE}/vocabularies/topics/"
    assert (term, RDF_TYPE, schema("DefinedTerm")) in graph
    assert (term, schema("inDefinedTermSet"), topics) in graph
    assert (topics, RDF_TYPE, schema("DefinedTermSet")) in graph
    assert (term, schema("termCode"), "pollination") in graph
    assert (term, schema("url"), term) in graph
    assert (term, schema("name"), ("Pollination and pollinators", "en")) in graph


def test_term_name_is_given_in_every_language_the_reference_data_is_translated_into(client):
    response = client.get(
        "/vocabularies/topics/pollination.jsonld", headers={"accept-language": "fr"}
    )
    document = json.loads(response.content)
    assert document["name"] == "Pollinisation et pollinisateurs"
    assert set(document["nameByLanguage"]) == {"en", "fr", "es", "ar", "zh-Hans", "ru"}
    graph = triples(document)
    term = f"{SITE}/vocabularies/topics/pollination/"
    names = {o for s, p, o in graph if s == term and p == schema("name")}
    assert ("Pollinisation et pollinisateurs", "fr") in names
    assert ("Pollination and pollinators", "en") in names
    assert ("Опыление и опылители", "ru") in names
    assert ("授粉和传粉媒介", "zh-hans") in names  # RDF lower-cases language tags
    assert len(names) == 6


def test_html_term_page_is_in_the_request_language(client):
    html = client.get(
        "/vocabularies/topics/pollination/", headers={"accept-language": "es"}
    ).content.decode()
    assert "Polinización y polinizadores" in html


def test_set_json_ld_lists_its_terms_in_use_as_members(client):
    retired = TaskForce.objects.create(name="Task force on old things", slug="old-things")
    retired.is_active = False
    retired.save()
    response = client.get("/vocabularies/task-forces/", headers={"accept": "application/ld+json"})
    graph = triples(json.loads(response.content))
    uri = set_uri("task-forces")
    members = {o for s, p, o in graph if s == uri and p == schema("hasDefinedTerm")}
    assert members == {term_uri(t) for t in TaskForce.objects.active()}
    for member in members:
        assert (member, schema("inDefinedTermSet"), uri) in graph
    # A retired term keeps its page: its URI never breaks.
    assert client.get(f"/vocabularies/task-forces/{retired.slug}/").status_code == 200


def test_term_pages_link_to_the_lists_filtered_on_the_term(client):
    html = client.get("/vocabularies/regions/africa/").content.decode()
    assert 'href="/communities/?region=africa"' in html
    assert 'href="/impact/?region=africa"' in html
    deliverable = client.get("/vocabularies/deliverables/pollinators/").content.decode()
    assert 'href="/contributions/?deliverable=pollinators"' in deliverable
    assert 'href="/impact/?deliverable=pollinators"' in deliverable
    topic = client.get("/vocabularies/topics/pollination/").content.decode()
    assert 'href="/topics/pollination/"' in topic


def test_vocabulary_pages_touch_no_session_and_carry_no_form_of_their_own(client):
    # (The CSRF cookie of the language menu in base.html is the site's, not these pages'.)
    for url in (
        "/vocabularies/",
        "/vocabularies/functions/",
        "/vocabularies/functions/policy-support/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "sessionid" not in response.cookies, url
        main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        assert "<form" not in main, url


def test_json_ld_answers_set_no_cookie(client):
    for url in ("/vocabularies/functions/policy-support.jsonld", "/vocabularies/scales.jsonld"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url


def test_vocabulary_pages_refuse_writes(client):
    assert client.post("/vocabularies/topics/pollination/").status_code == 405


def test_vocabulary_pages_are_valid_html(client, tmp_path):
    pages = {
        "vocabularies": client.get("/vocabularies/").content,
        "set": client.get("/vocabularies/deliverables/").content,
        "term": client.get("/vocabularies/functions/policy-support/").content,
        "deliverable": client.get("/vocabularies/deliverables/pollinators/").content,
        "term_ar": client.get(
            "/vocabularies/regions/africa/", headers={"accept-language": "ar"}
        ).content,
    }
    assert validate_html(pages, tmp_path) == []


def test_term_uri_works_for_every_reference_model():
    assert term_uri(Region.objects.get(slug="africa")) == f"{SITE}/vocabularies/regions/africa/"
    assert term_uri(Deliverable.objects.get(slug="pollinators")).endswith(
        "/vocabularies/deliverables/pollinators/"
    )
    assert term_uri(Topic.objects.get(slug="nexus")) == SITE + reverse(
        "registry:term", args=["topics", "nexus"]
    )


@pytest.mark.django_db
def test_a_terms_jsonld_address_is_kept_in_the_page_cache(client, page_cache):
    """Its type is fixed by the suffix, so it varies on nothing the cache does not key."""
    first = client.get("/vocabularies/topics/pollination.jsonld")
    assert "Accept" not in {v.strip() for v in first.get("Vary", "").split(",")}
    again = client.get("/vocabularies/topics/pollination.jsonld", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
