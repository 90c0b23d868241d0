"""The communities list (and its exports and feed): its facets and its FilterSet."""

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registry.filters.facets import (
    CountryFacet,
    FlagFacet,
    ListingFilterSet,
    ReferenceFacet,
    linked,
)
from registry.filters.search import rank_communities, search_communities
from registry.models import (
    ActivityType,
    Community,
    CommunityCountry,
    Contribution,
    Function,
    Language,
    MemberType,
    Region,
    Scale,
    Topic,
)
from registry.models.communities import CONFIRM_EVERY, OVERDUE_AFTER

# Not overdue: last confirmed within a year and the grace after it (about 15 months).
CONFIRMED_WITHIN_MONTHS = round((CONFIRM_EVERY + OVERDUE_AFTER).days * 12 / 365)


def _confirmed_label():
    # Formatted when shown: formatting a lazy message at import would fix the language.
    return ngettext(
        "Confirmed in the last month",
        "Confirmed in the last %(months)d months",
        CONFIRMED_WITHIN_MONTHS,
    ) % {"months": CONFIRMED_WITHIN_MONTHS}


COMMUNITY_FACETS = (
    ReferenceFacet("topic", _("Topic"), Topic, "topics", linked(Community, "topics")),
    ReferenceFacet(
        "function", _("IPBES function"), Function, "functions", linked(Community, "functions")
    ),
    ReferenceFacet(
        "activity",
        _("Activity"),
        ActivityType,
        "activity_types",
        linked(Community, "activity_types"),
    ),
    ReferenceFacet("region", _("IPBES region"), Region, "regions", linked(Community, "regions")),
    CountryFacet("country", _("Country"), CommunityCountry, "community"),
    ReferenceFacet("scale", _("Scale"), Scale, "scales", linked(Community, "scales")),
    ReferenceFacet(
        "member_type",
        _("Who takes part"),
        MemberType,
        "member_types",
        linked(Community, "member_types"),
    ),
    ReferenceFacet(
        "language",
        _("Language of work"),
        Language,
        "languages",
        linked(Community, "languages"),
    ),
    FlagFacet(
        "recognised",
        _("Recognition"),
        _("IPBES collaborative supporters"),
        keep=lambda communities: communities.recognised(),
    ),
    FlagFacet(
        "confirmed",
        _("Confirmation"),
        lazy(_confirmed_label, str)(),
        keep=lambda communities: communities.confirmed(),
        changes_with_time=True,
        stops_keeping=lambda communities, start, end: communities.overdue_between(start, end),
    ),
)


class CommunityFilterSet(ListingFilterSet):
    FACETS = COMMUNITY_FACETS
    TALLY = "communities"
    SORTS = {
        "relevance": _("Relevance"),
        "name": _("Name"),
        "newest": _("Newest"),
        "contributions": _("Most contributions"),
    }

    class Meta:
        model = Community
        fields = []

    @classmethod
    def listed_rows(cls):
        return Community.objects.published()

    def filter_search(self, qs, name, value):
        return search_communities(qs, value)

    def sort_choices(self):
        """Relevance only makes sense for a search."""
        return [(k, v) for k, v in self.SORTS.items() if k != "relevance" or self.cleaned("q")]

    def default_sort(self):
        return "relevance" if self.cleaned("q") else "name"

    def sort_value(self):
        # A new search (the Search button sends search=new) ranks by relevance, whatever
        # order the list had before; choosing an order afterwards sends no ``search``.
        if self.data.get("search") == "new" and self.cleaned("q"):
            return "relevance"
        return super().sort_value()

    def sort_was_refused(self):
        return self.data.get("search") != "new" and super().sort_was_refused()

    def listing(self):
        """The filtered rows, annotated and ordered for the list page and exports."""
        qs = self.qs
        ids = self.matching_ids()
        if ids is not None:
            qs = qs.filter(pk__in=ids)  # the same rows, found by their keys
        qs = qs.annotate(
            contribution_count=Coalesce(
                Subquery(
                    Contribution.objects.filter(community_id=OuterRef("pk"))
                    .order_by()
                    .values("community_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        ).with_recognition_flag("is_recognised")
        sort = self.sort_value()
        if sort == "relevance":
            return rank_communities(qs, self.cleaned("q"))
        if sort == "newest":
            return qs.order_by(F("published_at").desc(nulls_last=True), "name")
        if sort == "contributions":
            return qs.order_by("-contribution_count", "name")
        return qs.order_by("name", "pk")
