"""/sitemap.xml and /robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from registry.models import Community

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own test response)
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def test_sitemap_lists_pages_topics_functions_and_published_communities(client, make_community):
    make_community("Public network", slug="public-network")
    make_community("Draft network", slug="draft-network", status=Community.Status.DRAFT)
    locations = _locations(client)
    for path in ("/", "/communities/", "/about/", "/coverage/", "/supporters/", "/impact/"):
        assert f"http://testserver{path}" in locations
    assert "http://testserver/topics/pollination/" in locations
    assert "http://testserver/functions/policy-support/" in locations
    assert "http://testserver/communities/public-network/" in locations
    assert "http://testserver/communities/draft-network/" not in locations


def test_sitemap_uses_the_canonical_site_url(client, settings):
    settings.SITE_URL = "https://registry.example.org"
    assert "https://registry.example.org/about/" in _locations(client)


def test_sitemap_query_count_is_fixed(client, make_community, django_assert_max_num_queries):
    make_community()
    with django_assert_max_num_queries(8):
        _locations(client)
    for _ in range(10):
        make_community()
    with django_assert_max_num_queries(8):
        _locations(client)


def test_robots_txt_allows_all_but_private_areas_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/my/", "/accounts/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
