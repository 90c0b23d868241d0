"""The contributions list (and its calendar): its facets and its FilterSet."""

from django.utils.translation import gettext_lazy as _

from registry.filters.concatenated import Concatenated
from registry.filters.facets import (
    FlagFacet,
    ListingFilterSet,
    ReferenceFacet,
    YearFacet,
    having,
    linked,
)
from registry.filters.search import search_contributions
from registry.models import (
    ActivityType,
    Community,
    Contribution,
    Deliverable,
    Function,
    Region,
    Scale,
    Topic,
)

communities_in_regions = linked(Community, "regions")


def _of_communities_in_regions(slugs):
    return Contribution.objects.filter(community_id__in=communities_in_regions(slugs)).values("pk")


CONTRIBUTION_FACETS = (
    ReferenceFacet(
        "activity",
        _("Activity"),
        ActivityType,
        "activity_type",
        having(Contribution, "activity_type__slug"),
    ),
    ReferenceFacet(
        "function",
        _("IPBES function"),
        Function,
        "activity_type__functions",
        having(Contribution, "activity_type__functions__slug"),
    ),
    ReferenceFacet("topic", _("Topic"), Topic, "topics", linked(Contribution, "topics")),
    ReferenceFacet(
        "region", _("IPBES region"), Region, "community__regions", _of_communities_in_regions
    ),
    ReferenceFacet("scale", _("Scale"), Scale, "scale", having(Contribution, "scale__slug")),
    ReferenceFacet(
        "deliverable",
        _("IPBES deliverable"),
        Deliverable,
        "deliverables",
        linked(Contribution, "deliverables"),
    ),
    YearFacet("year", _("Year"), "start_date"),
    FlagFacet(
        "upcoming",
        _("When"),
        _("Upcoming"),
        keep=lambda contributions: contributions.upcoming(),
        changes_with_time=True,
    ),
)


class ContributionFilterSet(ListingFilterSet):
    FACETS = CONTRIBUTION_FACETS
    TALLY = "contributions"
    COMMUNITY = "community_id"
    SORTS = {
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
        "upcoming": _("Upcoming first"),
    }

    class Meta:
        model = Contribution
        fields = []

    @classmethod
    def listed_rows(cls):
        return Contribution.objects.published()

    def filter_search(self, qs, name, value):
        return search_contributions(qs, value)

    def default_sort(self):
        """A list of upcoming events reads soonest first; otherwise what happened, newest first."""
        return "upcoming" if self.cleaned("upcoming") else "newest"

    def listing(self):
        """The filtered rows in the chosen order: oldest first is one ORDER BY; newest
        first is what happened, newest first, then what is to come, soonest first, and
        upcoming first the other way round; each of those two parts is read in the order
        of the start-date index (registry/filters/concatenated.py)."""
        qs = self.qs.select_related("community", "activity_type", "scale")
        sort = self.sort_value()
        if sort == "oldest":
            return qs.order_by("start_date", "title", "pk")
        past = qs.past().order_by("-start_date", "title", "pk")
        upcoming = qs.upcoming().order_by("start_date", "title", "pk")
        if sort == "upcoming":
            return Concatenated(upcoming, past)
        return Concatenated(past, upcoming)
