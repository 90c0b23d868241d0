"""Every listing, export and feed runs a fixed number of queries whatever the number of
rows: the same bound holds with a few rows and with many (no N+1)."""

import datetime

import pytest
from django.core.cache import caches

from registry import services
from registry.models import Language, MemberType, Recommendation
from registry.views import exports

# Listing pages: (url, the exact number of queries when nothing is cached yet, and once
# the counts and names are), at most 12 whatever the size. Filtered, the facets and the
# number of rows are one UNION ALL (the countries one more); unfiltered, one read of the
# tallies (registry/tallies.py) and one count of what changes with the clock (upcoming,
# confirmed); the vocabularies one; with them cached, what is left is the page's rows
# and their many-to-many values.
LISTINGS = [
    # The front page: one read of each list's tallies (communities and contributions),
    # the vocabularies, the number of supporters, the topics; then its rows.
    ("/", 7, 2),
    # A list of communities: its page's rows, then their topics and regions (one query
    # of the link tables, named from the vocabularies: vocabulary_lookup.attach_terms).
    ("/communities/", 5, 2),
    # Filtered communities count from the bitmaps of the tallies' shares (registry/
    # filters/bitmaps.py): their generation, the shares and the confirmed ones (in a
    # test's transaction, read again at every request; in production, the shares
    # written since the last request and the confirmed ones once a minute), and the rows
    # the search keeps.
    ("/communities/?topic=pollination&region=africa&country=KE&q=network&sort=contributions", 7, 2),
    # Few rows match: the page's rows are found by the ids the bitmaps give, which
    # (with the counts cached) costs their generation and, here, the shares again.
    ("/communities/?recognised=1&activity=uptake-event&page=2", 6, 4),
    # Newest first is what happened, then what is to come: two ordered parts, read from
    # the start-date index (registry/filters/concatenated.py). A page with rows of both
    # (page 2 here, at either size) reads each: one query more than a page of one part.
    # Then the page's topics and deliverables (a card names no community region).
    ("/contributions/?page=2", 7, 4),
    ("/contributions/?sort=upcoming&page=2", 7, 4),
    ("/contributions/?region=africa&upcoming=1&sort=oldest&topic=nexus", 5, 3),
    ("/coverage/", 6, 0),
    ("/impact/", 7, 7),
    ("/impact/?region=africa&impact_type=policy", 9, 9),
]

# Other pages, exports and feeds: (url, the most queries it may run).
BOUNDS = [
    ("/communities/network-01/", 6),  # every term in one query (registry/community_page.py)
    ("/communities/export.csv", 8),
    ("/communities/export.json?topic=pollination&sort=newest", 8),
    ("/communities/feed/", 3),
    ("/supporters/feed/", 2),
    ("/contributions/upcoming.ics", 2),
]


@pytest.fixture
def populate(
    make_community, make_contribution, make_impact_example, make_recommendation, make_round, bureau
):
    def populate(count):
        review_round = services.open_round() or make_round()
        for n in range(count):
            community = make_community(
                f"Network {n:02d}",
                topics=("pollination", "nexus"),
                functions=("policy-support",),
                regions=("africa", "americas"),
                scales=("national",),
                countries=["KE", "BR"],
            )
            community.member_types.set(MemberType.objects.filter(slug="experts"))
            community.languages.set(Language.objects.filter(slug__in=["en", "fr"]))
            for days in (-100, 100):
                make_contribution(
                    community,
                    start_date=datetime.date.today() + datetime.timedelta(days=days),
                    topics=("nexus",),
                    deliverables=("pollinators",),
                )
            make_impact_example(community)
            if n % 3 == 0:
                recommendation = make_recommendation(
                    community, status=Recommendation.Status.SUBMITTED, round=review_round
                )
                services.recommendation_decide(
                    recommendation=recommendation, user=bureau, decision="endorsed", note="Yes."
                )

    return populate


# A cache outside the database, as in production (Redis): its reads are not SQL queries.
SHARED_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(("url", "queries", "warm"), LISTINGS)
def test_a_listing_page_runs_the_same_few_queries_whatever_the_rows(
    client, populate, django_assert_num_queries, settings, rows, url, queries, warm
):
    settings.CACHES = SHARED_CACHE
    populate(rows)
    caches["default"].clear()  # cold: nothing counted yet
    assert queries <= 12
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(("url", "queries", "warm"), LISTINGS)
def test_the_counts_and_vocabularies_come_from_the_cache_once_counted(
    client, populate, django_assert_num_queries, settings, url, queries, warm
):
    """A signed-in visitor gets no cached page, but the counts and names are shared."""
    settings.CACHES = SHARED_CACHE
    populate(3)
    client.get(url)
    with django_assert_num_queries(warm):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(("url", "bound"), BOUNDS)
def test_query_count_does_not_grow_with_the_rows(
    client, populate, django_assert_max_num_queries, rows, url, bound
):
    populate(rows)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert b"Network 0" in body or b"network-0" in body


def test_exports_prefetch_once_per_chunk_not_once_per_row(
    client, populate, django_assert_max_num_queries, monkeypatch
):
    populate(40)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
    # 4 chunks of 10 rows: the rows, then 6 many-to-many prefetches per chunk.
    with django_assert_max_num_queries(2 + 4 * 7):
        body = b"".join(client.get("/communities/export.csv").streaming_content)
    assert body.count(b"\n") == 41
