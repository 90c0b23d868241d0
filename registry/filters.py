"""One FilterSet per public listing, and the facet counts beside each choice.

The FilterSet is the query logic; the filter panel (templates) is the UI. Every
filter takes several slugs, OR'ed within a parameter and AND'ed across
parameters. Related filters are ``pk__in`` subqueries, so they never multiply
rows and no ``distinct()`` is needed. Unknown slugs are simply ignored: a bad
link gives a normal page, never an error.

Facet counts are "disjunctive": the count beside a choice is the number of
rows it would give with the OTHER active filters applied. Each facet is one
aggregate query, whatever the number of choices.
"""

import re
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from registry.models import (
    ActivityType,
    Community,
    Contribution,
    Deliverable,
    Function,
    Language,
    MemberType,
    Recognition,
    Region,
    Scale,
    Topic,
)

MAX_QUERY_LENGTH = 200
MAX_SEARCH_TERMS = 12
MAX_VALUES = 50


# --- Lenient form fields: bad input never gives an error page -----------------------


def printable(value):
    """The text without control characters (PostgreSQL refuses NUL in a query)."""
    return "".join(char if char.isprintable() else " " for char in str(value))


class SlugListField(forms.Field):
    """Several values of one GET parameter, trimmed and lower-cased.

    Unknown values are kept: they match nothing (as a link to a removed topic
    should), and the page names them in a notice.
    """

    widget = forms.MultipleHiddenInput

    def normalise(self, item):
        return item.lower()

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        values = []
        for item in value[:MAX_VALUES]:
            item = self.normalise(printable(item).strip()[:100])
            if item and item not in values:
                values.append(item)
        return values


class CountryListField(SlugListField):
    """ISO 3166 alpha-2 codes, upper-cased."""

    def normalise(self, item):
        return item.upper()


def is_country_code(code):
    return len(code) == 2 and code.isascii() and code.isalpha() and code in all_countries


def is_year(value):
    return value.isascii() and value.isdigit() and 1900 <= int(value) <= 2100


class SearchTextField(forms.CharField):
    """The search box: whitespace collapsed and cut to a sane length."""

    def to_python(self, value):
        value = " ".join(printable(value or "").split())
        return value[:MAX_QUERY_LENGTH]


class FlagField(forms.Field):
    """A checkbox sent as ``?recognised=1`` (also yes/true/on)."""

    widget = forms.HiddenInput

    def to_python(self, value):
        if isinstance(value, list | tuple):
            value = value[-1] if value else ""
        return str(value or "").strip().lower() in {"1", "yes", "true", "on"}


class SearchFilter(django_filters.CharFilter):
    field_class = SearchTextField


class FlagFilter(django_filters.Filter):
    field_class = FlagField


class SlugsFilter(django_filters.Filter):
    """A multi-value filter whose values come straight from GET (request.GET.getlist)."""

    field_class = SlugListField

    def __init__(self, *args, subquery=None, **kwargs):
        # subquery(values) -> a queryset of primary keys of matching rows
        self.subquery = subquery
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(pk__in=self.subquery(value))


class CountriesFilter(SlugsFilter):
    field_class = CountryListField


class _FacetMixin:
    """What the facets and the active-filter chips need from a FilterSet.

    Multi-value fields use MultipleHiddenInput, which reads request.GET.getlist().
    """

    def queryset_without(self, name):
        """The rows that every active filter except ``name`` (and the ordering) keeps."""
        self.errors  # noqa: B018 (validates the form, fills cleaned_data)
        qs = self.queryset.all()
        for filter_name, value in self.form.cleaned_data.items():
            if filter_name in (name, "sort"):
                continue
            qs = self.filters[filter_name].filter(qs, value)
        return qs

    def active_values(self):
        """[(parameter, value)] for every active filter value, in parameter order."""
        self.errors  # noqa: B018
        active = []
        for name in self.filters:
            if name == "sort":
                continue
            value = self.form.cleaned_data.get(name)
            if isinstance(value, list):
                active.extend((name, v) for v in value)
            elif value is True:
                active.append((name, "1"))
            elif value:
                active.append((name, value))
        return active

    def cleaned(self, name):
        self.errors  # noqa: B018
        return self.form.cleaned_data.get(name)


