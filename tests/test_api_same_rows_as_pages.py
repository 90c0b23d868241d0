"""Each list endpoint gives the rows of its HTML page, in the page's order, for the same
filter parameters: both go through the page's own FilterSet."""

import pytest
from django.urls import reverse

from tests.api_support import every_row

COMMUNITY_QUERIES = [
    {},
    {"topic": "pollination"},
    {"topic": "pollination", "region": "africa"},
    {"topic": ["pollination", "nexus"], "sort": "newest"},
    {"function": "policy-support", "sort": "contributions"},
    {"activity": "uptake-event"},
    {"country": "KE"},
    {"country": ["KE", "FR"], "scale": "national"},
    {"recognised": "1"},
    {"confirmed": "1", "sort": "name"},
    {"q": "network"},
    {"q": "Network 2", "sort": "relevance"},
    {"member_type": "experts", "language": "en"},
]
CONTRIBUTION_QUERIES = [
    {},
    {"topic": "nexus"},
    {"region": "africa", "sort": "oldest"},
    {"year": "2025"},
    {"activity": "uptake-event", "function": "building-capacity"},
    {"deliverable": "pollinators", "scale": "national"},
    {"upcoming": "1"},
    {"q": "workshop network"},
]
IMPACT_QUERIES = [
    {},
    {"deliverable": "pollinators"},
    {"impact_type": "policy"},
    {"region": "africa"},
    {"impact_scale": "national", "region": "americas"},
]


@pytest.fixture
def data(site_data):
    return site_data(7)


def page_rows(client, name, query):
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    if "page_obj" in response.context:
        return list(response.context["page_obj"].paginator.object_list)
    return list(response.context["page"].paginator.object_list)


@pytest.mark.parametrize("query", COMMUNITY_QUERIES, ids=str)
def test_communities_are_the_list_pages_rows_in_its_order(client, data, query):
    expected = [c.slug for c in page_rows(client, "registry:community_list", query)]
    rows = every_row(client, reverse("api:communities-list"), **query)
    assert [row["slug"] for row in rows] == expected


@pytest.mark.parametrize("query", CONTRIBUTION_QUERIES, ids=str)
def test_contributions_are_the_contributions_pages_rows_in_its_order(client, data, query):
    expected = [c.pk for c in page_rows(client, "registry:contribution_list", query)]
    rows = every_row(client, reverse("api:contributions-list"), **query)
    assert [row["id"] for row in rows] == expected


@pytest.mark.parametrize("query", IMPACT_QUERIES, ids=str)
def test_impact_examples_are_the_impact_pages_rows_in_its_order(client, data, query):
    expected = [e.pk for e in page_rows(client, "registry:impact_list", query)]
    rows = every_row(client, reverse("api:impact-examples-list"), **query)
    assert [row["id"] for row in rows] == expected


def test_recognitions_are_the_supporters_pages_rows_in_its_order(client, data):
    response = client.get(reverse("registry:supporter_list"))
    expected = [r.community.slug for r in response.context["recognitions"]]
    rows = every_row(client, reverse("api:recognitions-list"))
    assert [row["community"]["slug"] for row in rows] == expected
    assert expected


def test_the_filters_narrow_for_real(client, data):
    """The comparisons above are not all of empty lists."""
    everything = every_row(client, reverse("api:communities-list"))
    narrowed = every_row(
        client, reverse("api:communities-list"), topic="pollination", region="africa"
    )
    assert len(everything) == 7
    assert 0 < len(narrowed) < len(everything)


def test_pages_of_a_list_join_into_the_whole_list(client, data):
    url = reverse("api:contributions-list")
    whole = [row["id"] for row in every_row(client, url)]
    pieces = []
    for number in range(1, 5):
        body = client.get(url, {"limit": 4, "page": number}).json()
        pieces += [row["id"] for row in body["results"]]
        assert body["count"] == len(whole)
    assert pieces == whole


def test_page_n_of_the_api_is_page_n_of_the_html_list_by_default(client, site_data):
    site_data(27)
    html = client.get(reverse("registry:community_list"), {"page": 2}).context["page_obj"]
    api = client.get(reverse("api:communities-list"), {"page": 2}).json()
    assert [row["slug"] for row in api["results"]] == [c.slug for c in html.object_list]
    assert len(api["results"]) == 2
