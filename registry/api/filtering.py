"""The list endpoints' filters: the public pages' own FilterSets, read strictly.

A list endpoint names its page's FilterSet (``view.filterset_class``); this backend
binds it to the GET parameters, exactly as the page does, and returns its
``listing()``: the same rows in the same order. Nothing here filters.

What differs from the pages is only how a bad value is answered: a page ignores a
value it does not know (a link to a retired topic still gives a page), while the API
says which parameter was wrong, as a 400 problem. The checks read the FilterSet's own
declarations (FACETS, SORTS, the form's errors), so they cannot drift from the filters.
The OpenAPI parameters are generated from the same declarations.
"""

from django.db import DatabaseError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend

from registry.filters import ListingFilterSet
from registry.filters.facets import CountryFacet, FlagFacet, ReferenceFacet, YearFacet
from registry.filters.fields import MAX_QUERY_LENGTH, MAX_VALUES, is_country_code, is_year
from registry.vocabulary_lookup import load as load_vocabularies

FLAG_VALUES = {"1", "0", "true", "false", "yes", "no", "on", "off", ""}


def _unknown(values, known):
    return [value for value in values if value not in known]


def _facet_problem(declaration, filterset, raw_values):
    """The message for one facet's bad values, or None."""
    if len(raw_values) > MAX_VALUES:
        return _("At most %(max)d values.") % {"max": MAX_VALUES}
    values = filterset.cleaned(declaration.name) or []
    if isinstance(declaration, ReferenceFacet):
        known = {term.slug for term in load_vocabularies().active(declaration.model)}
        unknown = _unknown(values, known)
        if unknown:
            return _("Unknown slug %(values)s: the vocabulary's endpoint lists the slugs.") % {
                "values": ", ".join(repr(value) for value in unknown)
            }
    elif isinstance(declaration, CountryFacet):
        unknown = [code for code in values if not is_country_code(code)]
        if unknown:
            return _("Not an ISO 3166 country code: %(values)s.") % {
                "values": ", ".join(repr(code) for code in unknown)
            }
    elif isinstance(declaration, YearFacet):
        unknown = [year for year in values if not is_year(year)]
        if unknown:
            return _("Not a year: %(values)s.") % {
                "values": ", ".join(repr(year) for year in unknown)
            }
    elif isinstance(declaration, FlagFacet):
        unknown = [v for v in raw_values if v.strip().lower() not in FLAG_VALUES]
        if unknown:
            return _("Enter true or false.")
    return None


def problems(filterset, params):
    """{parameter: [message]} for every bad value of the request's parameters."""
    found = {}
    if isinstance(filterset, ListingFilterSet):
        for declaration in filterset.FACETS:
            raw_values = params.getlist(declaration.name)
            if raw_values:
                message = _facet_problem(declaration, filterset, raw_values)
                if message:
                    found[declaration.name] = [message]
        sort = (params.get("sort") or "").strip()
        if sort and sort not in dict(filterset.sort_choices()):
            found["sort"] = [
                _("Choose one of: %(choices)s.")
                % {"choices": ", ".join(value for value, _label in filterset.sort_choices())}
            ]
        if len(params.get("q") or "") > MAX_QUERY_LENGTH:
            found["q"] = [
                _("At most %(max)d characters.") % {"max": MAX_QUERY_LENGTH},
            ]
    elif not filterset.is_valid():
        found.update({name: list(messages) for name, messages in filterset.errors.items()})
    return found


class PageFilterBackend(BaseFilterBackend):
    """The rows of ``view.filterset_class(request.GET, queryset=view's queryset)``."""

    def filter_queryset(self, request, queryset, view):
        filterset = view.filterset_class(request.query_params, queryset=queryset)
        found = problems(filterset, request.query_params)
        if found:
            raise exceptions.ValidationError(found)
        return filterset.listing()

    def get_schema_operation_parameters(self, view):
        return parameters(view.filterset_class)


# --- The OpenAPI parameters, from the same declarations ---------------------------------


def _query(name, description, schema, *, array=False):
    parameter = {"name": name, "in": "query", "required": False, "description": str(description)}
    if array:
        parameter.update(
            schema={"type": "array", "items": schema, "maxItems": MAX_VALUES},
            style="form",
            explode=True,
        )
    else:
        parameter["schema"] = schema
    return parameter


def _active_slugs(model):
    try:
        return [term.slug for term in load_vocabularies().active(model)]
    except DatabaseError:  # no database yet, e.g. `manage.py spectacular` at build time
        return []


def _facet_parameter(declaration):
    label = declaration.label
    if isinstance(declaration, ReferenceFacet):
        slugs = _active_slugs(declaration.model)
        schema = {"type": "string", **({"enum": slugs} if slugs else {})}
        text = _(
            "%(label)s: one or more slugs (repeat the parameter); rows having any of them."
        ) % {"label": label}
        return _query(declaration.name, text, schema, array=True)
    if isinstance(declaration, CountryFacet):
        text = _(
            "%(label)s: one or more ISO 3166 alpha-2 codes (e.g. KE); rows in any of them."
        ) % {"label": label}
        schema = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
        return _query(declaration.name, text, schema, array=True)
    if isinstance(declaration, YearFacet):
        text = _("%(label)s: one or more years (e.g. 2025); rows in any of them.") % {
            "label": label
        }
        return _query(
            declaration.name, text, {"type": "string", "pattern": "^[0-9]{4}$"}, array=True
        )
    if isinstance(declaration, FlagFacet):
        text = _("%(label)s: true keeps only %(choice)s.") % {
            "label": label,
            "choice": str(declaration.choice_label).lower(),
        }
        return _query(declaration.name, text, {"type": "boolean"})
    return _query(declaration.name, label, {"type": "string"})


def parameters(filterset_class):
    """The OpenAPI query parameters of a page's FilterSet."""
    if issubclass(filterset_class, ListingFilterSet):
        found = [
            _query(
                "q",
                _("Search text: every word must match (name, acronym, summary, description)."),
                {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            )
        ]
        found += [_facet_parameter(declaration) for declaration in filterset_class.FACETS]
        found.append(
            _query(
                "sort",
                _("Order of the rows (default: %(default)s; relevance needs q).")
                % {"default": next(iter(filterset_class.SORTS))},
                {"type": "string", "enum": list(filterset_class.SORTS)},
            )
        )
        return found
    found = []
    for name, declared in filterset_class.base_filters.items():
        slugs = _active_slugs(declared.queryset.model) if hasattr(declared, "queryset") else []
        schema = {"type": "string", **({"enum": slugs} if slugs else {})}
        text = _("%(label)s: one slug.") % {"label": declared.label}
        found.append(_query(name, text, schema))
    return found
