"""Facets, each declared once: the declaration gives both the listing's filter and the
counts beside its choices.

A listing's FilterSet lists its declarations in FACETS, in the order of the filter
panel; ListingFilterSet turns each into the filter of its GET parameter, and
facets() turns each into a Facet with its choices counted.

Counts are "disjunctive": the count beside a choice is the number of rows it
would give with the OTHER active filters applied. Each facet is one grouped query
over the filtered rows' link table (no DISTINCT over joins), whatever the number of
choices; all of them, and the number of rows, go to the database as one UNION ALL.
Choices are named from the vocabularies read at once (registry/vocabulary_lookup.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import django_filters
from django.db.models import CharField, Count, F, Value
from django.db.models.functions import ExtractYear

from registry import data_version
from registry.filters import bitmaps
from registry.filters.fields import (
    CountriesFilter,
    FlagFilter,
    SearchFilter,
    SlugsFilter,
    YearsFilter,
    is_country_code,
    is_year,
)
from registry.maps import country_names
from registry.models import tallies
from registry.vocabulary_lookup import load as load_vocabularies

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


def grouped(queryset, key, tag, by=None):
    """``queryset`` grouped by ``key`` (a field path or an expression): rows of
    (``tag``, key, number of rows). Keys are grouped as they are stored (hashing ids,
    not their text: a cast to text per row cost more than the join). The rows must
    not multiply: a path of foreign keys ending in at most one many-to-many gives one
    row per (listed row, value), so ``COUNT(*)`` counts listed rows, no DISTINCT.

    With ``by`` (the path from a row of ``queryset`` to its community's id), grouped
    by community too: rows of (community id, ``tag``, key, number of rows), what each
    community adds to the counts (registry/tallies.py)."""
    qs = queryset.order_by().annotate(
        facet_tag=Value(tag, CharField()), facet_key=F(key) if isinstance(key, str) else key
    )
    if by is not None:
        qs = qs.annotate(facet_community=F(by))
        return qs.values_list("facet_community", "facet_tag", "facet_key").annotate(
            facet_n=Count("*")
        )
    return qs.values_list("facet_tag", "facet_key").annotate(facet_n=Count("*"))


def grouped_links(queryset, relation, tag, by=None):
    """As grouped(), for a many-to-many of the listed rows, read from its link table
    alone: one grouped scan of the (row, value) pairs of the filtered rows. ``by`` is
    the path from a listed row to its community's id, as for grouped()."""
    descriptor = getattr(queryset.model, relation, None)
    field = getattr(descriptor, "field", None)
    if not getattr(descriptor, "reverse", True) and field.many_to_many:
        source = field.m2m_field_name()
        target = f"{field.m2m_reverse_field_name()}_id"
        pairs = descriptor.through.objects.filter(**{f"{source}__in": queryset.values("pk")})
        return grouped(pairs, target, tag, by=None if by is None else f"{source}__{by}")
    return grouped(queryset, relation, tag, by=by)


@dataclass(frozen=True)
class FacetDeclaration:
    """One facet of a listing. ``name`` is its GET parameter, ``label`` its heading.

    filter() gives the FilterSet's filter for ``name``; counted(rows, by) the grouped
    query of its counts over ``rows(name)``, the listed rows every other active filter
    keeps (one query for all facets in ListingFilterSet.facets()), grouped per
    community too along ``by`` if given (see grouped()); facet(filterset, counts,
    vocabularies) the Facet shown, from those counts.
    """

    name: str
    label: str

    # Counted keys are numbers (ids, years), sent in one UNION ALL with the others;
    # a facet with text keys (country codes) is counted in a query of its own.
    text_keys = False
    # Counts that change with the clock, not only with the data ("upcoming"): never
    # kept in the tallies (registry/tallies.py), always counted.
    changes_with_time = False
    stops_keeping = None  # see FlagFacet

    def filter(self):
        raise NotImplementedError

    def counted(self, rows, by=None):
        raise NotImplementedError

    def index_keys(self, value, vocabularies):
        """The keys of its counts that the filter's cleaned ``value`` selects (what
        registry/filters/bitmaps.py intersects)."""
        raise NotImplementedError

    def facet(self, filterset, counts, vocabularies):
        raise NotImplementedError


@dataclass(frozen=True)
class ReferenceFacet(FacetDeclaration):
    """Choices: the active rows of a reference ``model`` (topics, regions, ...), by slug.

    ``path`` leads from a listed row to the reference row (e.g. "topics",
    "community__regions"): what is counted; ``rows(slugs)`` gives the primary keys
    of the listed rows having any of the slugs.
    """

    model: type
    path: str
    rows: Callable

    def filter(self):
        return SlugsFilter(field_name=self.name, subquery=self.rows)

    def counted(self, rows, by=None):
        return grouped_links(rows(self.name), self.path, self.name, by=by)

    def index_keys(self, value, vocabularies):
        # Every term, retired ones too: the filter matches their links as well.
        return [str(term.pk) for term in vocabularies.all(self.model) if term.slug in value]

    def facet(self, filterset, counts, vocabularies):
        selected = filterset.cleaned(self.name) or []
        choices = [
            Choice(term.slug, term.label, counts.get(str(term.pk), 0), term.slug in selected)
            for term in vocabularies.active(self.model)
        ]
        return Facet(self.name, self.label, choices)


@dataclass(frozen=True)
class CountryFacet(FacetDeclaration):
    """Choices: the countries of the listed rows, by ISO code, by name, read from the
    link table ``links`` (one row per listed row and country, ``row_field`` → the row)."""

    links: type
    row_field: str
    text_keys = True

    def rows(self, codes):
        return self.links.objects.filter(country__in=codes).values(f"{self.row_field}_id")

    def filter(self):
        return CountriesFilter(field_name=self.name, subquery=self.rows)

    def counted(self, rows, by=None):
        links = self.links.objects.filter(**{f"{self.row_field}__in": rows(self.name).values("pk")})
        return grouped(links, "country", self.name, by=by and f"{self.row_field}__{by}")

    def index_keys(self, value, vocabularies):
        return [code for code in value if is_country_code(code)]

    def facet(self, filterset, counts, vocabularies):
        selected = filterset.cleaned(self.name) or []
        shown = set(counts) | {code for code in selected if is_country_code(code)}
        names = country_names()
        codes = sorted(shown, key=lambda c: names.get(c, c))
        choices = [Choice(c, names.get(c, c), counts.get(c, 0), c in selected) for c in codes]
        return Facet(self.name, self.label, choices)


@dataclass(frozen=True)
class YearFacet(FacetDeclaration):
    """Choices: the years of a date ``field`` of the listed rows, newest first."""

    field: str

    def filter(self):
        return YearsFilter(field_name=self.field)

    def counted(self, rows, by=None):
        return grouped(rows(self.name), ExtractYear(self.field), self.name, by=by)

    def index_keys(self, value, vocabularies):
        return [str(int(year)) for year in value if is_year(year)]

    def facet(self, filterset, counts, vocabularies):
        selected = filterset.cleaned(self.name) or []
        years = sorted(set(counts) | {y for y in selected if is_year(y)}, reverse=True)
        choices = [Choice(y, y, counts.get(y, 0), y in selected) for y in years]
        return Facet(self.name, self.label, choices)


@dataclass(frozen=True)
class FlagFacet(FacetDeclaration):
    """One checkbox (``choice_label``): when set, the rows ``keep(queryset)`` keeps.

    ``changes_with_time``: what it keeps changes with the clock alone, not only with
    writes (never kept in the tallies). ``stops_keeping(queryset, start, end)``, for
    such a flag whose rows only ever leave as time passes: the rows it kept at
    ``start`` and no longer at ``end``. The bitmaps then follow the clock by reading
    those alone (registry/filters/bitmaps.py)."""

    choice_label: str
    keep: Callable
    changes_with_time: bool = False
    stops_keeping: Callable | None = None

    def filter(self):
        return FlagFilter(field_name=self.name, keep=self.keep)

    def counted(self, rows, by=None):
        return grouped(self.keep(rows(self.name)), Value(1), self.name, by=by)

    def index_keys(self, value, vocabularies):
        return ["1"] if value else []

    def facet(self, filterset, counts, vocabularies):
        selected = bool(filterset.cleaned(self.name))
        choice = Choice("1", self.choice_label, counts.get("1", 0), selected)
        return Facet(self.name, self.label, [choice], True)


# --- The FilterSet of a listing ---------------------------------------------------------


class ListingFilterSet(django_filters.FilterSet):
    """A public listing: the search box ``q``, one filter per declaration of FACETS,
    and the ``sort`` order (applied by listing(), never by the filters).

    Subclasses set FACETS, SORTS (value: label, the default first), filter_search()
    and listing().
    """

    FACETS = ()
    SORTS = {}
    # The name of the listing's counts in the tallies (registry/tallies.py), if kept
    # there, and the path from a listed row to its community's id.
    TALLY = None
    COMMUNITY = "pk"

    q = SearchFilter(method="filter_search")
    sort = django_filters.CharFilter(method="filter_nothing")

    def __init__(self, data=None, queryset=None, **kwargs):
        # Counts over the listing's own rows are the same for everyone: shared in the cache.
        # Over other rows (a digest's new ones, say), they are counted each time.
        self.counts_are_shared = queryset is None
        if queryset is None:
            queryset = self.listed_rows()
        super().__init__(data, queryset=queryset, **kwargs)

    @classmethod
    def listed_rows(cls):
        """What the listing lists when given no other rows: its public ones."""
        raise NotImplementedError

    @classmethod
    def get_filters(cls):
        """The search, then one filter per facet declaration, then the sort order."""
        filters = super().get_filters()
        sort = filters.pop("sort")
        filters.update((facet.name, facet.filter()) for facet in cls.FACETS)
        filters["sort"] = sort
        return filters

    def facets(self):
        """The facets with their choices counted. Every facet's grouped query and the
        number of rows go to the database as one UNION ALL (the country codes, text,
        in one more)."""
        if self.counts_are_shared:
            # Kept for every visitor until the data changes (registry/data_version.py).
            name = f"facets:{type(self).__name__}"
            counts, self.count = data_version.cached(name, self.active_values(), self.counts)
        else:
            counts, self.count = self.counts()
        vocabularies = load_vocabularies()
        return [
            declaration.facet(self, counts[declaration.name], vocabularies)
            for declaration in self.FACETS
        ]

    def counts(self, facets=None):
        """({facet name: {choice key: count}}, number of rows the filters keep), for
        every facet or only those named in ``facets``.

        The listing's own rows with no filter active are the same for every visitor
        until the data changes: their counts are read from the tallies the writes keep
        (registry/tallies.py; one query), all but those that change with the clock.
        Filtered, a list of communities counts from the bitmaps of the tallies' shares
        (registry/filters/bitmaps.py); the others, and any list when the tallies are
        not built, count in SQL."""
        declarations = [d for d in self.FACETS if facets is None or d.name in facets]
        found = {declaration.name: {} for declaration in declarations} | {"": {}}
        with_total = True
        kept = None
        if self.TALLY and self.counts_are_shared and not self.active_values():
            kept = tallies.read(self.TALLY)
        elif self.uses_bitmaps():
            index = self.bitmaps()
            if index is not None:
                return index.counts(self, declarations, load_vocabularies())
        if kept is not None:
            for declaration in declarations:
                found[declaration.name].update(kept.get(declaration.name, {}))
            found[""].update(kept.get("", {}))
            declarations = [d for d in declarations if d.changes_with_time]
            with_total = False
        for _community, tag, key, count in self._counted(declarations, with_total=with_total):
            if count:  # a flag over no rows still counts a 0; the tallies keep none
                found[tag][str(key)] = count
        total = found.pop("").get("0", 0)
        return found, total

    def uses_bitmaps(self):
        """Whether this list's filtered counts come from the bitmaps of its tallies'
        shares (registry/filters/bitmaps.py): a list of communities, its own rows,
        its filters valid."""
        return bool(
            self.TALLY and self.COMMUNITY == "pk" and self.counts_are_shared and self.is_valid()
        )

    def bitmaps(self):
        """The process's bitmaps of this listing, brought up to date once per FilterSet
        (its counts and its rows read the same), or None (registry/filters/bitmaps.py)."""
        if not hasattr(self, "_bitmaps"):
            self._bitmaps = bitmaps.for_listing(type(self))
        return self._bitmaps

    def matching_ids(self, most=3000):
        """The ids of the rows the active filters keep, read from the bitmaps, when
        there are at most ``most`` of them: a condition the database turns into a few
        index lookups, where it would otherwise walk the list's order testing each row
        against every filter. None without filters, with a search (its rows come from
        the database anyway), or when the bitmaps are not used.

        3,000: at 50,000 communities ``topic=pollination&region=africa`` keeps 1,483;
        found by their keys its page took 31 ms, walking the order 45 ms (the planner
        tested 10,000 rows to find 25). Many thousands of keys cost more to send and
        look up than a walk, which then soon finds its page."""
        if not (self.uses_bitmaps() and self.active_values()) or self.cleaned("q"):
            return None
        index = self.bitmaps()
        if index is None:
            return None
        ids = index.rows(self, load_vocabularies())
        return ids if len(ids) <= most else None

    def counts_by_community(self):
        """{community id: {facet name: {choice key: count}}} over the rows given, every
        facet that does not change with the clock and the number of rows ("" → "0"):
        what each community adds to the tallies."""
        shares = {}
        declarations = [d for d in self.FACETS if not d.changes_with_time]
        rows = self._counted(declarations, with_total=True, by=self.COMMUNITY)
        for community, tag, key, count in rows:
            if count:
                shares.setdefault(community, {}).setdefault(tag, {})[str(key)] = count
        return shares

    def _counted(self, declarations, *, with_total, by=None):
        """Rows of (community id or None, facet name, key, count): the numeric keys in
        one UNION ALL (with the number of rows, tagged ""), the text keys in another.
        ``by``: per community, along that path from a listed row (see grouped())."""
        rows = self.queryset_without
        numbers = [grouped(rows(""), Value(0), "", by=by)] if with_total else []
        numbers += [d.counted(rows, by) for d in declarations if not d.text_keys]
        texts = [d.counted(rows, by) for d in declarations if d.text_keys]
        for parts in (numbers, texts):
            if not parts:
                continue
            for row in parts[0].union(*parts[1:], all=True):
                yield row if by else (None, *row)

    def filter_search(self, qs, name, value):
        raise NotImplementedError

    def filter_nothing(self, qs, name, value):
        return qs

    def cleaned(self, name):
        self.errors  # noqa: B018 (validates the form, fills cleaned_data)
        return self.form.cleaned_data.get(name)

    def queryset_without(self, name):
        """The rows that every active filter except ``name`` (and the ordering) keeps
        (``name`` "": every active filter)."""
        self.errors  # noqa: B018
        qs = self.queryset.all()
        for filter_name, value in self.form.cleaned_data.items():
            if filter_name in (name, "sort"):
                continue
            qs = self.filters[filter_name].filter(qs, value)
        return qs

    def active_values(self):
        """[(parameter, value)] for every active filter value, in parameter order."""
        if not self.data:
            return []  # nothing asked for: no form to build and validate (about 1 ms)
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
