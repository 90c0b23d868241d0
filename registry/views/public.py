"""Public pages other than the listings: home, topics, functions, impact, supporters,
the coverage map, about, the sitemap and robots.txt, and the error pages.

Counts are computed with correlated subqueries (never by joining two many-to-many
relations at once), so each page runs a fixed number of queries whatever the data.
"""

from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseServerError, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from registry import charts, data_version, tallies
from registry.filters import CommunityFilterSet, ContributionFilterSet, ImpactFilterSet
from registry.models import (
    ActivityType,
    Community,
    Contribution,
    Function,
    Recognition,
    Region,
    Topic,
)
from registry.sitemaps import SITEMAPS
from registry.vocabulary_lookup import load as load_vocabularies

TOPIC_COMMUNITIES_SHOWN = 20
FUNCTION_COMMUNITIES_SHOWN = 20
RECENT_CONTRIBUTIONS_SHOWN = 10
IMPACT_PER_PAGE = 20


# --- Reusable reads ----------------------------------------------------------------


def _count(queryset):
    """A correlated COUNT(*) subquery, 0 when there are no rows."""
    # Grouping by a constant adds no GROUP BY column: one row counting every match.
    counted = queryset.order_by().values(_one=Value(1)).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def listing_counts(filterset_class, facets):
    """{facet: {key: count}} and the number of rows of a listing with no filter: what
    its panel shows (the tallies when built, registry/tallies.py), for these facets."""
    counts, total = filterset_class(QueryDict()).counts(facets)
    return counts, total


def topics_with_counts(communities=None, contributions=None, topics=None):
    """Active topics (or ``topics``) with their numbers of published communities and
    contributions, as the two lists count them (``communities``, ``contributions``: the
    lists' counts when the caller has them already, with their "topic" facet)."""
    if communities is None:
        communities, _ = listing_counts(CommunityFilterSet, ["topic"])
    if contributions is None:
        contributions, _ = listing_counts(ContributionFilterSet, ["topic"])
    topics = list(Topic.objects.active() if topics is None else topics)
    for topic in topics:
        topic.community_count = communities["topic"].get(str(topic.pk), 0)
        topic.contribution_count = contributions["topic"].get(str(topic.pk), 0)
    return topics


def topic_with_counts(slug):
    """One active topic with its counts, as the lists count them (their tallies), or 404."""
    topic = get_object_or_404(Topic.objects.active(), slug=slug)
    return topics_with_counts(topics=[topic])[0]


def functions_with_counts():
    """The IPBES functions with their numbers of published communities and contributions."""
    return Function.objects.active().annotate(
        community_count=_count(Community.objects.published().filter(functions=OuterRef("pk"))),
        contribution_count=_count(
            Contribution.objects.published().filter(activity_type__functions=OuterRef("pk"))
        ),
    )


@dataclass(frozen=True)
class CountedTerm:
    """A vocabulary term (vocabulary_lookup.Term, shared: never changed) with a count."""

    term: object
    community_count: int

    def __getattr__(self, name):
        # Only for the term's own attributes: not while unpickling (no ``term`` yet).
        if name == "term" or name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.term, name)


def regions_with_counts(region_counts):
    """The active IPBES regions, each with ``community_count`` from ``region_counts``
    (the communities list's region counts): the map's totals."""
    return [
        CountedTerm(region, region_counts.get(str(region.pk), 0))
        for region in load_vocabularies().active(Region)
    ]


def public_communities():
    """Published communities, each flagged when it is a recognised collaborative supporter."""
    return Community.objects.published().with_recognition_flag("is_supporter")


def recent_contributions():
    return (
        Contribution.objects.published()
        .past()
        .select_related("community", "activity_type")
        .order_by("-start_date", "title")
    )


def active_supporters():
    """Active recognitions of published communities, newest first."""
    return (
        Recognition.objects.public()
        .select_related("community", "round", "task_force")
        .order_by("-since", "community__name")
    )


def _list_url(name, **params):
    url = reverse(name)
    return f"{url}?{urlencode(params)}" if params else url


# --- Pages -----------------------------------------------------------------------------


