"""A community page's schema.org JSON-LD refers to the vocabulary terms by their URIs
(DefinedTerms) and publishes its contributions as Events."""

import datetime

import pytest

from tests.linked_data import RDF_TYPE, json_ld_in_page, schema, triples

pytestmark = pytest.mark.django_db

SITE = "http://registry.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def community(make_community, make_contribution):
    community = make_community(
        "Pollinator Network Africa",
        topics=("pollination", "nexus"),
        functions=("building-capacity",),
        regions=("africa",),
    )
    make_contribution(
        community,
        title="Uptake workshop in Nairobi",
        activity="uptake-event",
        start_date=datetime.date(2025, 5, 1),
        end_date=datetime.date(2025, 5, 3),
        countries=["KE"],
        topics=("pollination",),
        deliverables=("pollinators",),
    )
    make_contribution(
        community, title="Webinar", activity="dialogue-webinar", online=True, topics=()
    )
    return community


def _graph(client, community):
    return triples(json_ld_in_page(client.get(community.get_absolute_url()).content.decode()))


def test_topics_are_defined_terms_by_their_uris(client, community):
    graph = _graph(client, community)
    page = "http://testserver" + community.get_absolute_url()
    pollination = f"{SITE}/vocabularies/topics/pollination/"
    assert (page, RDF_TYPE, schema("Organization")) in graph
    assert (page, schema("knowsAbout"), pollination) in graph
    assert (page, schema("knowsAbout"), f"{SITE}/vocabularies/topics/nexus/") in graph
    assert (pollination, RDF_TYPE, schema("DefinedTerm")) in graph
    assert (pollination, schema("inDefinedTermSet"), f"{SITE}/vocabularies/topics/") in graph


def test_functions_and_regions_are_keywords_by_their_uris(client, community):
    graph = _graph(client, community)
    page = "http://testserver" + community.get_absolute_url()
    assert (page, schema("keywords"), f"{SITE}/vocabularies/functions/building-capacity/") in graph
    assert (page, schema("keywords"), f"{SITE}/vocabularies/regions/africa/") in graph


def test_contributions_are_events_with_their_dates_and_terms(client, community):
    graph = _graph(client, community)
    page = "http://testserver" + community.get_absolute_url()
    events = {o for s, p, o in graph if s == page and p == schema("event")}
    assert len(events) == 2
    workshop = next(e for e in events if (e, schema("name"), "Uptake workshop in Nairobi") in graph)
    assert (workshop, RDF_TYPE, schema("Event")) in graph
    assert (workshop, schema("startDate"), "2025-05-01") in graph
    assert (workshop, schema("endDate"), "2025-05-03") in graph
    assert (workshop, schema("organizer"), page) in graph
    assert (workshop, schema("about"), f"{SITE}/vocabularies/activity-types/uptake-event/") in graph
    assert (workshop, schema("about"), f"{SITE}/vocabularies/deliverables/pollinators/") in graph
    webinar = next(e for e in events if e != workshop)
    assert (
        webinar,
        schema("eventAttendanceMode"),
        "https://schema.org/OnlineEventAttendanceMode",
    ) in graph


def test_the_page_still_runs_a_fixed_number_of_queries(
    client, community, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        client.get(community.get_absolute_url())