# --- Search ---------------------------------------------------------------------------


def is_postgresql():
    return connection.vendor == "postgresql"


WEB_SEARCH_SYNTAX = re.compile(r'["-]|\bor\b', re.IGNORECASE)


def postgres_search_query(text):
    """Web search syntax ("quoted phrases", -excluded, or), or every word as a
    prefix, so that a word typed in part ("biodiv") still finds its community."""
    query = SearchQuery(text, search_type="websearch", config="english")
    words = re.findall(r"\w+", text)[:MAX_SEARCH_TERMS]
    if words and not WEB_SEARCH_SYNTAX.search(text):
        # Only word characters reach the raw query: no tsquery syntax from the user.
        prefixes = " & ".join(f"{word}:*" for word in words)
        query |= SearchQuery(prefixes, search_type="raw", config="english")
    return query


def search_communities(qs, text):
    """Full-text search on PostgreSQL, a case-insensitive match elsewhere."""
    if not text:
        return qs
    if is_postgresql():
        return qs.filter(search_vector=postgres_search_query(text))
    for term in text.split()[:MAX_SEARCH_TERMS]:
        qs = qs.filter(
            Q(name__icontains=term)
            | Q(acronym__icontains=term)
            | Q(summary__icontains=term)
            | Q(description__icontains=term)
        )
    return qs


