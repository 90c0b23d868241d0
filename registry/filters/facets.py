"""Facets, each declared once: the declaration gives both the listing's filter and the
counts beside its choices.

A listing's FilterSet lists its declarations in FACETS, in the order of the filter
panel; ListingFilterSet turns each into the filter of its GET parameter, and
facets() turns each into a Facet with its choices counted.

Counts are "disjunctive": the count beside a choice is the number of rows it
would give with the OTHER active filters applied. Each facet is one aggregate
query, whatever the number of choices.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import django_filters
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django_countries import countries as all_countries

from registry.filters.fields import (
    CountriesFilter,
    FlagFilter,
    SearchFilter,
    SlugsFilter,
    YearsFilter,
    is_country_code,
    is_year,
)

# --- What the filter panel shows ------------------------------------------------------


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
    flag: bool = False  # a single checkbox: its chip removes the whole parameter

    @property
    def selected_count(self):
        return sum(1 for c in self.choices if c.selected)


# --- Declarations ---------------------------------------------------------------------


def linked(model, relation):
    """rows(slugs) for a many-to-many of ``model``: the primary keys of the rows linked
    to any of the slugs, read from the link table alone."""
    descriptor = getattr(model, relation)
    source = f"{descriptor.field.m2m_field_name()}_id"
    target = descriptor.field.m2m_reverse_field_name()

    def rows(slugs):
        return descriptor.through.objects.filter(**{f"{target}__slug__in": slugs}).values(source)

    return rows


def having(model, lookup, column="pk"):
    """rows(slugs): ``column`` of the ``model`` rows whose ``lookup`` is any of the slugs."""

    def rows(slugs):
        return model.objects.filter(**{f"{lookup}__in": slugs}).values(column)

    return rows


@dataclass(frozen=True)
class FacetDeclaration:
    """One facet of a listing. ``name`` is its GET parameter, ``label`` its heading.

    filter() gives the FilterSet's filter for ``name``; facet(filterset) counts the
    choices with every other active filter applied.
    """

    name: str
    label: str

    def filter(self):
        raise NotImplementedError

    def facet(self, filterset):
        raise NotImplementedError


@dataclass(frozen=True)
class ReferenceFacet(FacetDeclaration):
    """Choices: the active rows of a reference ``model`` (topics, regions, ...), by slug.

    ``path`` leads from a listed row to the slug (what is counted, e.g. "topics__slug");
    ``rows(slugs)`` gives the primary keys of the listed rows having any of the slugs.
    """

    model: type
    path: str
    rows: Callable

    def filter(self):
        return SlugsFilter(field_name=self.name, subquery=self.rows)

    def facet(self, filterset):
        selected = filterset.cleaned(self.name) or []
        counted = (
            filterset.queryset_without(self.name)
            .order_by()
            .values(self.path)
            .annotate(n=Count("pk", distinct=True))
        )
        counts = {row[self.path]: row["n"] for row in counted if row[self.path] is not None}
        choices = [
            Choice(ref.slug, ref.label, counts.get(ref.slug, 0), ref.slug in selected)
            for ref in self.model.objects.active()
        ]
        return Facet(self.name, self.label, choices)


@dataclass(frozen=True)
class CountryFacet(FacetDeclaration):
    """Choices: the countries of the listed rows (``field``), by ISO code, by name."""

    field: str = "countries"

    def filter(self):
        return CountriesFilter(field_name=self.field)

    def facet(self, filterset):
        # Country codes are a comma-separated string: count each distinct string once.
        selected = filterset.cleaned(self.name) or []
        counted = (
            filterset.queryset_without(self.name)
            .order_by()
            .values(self.field)
            .annotate(n=Count("pk", distinct=True))
        )
        counts = {}
        for row in counted:
            value = row[self.field]
            codes = value if isinstance(value, list) else str(value or "").split(",")
            for code in {str(c) for c in codes if c}:
                counts[code] = counts.get(code, 0) + row["n"]
        shown = set(counts) | {code for code in selected if is_country_code(code)}
        codes = sorted(shown, key=lambda c: str(all_countries.name(c)))
        choices = [
            Choice(c, str(all_countries.name(c)), counts.get(c, 0), c in selected) for c in codes
        ]
        return Facet(self.name, self.label, choices)


@dataclass(frozen=True)
class YearFacet(FacetDeclaration):
    """Choices: the years of a date ``field`` of the listed rows, newest first."""

    field: str

    def filter(self):
        return YearsFilter(field_name=self.field)

    def facet(self, filterset):
        counted = (
            filterset.queryset_without(self.name)
            .order_by()
            .annotate(y=ExtractYear(self.field))
            .values("y")
            .annotate(n=Count("pk", distinct=True))
        )
        counts = {str(row["y"]): row["n"] for row in counted}
        selected = filterset.cleaned(self.name) or []
        years = sorted(set(counts) | {y for y in selected if is_year(y)}, reverse=True)
        choices = [Choice(y, y, counts.get(y, 0), y in selected) for y in years]
        return Facet(self.name, self.label, choices)


@dataclass(frozen=True)
class FlagFacet(FacetDeclaration):
    """One checkbox (``choice_label``): when set, the rows ``keep(queryset)`` keeps."""

    choice_label: str
    keep: Callable

    def filter(self):
        return FlagFilter(field_name=self.name, keep=self.keep)

    def facet(self, filterset):
        count = self.keep(filterset.queryset_without(self.name)).count()
        selected = bool(filterset.cleaned(self.name))
        return Facet(self.name, self.label, [Choice("1", self.choice_label, count, selected)], True)


# --- The FilterSet of a listing ---------------------------------------------------------


class ListingFilterSet(django_filters.FilterSet):
    """A public listing: the search box ``q``, one filter per declaration of FACETS,
    and the ``sort`` order (applied by listing(), never by the filters).

    Subclasses set FACETS, SORTS (value: label, the default first), filter_search()
    and listing().
    """

    FACETS = ()
    SORTS = {}

    q = SearchFilter(method="filter_search")
    sort = django_filters.CharFilter(method="filter_nothing")

    @classmethod
    def get_filters(cls):
        """The search, then one filter per facet declaration, then the sort order."""
        filters = super().get_filters()
        sort = filters.pop("sort")
        filters.update((facet.name, facet.filter()) for facet in cls.FACETS)
        filters["sort"] = sort
        return filters

    def facets(self):
        """The facets with their choices counted, one aggregate query each."""
        return [declaration.facet(self) for declaration in self.FACETS]

    def filter_search(self, qs, name, value):
        raise NotImplementedError

    def filter_nothing(self, qs, name, value):
        return qs

    def cleaned(self, name):
        self.errors  # noqa: B018 (validates the form, fills cleaned_data)
        return self.form.cleaned_data.get(name)

    def queryset_without(self, name):
        """The rows that every active filter except ``name`` (and the ordering) keeps."""
        self.errors  # noqa: B018
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

    def sort_choices(self):
        """[(value, label)] of the orders this listing offers now."""
        return list(self.SORTS.items())

    def default_sort(self):
        return next(iter(self.SORTS))

    def sort_value(self):
        wanted = self.cleaned("sort")
        return wanted if wanted in dict(self.sort_choices()) else self.default_sort()

    def sort_was_refused(self):
        wanted = self.cleaned("sort")
        return bool(wanted) and wanted != self.sort_value()
