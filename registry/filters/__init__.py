"""One FilterSet per public listing, and the facet counts beside each choice.

The FilterSet is the query logic; the filter panel (templates) is the UI. Every
listing filter takes several values, OR'ed within a parameter and AND'ed across
parameters; unknown values match nothing, so a bad link gives a normal page.

- ``fields``: the lenient form fields and the filters built on them.
- ``search``: the search box (full-text on PostgreSQL).
- ``facets``: a facet declared once gives its filter and its counts;
  ListingFilterSet, the base of the listings' FilterSets.
- ``communities``, ``contributions``, ``impact``: one FilterSet per public list.
"""

from registry.filters import bitmaps
from registry.filters.communities import COMMUNITY_FACETS, CommunityFilterSet
from registry.filters.contributions import CONTRIBUTION_FACETS, ContributionFilterSet
from registry.filters.facets import Choice, Facet, ListingFilterSet
from registry.filters.impact import ImpactFilterSet


def read_bitmaps():
    """Read the bitmaps of the lists that count from them (registry/filters/bitmaps.py):
    a server process does it before its first request (gunicorn.conf.py), which would
    otherwise wait for them (about 0.6 s at 10k communities, 3 s at 50k). Returns the
    number of communities they hold, or None when the tallies are not built."""
    held = bitmaps.for_listing(CommunityFilterSet)
    if held is None:
        return None
    held.read_clocks(CommunityFilterSet)
    return held.size()


__all__ = [
    "COMMUNITY_FACETS",
    "CONTRIBUTION_FACETS",
    "Choice",
    "CommunityFilterSet",
    "ContributionFilterSet",
    "Facet",
    "ImpactFilterSet",
    "ListingFilterSet",
    "read_bitmaps",
]