def rank_communities(qs, text):
    """Most relevant first: SearchRank on PostgreSQL; name matches first elsewhere."""
    if is_postgresql():
        query = postgres_search_query(text)
        return qs.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "name")
    return qs.annotate(
        rank=Case(
            When(Q(name__icontains=text) | Q(acronym__iexact=text), then=Value(0)),
            When(summary__icontains=text, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "name")


# --- Communities ----------------------------------------------------------------------


def _through(relation):
    """Subquery factory for a Community many-to-many: pks of communities with any slug."""
    through = getattr(Community, relation).through
    target = getattr(Community, relation).field.m2m_reverse_field_name()

    def subquery(values):
        return through.objects.filter(**{f"{target}__slug__in": values}).values("community_id")

    return subquery


def _countries_q(field_name, codes):
    # Multiple countries are stored as "FR,DE,KE": a two-letter code can only match
    # itself there, so a plain substring test is exact. Unknown codes match nothing.
    condition = Q(pk__in=[])
    for code in codes:
        if is_country_code(code):
            condition |= Q(**{f"{field_name}__contains": code})
    return condition


class CommunityFilterSet(_FacetMixin, django_filters.FilterSet):
    SORTS = {
        "relevance": _("Relevance"),
        "name": _("Name"),
        "newest": _("Newest"),
        "contributions": _("Most contributions"),
    }

    q = SearchFilter(method="filter_search")
    topic = SlugsFilter(subquery=_through("topics"))
    function = SlugsFilter(subquery=_through("functions"))
    activity = SlugsFilter(
        subquery=lambda values: Contribution.objects.filter(activity_type__slug__in=values).values(
            "community_id"
        )
    )
    region = SlugsFilter(subquery=_through("regions"))
    country = CountriesFilter(
        subquery=lambda codes: Community.objects.filter(_countries_q("countries", codes)).values(
            "pk"
        )
    )
    scale = SlugsFilter(subquery=_through("scales"))
    member_type = SlugsFilter(subquery=_through("member_types"))
    language = SlugsFilter(subquery=_through("languages"))
    recognised = FlagFilter(method="filter_recognised")
    sort = django_filters.CharFilter(method="filter_nothing")

    class Meta:
        model = Community
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Community.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)

    def filter_search(self, qs, name, value):
        return search_communities(qs, value)

    def filter_recognised(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(pk__in=Recognition.objects.active().values("community_id"))

    def filter_nothing(self, qs, name, value):
        return qs

    def sort_choices(self):
        """[(value, label)]: relevance only makes sense for a search."""
        return [(k, v) for k, v in self.SORTS.items() if k != "relevance" or self.cleaned("q")]

    def sort_value(self):
        wanted = self.cleaned("sort")
        allowed = dict(self.sort_choices())
        if wanted in allowed:
            return wanted
        return "relevance" if self.cleaned("q") else "name"

    def sort_was_refused(self):
        wanted = self.cleaned("sort")
        return bool(wanted) and wanted != self.sort_value()

    def listing(self):
        """The filtered rows, annotated and ordered for the list page and exports."""
        qs = self.qs.annotate(
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
            is_recognised=Exists(Recognition.objects.active().filter(community_id=OuterRef("pk"))),
        )
        sort = self.sort_value()
        if sort == "relevance":
            return rank_communities(qs, self.cleaned("q"))
        if sort == "newest":
            return qs.order_by(F("published_at").desc(nulls_last=True), "name")
        if sort == "contributions":
            return qs.order_by("-contribution_count", "name")
        return qs.order_by("name", "pk")


# --- Facets ---------------------------------------------------------------------------


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    choices: list = field(default_factory=list)

    @property
    def selected_count(self):
        return sum(1 for c in self.choices if c.selected)


def _reference_choices(model, counts, selected):
    return [
        Choice(ref.slug, ref.label, counts.get(ref.slug, 0), ref.slug in selected)
        for ref in model.objects.active()
    ]


def _m2m_facet(filterset, name, label, model, path):
    selected = filterset.cleaned(name) or []
    rows = (
        filterset.queryset_without(name)
        .order_by()
        .values(path)
        .annotate(n=Count("pk", distinct=True))
    )
    counts = {row[path]: row["n"] for row in rows if row[path] is not None}
    return Facet(name, label, _reference_choices(model, counts, selected))


def _country_facet(filterset, name, label, field_name="countries", count_field="pk"):
    """Country codes are a comma-separated string: count each distinct string once."""
    selected = filterset.cleaned(name) or []
    rows = (
        filterset.queryset_without(name)
        .order_by()
        .values(field_name)
        .annotate(n=Count(count_field, distinct=True))
    )
    counts = {}
    for row in rows:
        value = row[field_name]
        codes = value if isinstance(value, list) else str(value or "").split(",")
        for code in {str(c) for c in codes if c}:
            counts[code] = counts.get(code, 0) + row["n"]
    shown = set(counts) | {code for code in selected if is_country_code(code)}
    codes = sorted(shown, key=lambda c: str(all_countries.name(c)))
    return Facet(
        name,
        label,
        [Choice(c, str(all_countries.name(c)), counts.get(c, 0), c in selected) for c in codes],
    )


def _flag_facet(filterset, name, label, choice_label, queryset_filter):
    count = queryset_filter(filterset.queryset_without(name)).count()
    return Facet(name, label, [Choice("1", choice_label, count, bool(filterset.cleaned(name)))])


def community_facets(filterset):
    """The facets of the communities list, one aggregate query each."""
    return [
        _m2m_facet(filterset, "topic", _("Topic"), Topic, "topics__slug"),
        _m2m_facet(filterset, "function", _("IPBES function"), Function, "functions__slug"),
        _m2m_facet(
            filterset,
            "activity",
            _("Activity"),
            ActivityType,
            "contributions__activity_type__slug",
        ),
        _m2m_facet(filterset, "region", _("IPBES region"), Region, "regions__slug"),
        _country_facet(filterset, "country", _("Country")),
        _m2m_facet(filterset, "scale", _("Scale"), Scale, "scales__slug"),
        _m2m_facet(filterset, "member_type", _("Who takes part"), MemberType, "member_types__slug"),
        _m2m_facet(filterset, "language", _("Language of work"), Language, "languages__slug"),
        _flag_facet(
            filterset,
            "recognised",
            _("Recognition"),
            _("IPBES collaborative supporters"),
            lambda qs: qs.filter(pk__in=Recognition.objects.active().values("community_id")),
        ),
    ]


# --- Contributions --------------------------------------------------------------------


class ContributionFilterSet(_FacetMixin, django_filters.FilterSet):
    SORTS = {"newest": _("Newest first"), "oldest": _("Oldest first")}

    q = SearchFilter(method="filter_search")
    topic = SlugsFilter(
        subquery=lambda values: Contribution.topics.through.objects.filter(
            topic__slug__in=values
        ).values("contribution_id")
    )
    activity = SlugsFilter(
        subquery=lambda values: Contribution.objects.filter(activity_type__slug__in=values).values(
            "pk"
        )
    )
    function = SlugsFilter(
        subquery=lambda values: Contribution.objects.filter(
            activity_type__functions__slug__in=values
        ).values("pk")
    )
    region = SlugsFilter(
        subquery=lambda values: Contribution.objects.filter(
            community_id__in=_through("regions")(values)
        ).values("pk")
    )
    scale = SlugsFilter(
        subquery=lambda values: Contribution.objects.filter(scale__slug__in=values).values("pk")
    )
    deliverable = SlugsFilter(
        subquery=lambda values: Contribution.deliverables.through.objects.filter(
            deliverable__slug__in=values
        ).values("contribution_id")
    )
    year = SlugsFilter(
        subquery=lambda years: Contribution.objects.filter(
            start_date__year__in=[int(y) for y in years if is_year(y)]
        ).values("pk")
    )
    upcoming = FlagFilter(method="filter_upcoming")
    sort = django_filters.CharFilter(method="filter_nothing")

    class Meta:
        model = Contribution
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Contribution.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)

    def filter_search(self, qs, name, value):
        for term in value.split()[:MAX_SEARCH_TERMS]:
            qs = qs.filter(
                Q(title__icontains=term)
                | Q(description__icontains=term)
                | Q(community__name__icontains=term)
                | Q(community__acronym__icontains=term)
            )
        return qs

    def filter_upcoming(self, qs, name, value):
        return qs.filter(start_date__gte=timezone.localdate()) if value else qs

    def filter_nothing(self, qs, name, value):
        return qs

    def sort_choices(self):
        return list(self.SORTS.items())

    def sort_value(self):
        wanted = self.cleaned("sort")
        return wanted if wanted in self.SORTS else "newest"

    def sort_was_refused(self):
        wanted = self.cleaned("sort")
        return bool(wanted) and wanted != self.sort_value()

    def listing(self):
        qs = self.qs.select_related("community", "activity_type", "scale")
        if self.sort_value() == "oldest":
            return qs.order_by("start_date", "title", "pk")
        return qs.order_by("-start_date", "title", "pk")


def contribution_facets(filterset):
    """The facets of the contributions list, one aggregate query each."""
    year_rows = (
        filterset.queryset_without("year")
        .order_by()
        .annotate(y=ExtractYear("start_date"))
        .values("y")
        .annotate(n=Count("pk", distinct=True))
    )
    year_counts = {str(row["y"]): row["n"] for row in year_rows}
    selected_years = filterset.cleaned("year") or []
    years = sorted(set(year_counts) | {y for y in selected_years if is_year(y)}, reverse=True)
    year_facet = Facet(
        "year",
        _("Year"),
        [Choice(y, y, year_counts.get(y, 0), y in selected_years) for y in years],
    )
    today = timezone.localdate()
    return [
        _m2m_facet(filterset, "activity", _("Activity"), ActivityType, "activity_type__slug"),
        _m2m_facet(
            filterset, "function", _("IPBES function"), Function, "activity_type__functions__slug"
        ),
        _m2m_facet(filterset, "topic", _("Topic"), Topic, "topics__slug"),
        _m2m_facet(filterset, "region", _("IPBES region"), Region, "community__regions__slug"),
        _m2m_facet(filterset, "scale", _("Scale"), Scale, "scale__slug"),
        _m2m_facet(
            filterset, "deliverable", _("IPBES deliverable"), Deliverable, "deliverables__slug"
        ),
        year_facet,
        _flag_facet(
            filterset,
            "upcoming",
            _("When"),
            _("Upcoming"),
            lambda qs: qs.filter(start_date__gte=today),
        ),
    ]
