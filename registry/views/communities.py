"""Public listings of communities and contributions, and a community's page."""

import json

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from registry import permissions, services, vocabulary_lookup
from registry.community_page import load_terms
from registry.filters import CommunityFilterSet, ContributionFilterSet
from registry.identifiers import property_value
from registry.models import Contribution, ImpactExample, Recognition
from registry.vocabularies import term_reference as vocabulary_term_reference

PAGE_SIZE = 25
CARD_TERMS = ("topics", "regions")  # what a card of the communities list names


def _query_without(request, name=None, value=None, drop=("page",)):
    """The current query string without one filter value (and without the page)."""
    pairs = []
    for key in request.GET:
        if key in drop:
            continue
        for item in request.GET.getlist(key):
            if key == name and (value is None or item.strip().lower() == value.lower()):
                continue
            if item != "":
                pairs.append((key, item))
    return urlencode(pairs)


def _chips(request, filterset, facets):
    """Active filters as removable chips: [(label, value label, url without it)]."""
    labels = {facet.name: facet for facet in facets}
    chips = []
    for name, value in filterset.active_values():
        facet = labels.get(name)
        if name == "q":
            group, text = _("Search"), value
        else:
            group = facet.label if facet else name
            text = next(
                (c.label for c in (facet.choices if facet else []) if c.value == str(value)),
                str(value),
            )
        # The search and a checkbox have one value: their chip removes the parameter.
        whole = name == "q" or (facet is not None and facet.flag)
        query = _query_without(request, name, None if whole else str(value))
        chips.append({"group": group, "label": text, "url": f"?{query}" if query else "?"})
    return chips


def _unknown_values(request, facets, names):
    """GET values that matched no choice: shown as a gentle message, never an error."""
    known = {facet.name: {c.value for c in facet.choices} for facet in facets}
    unknown = []
    for name in names:
        for item in request.GET.getlist(name):
            cleaned = item.strip()
            if cleaned and cleaned.lower() not in {v.lower() for v in known.get(name, ())}:
                unknown.append(cleaned[:60])
    return unknown


class CountedPaginator(Paginator):
    """A paginator told the number of rows (counted with the facets, in the same query)."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property


def _listing_context(request, filterset, facets, rows):
    page = CountedPaginator(rows, PAGE_SIZE, filterset.count).get_page(request.GET.get("page"))
    query = _query_without(request)
    notices = []
    if filterset.sort_was_refused():
        notices.append(_("That sort order is not available; showing the default order."))
    names = [f.name for f in facets if not f.flag]
    unknown = _unknown_values(request, facets, names)
    if unknown:
        notices.append(
            _("These filter values are unknown and match nothing: %(values)s")
            % {"values": ", ".join(unknown[:5])}
        )
    return {
        "filterset": filterset,
        "notices": notices,
        "facets": facets,
        "page_obj": page,
        "chips": _chips(request, filterset, facets),
        "active_filter_count": sum(facet.selected_count for facet in facets),
        "query": query,
        "search_text": filterset.cleaned("q") or "",
        "sort": filterset.sort_value(),
        "sort_choices": filterset.sort_choices(),
    }


def community_list(request):
    """The filterable, searchable list of published communities."""
    filterset = CommunityFilterSet(request.GET)
    facets = filterset.facets()
    context = _listing_context(request, filterset, facets, filterset.listing())
    # The cards' topics and regions, named from the vocabulary lookup (one query).
    page = context["page_obj"]
    page.object_list = vocabulary_lookup.attach_terms(page.object_list, CARD_TERMS)
    query = context["query"]
    suffix = f"?{query}" if query else ""
    context.update(
        csv_url=reverse("registry:community_export_csv") + suffix,
        json_url=reverse("registry:community_export_json") + suffix,
        feed_url=reverse("registry:community_feed") + suffix,
    )
    return render(request, "registry/communities/list.html", context)


def community_detail(request, slug):
    """A community's public profile; coordinators and the Secretariat also see it unpublished."""
    # Whether it has impact examples and a recognition, asked with the community: most
    # have neither, and each would otherwise be a query of its own (about 1 ms each).
    community = get_object_or_404(
        permissions.visible_communities(request.user)
        .with_recognition_flag()
        .annotate(
            has_impact_examples=Exists(ImpactExample.objects.filter(community=OuterRef("pk")))
        ),
        slug=slug,
    )
    all_contributions = list(
        Contribution.objects.filter(community=community)
        .select_related("activity_type", "scale")
        .order_by("-start_date", "title")
    )
    # What happened, newest first; the events still to come in their own section, soonest
    # first (one query: the same rule as Contribution.objects.upcoming()).
    today = timezone.localdate()
    contributions = [c for c in all_contributions if c.start_date < today]
    upcoming_contributions = [c for c in reversed(all_contributions) if c.start_date >= today]
    impact_examples = []
    if community.has_impact_examples:
        impact_examples = list(
            ImpactExample.objects.filter(community=community).select_related(
                "impact_type", "impact_scale"
            )
        )
    # Every term the page names, in one query (registry/community_page.py): the
    # community's by relation, and topic_list / deliverable_list on each row.
    terms = load_terms(community, all_contributions, impact_examples)
    recognition = None
    if community.is_recognised:
        recognition = (
            Recognition.objects.active()
            .filter(community=community)
            .select_related("round", "task_force")
            .first()
        )
    context = {
        "community": community,
        "terms": terms,
        "contributions": contributions,
        "upcoming_contributions": upcoming_contributions,
        "impact_examples": impact_examples,
        "recognition": recognition,
        # Reversed once: every activity, deliverable and term link starts with one of them.
        "contributions_url": reverse("registry:contribution_list"),
        "list_url": reverse("registry:community_list"),
        "is_public": community.is_public,
        "json_ld": _json_ld(request, community, terms, all_contributions),
        # Who sees the address is permissions.contact_email_for; others get the form.
        "contact_email": permissions.contact_email_for(request.user, community),
        "contact_form": community.is_public and bool(services.contact_recipients(community)),
    }
    return render(request, "registry/communities/detail.html", context)


