"""The link tables the listings read (a community's countries, the activity types of
its contributions) stay equal to what they are derived from, however the data changes,
and the filters read them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import ActivityType, Community, CommunityActivity, CommunityCountry
from registry.models.links import sync_activities, sync_countries

pytestmark = pytest.mark.django_db


def countries_of(community):
    return set(
        CommunityCountry.objects.filter(community=community).values_list("country", flat=True)
    )


def activities_of(community):
    return set(
        CommunityActivity.objects.filter(community=community).values_list(
            "activity_type__slug", flat=True
        )
    )


def listed(client, query):
    response = client.get(f"/communities/?{query}")
    return {row.slug for row in response.context["page_obj"].object_list}


def test_a_communitys_country_links_follow_its_countries_when_it_is_saved(make_community):
    community = make_community(countries=["KE", "BR"])
    assert countries_of(community) == {"KE", "BR"}
    community.countries = ["FR"]
    community.save()
    assert countries_of(community) == {"FR"}
    community.countries = []
    community.save()
    assert countries_of(community) == set()


def test_a_save_of_other_fields_leaves_the_country_links_alone(make_community):
    community = make_community(countries=["KE"])
    community.name = "Renamed"
    with CaptureQueriesContext(connection) as queries:
        community.save(update_fields=["name"])
    assert not [q for q in queries.captured_queries if "communitycountry" in q["sql"]]
    assert countries_of(community) == {"KE"}


def test_the_country_filter_and_its_counts_read_the_links(client, make_community):
    kenya = make_community(countries=["KE", "TZ"])
    brazil = make_community(countries=["BR"])
    assert listed(client, "country=KE") == {kenya.slug}
    assert listed(client, "country=ke&country=BR") == {kenya.slug, brazil.slug}
    assert listed(client, "country=XX") == set()
    facet = next(f for f in client.get("/communities/").context["facets"] if f.name == "country")
    assert {c.value: c.count for c in facet.choices} == {"KE": 1, "TZ": 1, "BR": 1}


def test_a_communitys_activity_links_follow_its_contributions(make_community, make_contribution):
    community = make_community()
    first = make_contribution(community, activity="uptake-event")
    second = make_contribution(community, activity="uptake-event")
    assert activities_of(community) == {"uptake-event"}
    other = ActivityType.objects.exclude(slug="uptake-event").first()
    second.activity_type = other
    second.save()
    assert activities_of(community) == {"uptake-event", other.slug}
    first.delete()
    assert activities_of(community) == {other.slug}
    community.contributions.all().delete()  # a bulk delete, as the admin's action does
    assert activities_of(community) == set()


def test_the_activity_filter_reads_the_links(client, make_community, make_contribution):
    active = make_community()
    make_contribution(active, activity="uptake-event")
    make_community()  # no contribution at all
    assert listed(client, "activity=uptake-event") == {active.slug}


def test_deleting_a_community_takes_its_links_with_it(make_community, make_contribution):
    community = make_community(countries=["KE"])
    make_contribution(community)
    community.delete()
    assert not CommunityCountry.objects.exists()
    assert not CommunityActivity.objects.exists()


def test_the_bulk_loaders_resync_links_from_scratch(make_community, make_contribution):
    community = make_community(countries=["KE"])
    make_contribution(community)
    CommunityCountry.objects.all().delete()
    CommunityActivity.objects.all().delete()
    sync_countries(Community.objects.all())
    sync_activities(Community.objects.values_list("pk", flat=True))
    assert countries_of(community) == {"KE"}
    assert activities_of(community) == {"uptake-event"}
