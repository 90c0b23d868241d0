"""What a followed list selects: its filter in one canonical form, the filter in
words, the list's address, and the rows that became public in a digest's period.

The filter is the list's own FilterSet, so a digest lists exactly what the list
would show as new (registry/services/subscriptions.py sends it):

- communities: those first published (``published_at``) in the period;
- contributions and impact examples: those that became public in the period, i.e.
  the later of their creation (``created_at``) and their community's first
  publication, so a community published this week brings its contributions along.
"""

from urllib.parse import urlencode

from django.db.models.functions import Greatest
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries

from registry.filters.communities import CommunityFilterSet
from registry.filters.contributions import ContributionFilterSet
from registry.filters.impact import ImpactFilterSet
from registry.links import absolute_url
from registry.models import Community, Contribution, ImpactExample, Subscription

Kind = Subscription.Kind

# What each kind of list is: its FilterSet, its page, the rows it lists.
FILTERSETS = {
    Kind.COMMUNITIES: CommunityFilterSet,
    Kind.CONTRIBUTIONS: ContributionFilterSet,
    Kind.IMPACT: ImpactFilterSet,
}
LIST_URLS = {
    Kind.COMMUNITIES: "registry:community_list",
    Kind.CONTRIBUTIONS: "registry:contribution_list",
    Kind.IMPACT: "registry:impact_list",
}
# Parameters of a list that are not part of its filter.
NOT_FILTERS = {"sort", "page"}


def normalise_query(kind, query):
    """The filter part of a list's query string, in one canonical form: only the
    list's filter parameters (not the sort or the page), empty values dropped,
    values stripped, pairs sorted, each once."""
    names = set(FILTERSETS[kind].base_filters) - NOT_FILTERS
    data = QueryDict(query or "")
    pairs = {
        (name, value.strip())
        for name in data
        if name in names
        for value in data.getlist(name)
        if value.strip()
    }
    return urlencode(sorted(pairs))


def filterset_for(kind, query, queryset=None):
    """The list's own FilterSet bound to the subscription's filter."""
    return FILTERSETS[kind](QueryDict(query), queryset=queryset)


def list_url(kind, query=""):
    """The list's page with the filter, as an absolute link."""
    url = absolute_url(reverse(LIST_URLS[kind]))
    return f"{url}?{query}" if query else url


def describe_query(kind, query):
    """The filter in words, one "Label: value" per filter value, in the active language."""
    filterset = FILTERSETS[kind]
    declarations = {facet.name: facet for facet in getattr(filterset, "FACETS", ())}
    words = []
    for name, value in QueryDict(query).lists():
        if name not in filterset.base_filters:  # a filter the list no longer has
            continue
        for item in value:
            if name == "q":
                words.append(_("Search") + f": {item}")
                continue
            declaration = declarations.get(name)
            label = declaration.label if declaration else filterset.base_filters[name].label
            words.append(f"{label}: {_value_label(filterset, declaration, name, item)}")
    return words


def _value_label(filterset, declaration, name, value):
    if declaration is None:  # the impact page's choice of a reference row
        model = filterset.base_filters[name].extra["queryset"].model
    else:
        model = getattr(declaration, "model", None)
        if hasattr(declaration, "choice_label"):
            return str(declaration.choice_label)
        if name == "country":
            return str(countries.name(value.upper())) or value
    if model is not None:
        row = model.objects.filter(slug__iexact=value).first()
        if row is not None:
            return str(getattr(row, "label", row))
    return value


def new_items(subscription, *, since, until):
    """The rows the subscription's list shows that became public in (since, until],
    in the list's order."""
    kind = subscription.kind
    if kind == Kind.COMMUNITIES:
        rows = Community.objects.published().filter(published_at__gt=since, published_at__lte=until)
    else:
        model = Contribution if kind == Kind.CONTRIBUTIONS else ImpactExample
        rows = (
            model.objects.published()
            .annotate(public_since=Greatest("created_at", "community__published_at"))
            .filter(public_since__gt=since, public_since__lte=until)
        )
    return list(filterset_for(kind, subscription.query, rows).listing())
