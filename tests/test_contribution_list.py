"""/contributions/: every contribution of published communities, filterable, with facets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Community, Scale

LIST_URL = reverse("registry:contribution_list")


@pytest.fixture
def contributions(make_community, make_contribution):
    """Contributions of two published communities and one draft."""
    africa = make_community("Africa Bees", regions=("africa",))
    americas = make_community("Americas Aliens", regions=("americas",))
    draft = make_community("Draft Net", status=Community.Status.DRAFT, regions=("africa",))
    today = timezone.localdate()
    national = Scale.objects.get(slug="national")
    make_contribution(
        africa,
        title="Review comments on nexus",
        activity="review-comments",  # assessing knowledge
        start_date=datetime.date(2023, 3, 1),
        topics=("nexus",),
        deliverables=("nexus",),
        scale=national,
    )
    make_contribution(
        africa,
        title="Pollinator uptake workshop",
        activity="uptake-event",  # building capacity, policy support
        start_date=datetime.date(2024, 6, 1),
        topics=("pollination",),
        deliverables=("pollinators",),
    )
    make_contribution(
        americas,
        title="Invasive species data",
        activity="indicator-data",  # assessing knowledge, knowledge generation
        start_date=datetime.date(2024, 9, 1),
        topics=("invasive-alien-species",),
        deliverables=("invasive-alien-species",),
        scale=national,
    )
    make_contribution(
        americas,
        title="Upcoming dialogue",
        activity="dialogue-convening",  # policy support
        start_date=today + datetime.timedelta(days=30),
        description="Discussing findings.",
    )
    make_contribution(
        draft,
        title="Hidden draft event",
        activity="review-comments",
        start_date=today + datetime.timedelta(days=10),
        topics=("nexus",),
    )


def listed(client, query=""):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    return [c.title for c in response.context["page_obj"].paginator.object_list]


def test_contributions_of_unpublished_communities_are_absent(client, contributions):
    # Newest first of what happened; upcoming events after them.
    assert listed(client) == [
        "Invasive species data",
        "Pollinator uptake workshop",
        "Review comments on nexus",
        "Upcoming dialogue",
    ]
    assert "Hidden draft event" not in client.get(LIST_URL).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=nexus", ["Review comments on nexus"]),
        ("activity=indicator-data", ["Invasive species data"]),
        ("function=assessing-knowledge", ["Invasive species data", "Review comments on nexus"]),
        ("function=policy-support", ["Pollinator uptake workshop", "Upcoming dialogue"]),
        ("region=americas", ["Invasive species data", "Upcoming dialogue"]),
        ("scale=national", ["Invasive species data", "Review comments on nexus"]),
        ("deliverable=pollinators", ["Pollinator uptake workshop"]),
        ("year=2024", ["Invasive species data", "Pollinator uptake workshop"]),
        ("upcoming=1", ["Upcoming dialogue"]),
        ("q=dialogue", ["Upcoming dialogue"]),
        ("q=africa+bees", ["Pollinator uptake workshop", "Review comments on nexus"]),
    ],
)
def test_each_filter_alone(client, contributions, query, expected):
    assert listed(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2023&year=2024&region=africa",
         ["Pollinator uptake workshop", "Review comments on nexus"]),
        ("function=assessing-knowledge&region=africa", ["Review comments on nexus"]),
        ("activity=uptake-event&activity=indicator-data&scale=national", ["Invasive species data"]),
        ("topic=nexus&topic=pollination&deliverable=nexus", ["Review comments on nexus"]),
        ("upcoming=1&region=africa", []),
    ],
)  # fmt: skip
def test_filters_combine_or_within_and_across(client, contributions, query, expected):
    assert listed(client, query) == expected


def test_sort_oldest_first(client, contributions):
    assert listed(client, "sort=oldest") == [
        "Review comments on nexus",
        "Pollinator uptake workshop",
        "Invasive species data",
        "Upcoming dialogue",
    ]


def test_facet_counts_apply_the_other_filters(client, contributions):
    response = client.get(f"{LIST_URL}?region=africa&year=2024")
    facets = {
        f.name: {c.value: c.count for c in f.choices if c.count} for f in response.context["facets"]
    }
    # Regions with year=2024 applied: one African, one American contribution.
    assert facets["region"] == {"africa": 1, "americas": 1}
    # Years with region=africa applied.
    assert facets["year"] == {"2023": 1, "2024": 1}
    # Other facets with both filters applied: only the uptake workshop.
    assert facets["activity"] == {"uptake-event": 1}
    assert facets["function"] == {"building-capacity": 1, "policy-support": 1}
    assert facets["deliverable"] == {"pollinators": 1}
    assert facets["upcoming"] == {}


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        "year=abc",
        "year=99999",
        "sort=evil",
        "upcoming=perhaps",
        "q=bee%00s&topic=nexus%00&sort=name%00",
        "q=" + "x" * 5000,
    ],
)
def test_bad_parameters_give_a_normal_page(client, contributions, query):
    # A control character in a URL gets the normal 404 page (PostgreSQL refuses NUL).
    assert client.get(f"{LIST_URL}?{query}").status_code == (404 if "%00" in query else 200)


def test_each_contribution_links_to_its_community(client, contributions):
    html = client.get(LIST_URL).content.decode()
    assert 'href="/communities/africa-bees/#contribution-' in html


def test_the_calendar_link_carries_the_filters(client, contributions):
    html = client.get(f"{LIST_URL}?region=americas&page=1").content.decode()
    assert 'href="/contributions/upcoming.ics?region=americas"' in html