def home_figures():
    """The front page's counts and map, as the lists count them."""
    communities, community_count = listing_counts(
        CommunityFilterSet, ["country", "region", "topic"]
    )
    contributions, contribution_count = listing_counts(ContributionFilterSet, ["topic"])
    return {
        "community_count": community_count,
        "contribution_count": contribution_count,
        "country_count": len(communities["country"]),
        "country_counts": communities["country"],
        "regions": regions_with_counts(communities["region"]),
        "supporter_count": active_supporters().count(),
        "topics": topics_with_counts(communities, contributions),
    }


@require_safe
def home(request):
    """The front page: what the registry is, counts, topics, newest communities, supporters."""
    context = {
        # Counted once per change of the data, for every visitor (registry/data_version.py).
        **data_version.cached("home", [], home_figures),
        "newest": public_communities().order_by("-published_at", "name")[:6],
        "supporters": active_supporters()[:6],
    }
    return render(request, "registry/home.html", context)


@require_safe
def topic_list(request):
    """All topics, with how many communities and contributions each has."""
    return render(request, "registry/pages/topic_list.html", {"topics": topics_with_counts()})


@require_safe
def topic_detail(request, slug):
    """One topic: its published communities and recent contributions."""
    topic = topic_with_counts(slug)
    communities = public_communities().filter(topics=topic).order_by("name")
    context = {
        "topic": topic,
        "communities": communities[:TOPIC_COMMUNITIES_SHOWN],
        "contributions": recent_contributions().filter(topics=topic)[:RECENT_CONTRIBUTIONS_SHOWN],
        "chart": _chart_by_function(topic),
        "communities_url": _list_url("registry:community_list", topic=topic.slug),
        "contributions_url": _list_url("registry:contribution_list", topic=topic.slug),
    }
    return render(request, "registry/pages/topic_detail.html", context)


def _chart_by_function(topic):
    """Contributions on the topic per year, by IPBES function (one grouped query)."""
    counts = charts.counts_per_year(
        Contribution.objects.published().past().filter(topics=topic), "activity_type__functions"
    )
    return charts.year_chart(
        counts,
        list(Function.objects.active()),
        title=_("Contributions per year by IPBES function"),
        description=_(
            "Bars side by side, one per IPBES function, for each year: the number of "
            "contributions on %(topic)s. A contribution whose activity serves two functions "
            "counts under each. The table after the chart gives the same numbers."
        )
        % {"topic": topic.label},
        stacked=False,
    )


def _chart_by_activity(function, activity_types):
    """Contributions under the function per year, by activity type (one grouped query)."""
    counts = charts.counts_per_year(
        Contribution.objects.published().past().filter(activity_type__functions=function),
        "activity_type",
    )
    return charts.year_chart(
        counts,
        activity_types,
        title=_("Contributions per year by activity type"),
        description=_(
            "Stacked bars, one per year: the number of contributions under %(function)s, "
            "divided by activity type. The table after the chart gives the same numbers."
        )
        % {"function": function.label},
        stacked=True,
    )


@require_safe
def function_list(request):
    """The four functions of IPBES, with their activities and counts."""
    functions = functions_with_counts().prefetch_related(
        Prefetch("activity_types", queryset=ActivityType.objects.active())
    )
    return render(request, "registry/pages/function_list.html", {"functions": functions})


@require_safe
def function_detail(request, slug):
    """One function: how to engage, its activities, its communities and contributions."""
    function = get_object_or_404(functions_with_counts(), slug=slug)
    activity_types = (
        ActivityType.objects.active()
        .filter(functions=function)
        .annotate(
            contribution_count=_count(
                Contribution.objects.published().filter(activity_type=OuterRef("pk"))
            )
        )
    )
    communities = public_communities().filter(functions=function).order_by("name")
    contributions = recent_contributions().filter(activity_type__functions=function)
    context = {
        "function": function,
        "activity_types": activity_types,
        "communities": communities[:FUNCTION_COMMUNITIES_SHOWN],
        "contributions": contributions[:RECENT_CONTRIBUTIONS_SHOWN],
        "chart": _chart_by_activity(function, activity_types),
        "communities_url": _list_url("registry:community_list", function=function.slug),
        "contributions_url": _list_url("registry:contribution_list", function=function.slug),
    }
    return render(request, "registry/pages/function_detail.html", context)


