"""Lenient form fields and the filters built on them: bad input never gives an error page.

Every listing filter takes several values of one GET parameter, OR'ed within the
parameter. Unknown values are kept: they match nothing (as a link to a removed
topic should), and the page names them in a notice.
"""

import django_filters
from django import forms
from django_countries import countries as all_countries

from registry.models.base import EARLIEST_FOUNDED_YEAR, LATEST_YEAR

MAX_QUERY_LENGTH = 200
MAX_VALUES = 50


def printable(value):
    """The text without control characters (PostgreSQL refuses NUL in a query)."""
    return "".join(char if char.isprintable() else " " for char in str(value))


def is_country_code(code):
    return len(code) == 2 and code.isascii() and code.isalpha() and code in all_countries


def is_year(value):
    return (
        value.isascii() and value.isdigit() and EARLIEST_FOUNDED_YEAR <= int(value) <= LATEST_YEAR
    )


# --- Form fields ----------------------------------------------------------------------


class SlugListField(forms.Field):
    """Several values of one GET parameter, trimmed and lower-cased."""

    widget = forms.MultipleHiddenInput  # reads request.GET.getlist()

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


# --- Filters --------------------------------------------------------------------------


class SearchFilter(django_filters.CharFilter):
    field_class = SearchTextField


class SlugsFilter(django_filters.Filter):
    """Rows having any of the slugs, as a ``pk__in`` subquery: rows never multiply,
    so no ``distinct()`` is needed."""

    field_class = SlugListField

    def __init__(self, *args, subquery=None, **kwargs):
        # subquery(values) -> a queryset of primary keys of matching rows
        self.subquery = subquery
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(pk__in=self.subquery(value))


class CountriesFilter(django_filters.Filter):
    """Rows in any of the countries: ``subquery(codes)`` gives their primary keys (read
    from a link table of countries); unknown codes match nothing."""

    field_class = CountryListField

    def __init__(self, *args, subquery=None, **kwargs):
        self.subquery = subquery
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        codes = [code for code in value or () if is_country_code(code)]
        if not value:
            return qs
        return qs.filter(pk__in=self.subquery(codes))


class YearsFilter(django_filters.Filter):
    """Rows whose date field (``field_name``) falls in any of the years."""

    field_class = SlugListField

    def filter(self, qs, value):
        if not value:
            return qs
        years = [int(year) for year in value if is_year(year)]
        return qs.filter(**{f"{self.field_name}__year__in": years})


class FlagFilter(django_filters.Filter):
    """When the flag is set, the rows ``keep(queryset)`` keeps."""

    field_class = FlagField

    def __init__(self, *args, keep=None, **kwargs):
        self.keep = keep
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return self.keep(qs) if value else qs
