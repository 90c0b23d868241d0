"""The API's contract: a valid OpenAPI 3 document generated from the code, naming every
endpoint and every filter of the pages' FilterSets, with each field described in plain
words and examples; and a documentation page served from the app's own files."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openapi_spec_validator import validate

from registry.api.views import LISTS, VOCABULARIES
from registry.filters import CommunityFilterSet, ContributionFilterSet, ImpactFilterSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_the_document_is_valid_openapi_3(document):
    assert document["openapi"].startswith("3.")
    validate(document)


def test_drf_spectacular_generates_it_without_warnings_or_errors(tmp_path):
    # --validate checks the generated document against the OpenAPI 3 JSON schema;
    # --fail-on-warn turns any warning of the generator (an undescribed field) into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "api.yaml")
    assert "openapi:" in (tmp_path / "api.yaml").read_text()


def test_every_endpoint_is_in_the_document(document):
    paths = set(document["paths"])
    for name in (*LISTS, *VOCABULARIES):
        assert f"/api/v1/{name}/" in paths
    assert "/api/v1/communities/{slug}/" in paths
    assert "/api/v1/topics/{slug}/" in paths
    assert "/api/v1/" in paths


@pytest.mark.parametrize(
    ("path", "filterset"),
    [
        ("/api/v1/communities/", CommunityFilterSet),
        ("/api/v1/contributions/", ContributionFilterSet),
        ("/api/v1/impact-examples/", ImpactFilterSet),
    ],
)
def test_a_list_documents_exactly_its_pages_filters(document, path, filterset):
    names = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
    assert names == set(filterset.base_filters) | {"page", "limit"}


def test_a_filter_lists_the_slugs_it_takes(document):
    parameters = {
        p["name"]: p for p in document["paths"]["/api/v1/communities/"]["get"]["parameters"]
    }
    topic = parameters["topic"]
    assert topic["explode"] is True
    assert "pollination" in topic["schema"]["items"]["enum"]
    assert parameters["recognised"]["schema"]["type"] == "boolean"
    assert parameters["limit"]["schema"]["maximum"] == 100


def _properties(document):
    for name, component in document["components"]["schemas"].items():
        for field, schema in component.get("properties", {}).items():
            yield name, field, schema


def test_every_field_is_described_in_plain_words(document):
    undescribed = [
        f"{name}.{field}"
        for name, field, schema in _properties(document)
        if not (schema.get("description") or "allOf" in schema or "$ref" in schema)
    ]
    assert not undescribed


def test_the_only_address_in_the_contract_is_the_one_a_community_shows_everyone(document):
    fields = {field for _name, field, _schema in _properties(document) if "email" in field}
    assert fields == {"contact_email"}


def test_the_document_has_examples_in_words(document):
    communities = document["paths"]["/api/v1/communities/"]["get"]
    assert "the pollination communities in Africa" in communities["description"]
    assert "?topic=pollination&region=africa" in communities["description"]
    assert communities["responses"]["200"]["content"]["application/json"]["examples"]


def test_errors_are_documented_as_problem_details(document):
    responses = document["paths"]["/api/v1/communities/"]["get"]["responses"]
    for status in ("400", "404", "429"):
        assert "application/problem+json" in responses[status]["content"]


def test_the_documentation_page_uses_only_the_apps_own_files(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(source.startswith("/") for source in sources), sources
    assert "<style" not in html
    assert not re.search(r"<script>|<script\s+(?![^>]*src=)", html)  # no inline script
    assert 'data-schema-url="/api/v1/schema/"' in html


@pytest.mark.parametrize(
    "path",
    [
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "js/api-docs.js",
        "css/api-docs.css",
    ],
)
def test_the_documentation_pages_files_are_static_files_of_the_app(path):
    from django.contrib.staticfiles import finders

    assert finders.find(path)