@require_safe
def impact_list(request):
    """Examples of IPBES impact registered by published communities, filterable."""
    filterset = ImpactFilterSet(request.GET or None)
    page = Paginator(filterset.listing(), IMPACT_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": filterset.form,
        "page": page,
        "examples": page.object_list,
        "filtered": filterset.is_filtered(),
        "active_filter_count": sum(
            1 for name in filterset.form.fields if any(v.strip() for v in request.GET.getlist(name))
        ),
    }
    return render(request, "registry/pages/impact_list.html", context)


@require_safe
def supporter_list(request):
    """Communities recognised as IPBES collaborative supporters (active recognitions)."""
    return render(
        request, "registry/pages/supporter_list.html", {"recognitions": active_supporters()}
    )


def _grid(rows, columns, community_pairs, contribution_pairs, list_params):
    """Rows of cells for the coverage table, from {(row_id, column_id): count} maps."""
    row_key, column_key = list_params
    # Each list's address reversed once, not twice per cell.
    communities_list = reverse("registry:community_list")
    contributions_list = reverse("registry:contribution_list")
    grid = []
    for row in rows:
        cells = []
        for column in columns:
            query = urlencode({row_key: row.slug, column_key: column.slug})
            cells.append(
                {
                    "column": column,
                    "communities": community_pairs.get((row.pk, column.pk), 0),
                    "contributions": contribution_pairs.get((row.pk, column.pk), 0),
                    "communities_url": f"{communities_list}?{query}",
                    "contributions_url": f"{contributions_list}?{query}",
                }
            )
        url = reverse("registry:topic_detail", args=[row.slug])
        grid.append({"row": row, "url": url, "cells": cells})
    return grid


def _level(count, maximum):
    """0–4: the shade of a cell (the number is always printed too)."""
    if not count or not maximum:
        return 0
    return min(4, 1 + (4 * count - 1) // maximum)


@require_safe
def coverage(request):
    """The gap map: topics × regions and topics × functions, communities and contributions."""
    context = data_version.cached("coverage", [], coverage_tables)
    return render(request, "registry/pages/coverage.html", context)


def coverage_tables():
    """The gap map's tables and the world map's counts (kept until the data changes)."""
    vocabularies = load_vocabularies()
    topics, functions = (vocabularies.active(m) for m in (Topic, Function))
    communities, _ = listing_counts(CommunityFilterSet, ["country", "region"])
    regions = regions_with_counts(communities["region"])
    by_region = _grid(
        topics,
        regions,
        tallies.pair_counts("communities:topic×region"),
        tallies.pair_counts("contributions:topic×region"),
        ("topic", "region"),
    )
    by_function = _grid(
        topics,
        functions,
        tallies.pair_counts("communities:topic×function"),
        tallies.pair_counts("contributions:topic×function"),
        ("topic", "function"),
    )
    for grid in (by_region, by_function):
        maximum = max((c["communities"] for r in grid for c in r["cells"]), default=0)
        for row in grid:
            for cell in row["cells"]:
                cell["level"] = _level(cell["communities"], maximum)
    return {
        "regions": regions,
        "functions": functions,
        "by_region": by_region,
        "by_function": by_function,
        "levels": range(5),
        "country_counts": communities["country"],
    }


@require_safe
def about(request):
    """How communities of practice engage with IPBES, and how to use the registry."""
    return render(request, "registry/pages/about.html")


sitemap = require_safe(partial(sitemap_view, sitemaps=SITEMAPS))


@require_safe
def robots_txt(request):
    """Crawlers may read every public page; the sitemap lists them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /my/",
        "Disallow: /accounts/",
        "Disallow: /language/",  # the language switcher's links: the same pages again
        "Allow: /",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('registry:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# --- Errors ------------------------------------------------------------------------------


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the error may come from the database or a context processor.
    return HttpResponseServerError(loader.get_template("500.html").render())