def _json_ld(request, community, terms, contributions):
    """schema.org Organization as JSON text safe inside <script> (<, > and & escaped).
    Terms are DefinedTerms by their URIs (registry/vocabularies.py); contributions
    are Events; the host organisation is named by its ROR ID."""
    url = request.build_absolute_uri(community.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "name": community.name,
        "url": url,
        "description": community.summary,
    }
    if community.acronym:
        data["alternateName"] = community.acronym
    if community.website:
        data["sameAs"] = [community.website]
    if community.host_ror:
        data["parentOrganization"] = {
            "@type": "Organization",
            "@id": community.host_ror,
            "identifier": property_value("ROR", community.host_ror),
        }
    if community.public_contact_email:
        data["email"] = community.public_contact_email
    if community.year_founded:
        data["foundingDate"] = str(community.year_founded)
    if community.logo:
        data["logo"] = request.build_absolute_uri(community.logo.url)
    if community.member_count is not None:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": community.member_count}
    # A term is described once per page, however many contributions name it.
    term_reference = _term_references()
    data["knowsAbout"] = [term_reference(topic) for topic in terms["topics"]]
    keywords = [
        term_reference(term)
        for relation in ("functions", "scales", "regions", "member_types")
        for term in terms[relation]
    ]
    if keywords:
        data["keywords"] = keywords
    data["knowsLanguage"] = [language.slug for language in terms["languages"]]
    areas = [region.name for region in terms["regions"]]
    areas += [str(country.name) for country in community.countries]
    if areas:
        data["areaServed"] = areas
    events = [_event_json_ld(url, contribution, term_reference) for contribution in contributions]
    if events:
        data["event"] = events
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return mark_safe(text)  # noqa: S308 (JSON with <, > and & escaped)


def _term_references():
    """vocabularies.term_reference, memoised for one page (its URIs are reverse()s)."""
    references, set_uris = {}, {}

    def reference(term):
        key = (type(term), term.pk)
        if key not in references:
            references[key] = vocabulary_term_reference(term, set_uris)
        return references[key]

    return reference


def _event_json_ld(community_url, contribution, term_reference):
    """A contribution as a schema.org Event (every contribution has a start date)."""
    event = {
        "@type": "Event",
        "@id": f"{community_url}#contribution-{contribution.pk}",
        "name": contribution.title,
        "startDate": contribution.start_date.isoformat(),
        "organizer": {"@id": community_url},
        "about": [term_reference(contribution.activity_type)]
        + [term_reference(topic) for topic in contribution.topic_list]
        + [term_reference(deliverable) for deliverable in contribution.deliverable_list],
    }
    if contribution.end_date:
        event["endDate"] = contribution.end_date.isoformat()
    places = [{"@type": "Country", "name": str(c.name)} for c in contribution.countries]
    if contribution.online:
        event["eventAttendanceMode"] = "https://schema.org/" + (
            "MixedEventAttendanceMode" if places else "OnlineEventAttendanceMode"
        )
        online = {"@type": "VirtualLocation"}
        if contribution.evidence_url:
            online["url"] = contribution.evidence_url
        places.append(online)
    elif places:
        event["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    if places:
        event["location"] = places
    if contribution.evidence_url:
        event["url"] = contribution.evidence_url
    return event


def contribution_list(request):
    """All contributions of published communities, filterable."""
    filterset = ContributionFilterSet(request.GET)
    facets = filterset.facets()
    rows = filterset.listing().prefetch_related(Prefetch("topics"), Prefetch("deliverables"))
    context = _listing_context(request, filterset, facets, rows)
    query = context["query"]
    context["ics_url"] = reverse("registry:contributions_ics") + (f"?{query}" if query else "")
    context["contributions_url"] = reverse("registry:contribution_list")  # the cards' links
    return render(request, "registry/contributions/list.html", context)
