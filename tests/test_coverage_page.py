"""The gap map: topics × regions and topics × functions."""

import itertools

import pytest
from django.urls import reverse

from registry.models import Community, Contribution, Function, Region, Topic

pytestmark = pytest.mark.django_db


def _cells(grid):
    return {(row["row"].slug, cell["column"].slug): cell for row in grid for cell in row["cells"]}


def test_topic_region_cells_equal_a_brute_force_count(client, site_data):
    site_data(9)
    response = client.get(reverse("registry:coverage"))
    cells = _cells(response.context["by_region"])
    assert len(cells) == 17 * 4
    for topic, region in itertools.product(Topic.objects.all(), Region.objects.all()):
        communities = sum(
            1
            for c in Community.objects.published()
            if topic in c.topics.all() and region in c.regions.all()
        )
        contributions = sum(
            1
            for c in Contribution.objects.published()
            if topic in c.topics.all() and region in c.community.regions.all()
        )
        cell = cells[(topic.slug, region.slug)]
        assert (cell["communities"], cell["contributions"]) == (communities, contributions)


def test_topic_function_cells_equal_a_brute_force_count(client, site_data):
    site_data(9)
    response = client.get(reverse("registry:coverage"))
    cells = _cells(response.context["by_function"])
    assert len(cells) == 17 * 4
    for topic, function in itertools.product(Topic.objects.all(), Function.objects.all()):
        communities = sum(
            1
            for c in Community.objects.published()
            if topic in c.topics.all() and function in c.functions.all()
        )
        contributions = sum(
            1
            for c in Contribution.objects.published()
            if topic in c.topics.all() and function in c.activity_type.functions.all()
        )
        cell = cells[(topic.slug, function.slug)]
        assert (cell["communities"], cell["contributions"]) == (communities, contributions)


def test_unpublished_communities_are_not_counted(client, make_community, make_contribution):
    draft = make_community(topics=["nexus"], regions=["africa"], status=Community.Status.DRAFT)
    make_contribution(draft, topics=["nexus"])
    response = client.get(reverse("registry:coverage"))
    cell = _cells(response.context["by_region"])[("nexus", "africa")]
    assert (cell["communities"], cell["contributions"]) == (0, 0)


def test_each_cell_links_to_the_filtered_lists(client, make_community):
    make_community(topics=["nexus"], regions=["africa"], functions=["policy-support"])
    response = client.get(reverse("registry:coverage"))
    html = response.content.decode()
    by_region = _cells(response.context["by_region"])[("nexus", "africa")]
    assert by_region["communities_url"] == "/communities/?topic=nexus&region=africa"
    assert by_region["contributions_url"] == "/contributions/?topic=nexus&region=africa"
    by_function = _cells(response.context["by_function"])[("nexus", "policy-support")]
    assert by_function["communities_url"] == "/communities/?topic=nexus&function=policy-support"
    assert 'href="/communities/?topic=nexus&amp;region=africa"' in html
    assert by_region["communities"] == 1


def test_tables_are_accessible_and_numbers_always_shown(client, make_community):
    make_community(topics=["nexus"], regions=["africa"])
    html = client.get(reverse("registry:coverage")).content.decode()
    assert html.count("<caption>") == 3  # the two tables and the map's regional totals
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "0 communities" in html  # a gap still shows its number
    assert "1 community" in html
    assert 'class="legend"' in html


def test_coverage_runs_a_fixed_number_of_queries(client, site_data, django_assert_max_num_queries):
    site_data(2)
    with django_assert_max_num_queries(8):
        client.get(reverse("registry:coverage"))
    site_data(12)
    with django_assert_max_num_queries(8):
        client.get(reverse("registry:coverage"))
