"""/impact/: examples of IPBES impact, filterable with a plain GET form."""

import datetime

import pytest

from registry.models import Community, ImpactScale, ImpactType
from registry.views.public import IMPACT_PER_PAGE

pytestmark = pytest.mark.django_db
URL = "/impact/"


def test_lists_examples_of_published_communities_only(client, make_community, make_impact_example):
    make_impact_example(make_community("Public network"), title="Strategy cites IPBES")
    hidden = make_community("Draft network", status=Community.Status.DRAFT)
    make_impact_example(hidden, title="Hidden impact")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Strategy cites IPBES" in html
    assert "Public network" in html
    assert "Hidden impact" not in html


def test_description_is_rendered_as_safe_markdown(client, make_community, make_impact_example):
    make_impact_example(make_community(), description="Used **twice**. <script>alert(1)</script>")
    html = client.get(URL).content.decode()
    assert "<strong>twice</strong>" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"deliverable": "pollinators"}, {"Pollinators"}),
        ({"impact_type": "law-regulation"}, {"Law"}),
        ({"impact_scale": "global"}, {"Law"}),
        ({"region": "africa"}, {"Pollinators", "Law"}),
        ({"region": "americas"}, {"Americas"}),
        ({"region": "africa", "impact_type": "policy"}, {"Pollinators"}),
        ({}, {"Pollinators", "Law", "Americas"}),
    ],
)
def test_filters_narrow_the_examples(client, make_community, make_impact_example, params, expected):
    african = make_community(regions=["africa"])
    american = make_community(regions=["americas"])
    make_impact_example(african, title="Pollinators", deliverables=["pollinators"])
    make_impact_example(
        african,
        title="Law",
        deliverables=["invasive-alien-species"],
        impact_type=ImpactType.objects.get(slug="law-regulation"),
        impact_scale=ImpactScale.objects.get(slug="global"),
    )
    make_impact_example(american, title="Americas", deliverables=["nexus"])
    response = client.get(URL, params)
    assert {e.title for e in response.context["examples"]} == expected


def test_filter_form_is_a_plain_get_form(client):
    html = client.get(URL).content.decode()
    assert 'method="get"' in html
    for name in ("deliverable", "impact_type", "impact_scale", "region"):
        assert f'name="{name}"' in html


@pytest.mark.parametrize(
    "query",
    [
        "deliverable=no-such-thing",
        "impact_type=%00",
        "region=africa&region=x",
        "page=999",
        "page=-1",
        "page=abc",
        "impact_scale=" + "x" * 500,
    ],
)
def test_bad_parameters_never_fail(client, make_community, make_impact_example, query):
    make_impact_example(make_community())
    response = client.get(f"{URL}?{query}")
    # A control character in a URL gets the normal 404 page (PostgreSQL refuses NUL).
    assert response.status_code == (404 if "%00" in query else 200)


def test_unknown_filter_value_is_reported_and_ignored(client, make_community, make_impact_example):
    make_impact_example(make_community(), title="Still listed")
    response = client.get(URL, {"deliverable": "no-such-thing"})
    assert "Still listed" in response.content.decode()
    assert response.context["form"].errors["deliverable"]


def test_paginated_and_filters_kept_across_pages(client, make_community, make_impact_example):
    community = make_community(regions=["africa"])
    for i in range(IMPACT_PER_PAGE + 3):
        make_impact_example(community, date=datetime.date(2020, 1, 1) + datetime.timedelta(i))
    response = client.get(URL, {"region": "africa"})
    assert len(response.context["examples"]) == IMPACT_PER_PAGE
    assert "?region=africa&amp;page=2" in response.content.decode()
    second = client.get(URL, {"region": "africa", "page": 2})
    assert len(second.context["examples"]) == 3


def test_query_count_is_fixed(
    client, make_community, make_impact_example, django_assert_max_num_queries
):
    community = make_community(regions=["africa"])
    make_impact_example(community)
    with django_assert_max_num_queries(8):
        client.get(URL, {"region": "africa"})
    for _ in range(15):
        make_impact_example(make_community(), deliverables=["pollinators", "nexus"])
    with django_assert_max_num_queries(8):
        client.get(URL, {"region": "africa"})
    with django_assert_max_num_queries(8):
        client.get(URL)
