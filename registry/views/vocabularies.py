"""The vocabularies' pages: /vocabularies/, a set and a term, each as HTML for people
and as schema.org JSON-LD for machines, chosen by the Accept header (or a
``.jsonld`` suffix or ``?format=jsonld`` for links). Public, no form, no cookie."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from registry import vocabularies
from registry.vocabularies import VOCABULARIES

HTML = "text/html"
JSON_LD = "application/ld+json"
JSON = "application/json"


def _vocabulary(name):
    try:
        return VOCABULARIES[name]
    except KeyError:
        raise Http404("No such vocabulary.") from None


def _wanted_type(request, suffix):
    """The media type to answer: the suffix or ?format=jsonld first, then the Accept
    header (HTML when it names neither, as for a browser or */*)."""
    if suffix or request.GET.get("format") == "jsonld":
        return JSON_LD
    return request.get_preferred_type([HTML, JSON_LD, JSON]) or HTML


def _answer(request, suffix, document, template, context):
    wanted = _wanted_type(request, suffix)
    if wanted == HTML:
        response = render(request, template, context)
    else:
        response = HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=2),
            content_type=f"{wanted}; charset=utf-8",
        )
    if not suffix and "format" not in request.GET:
        patch_vary_headers(response, ["Accept"])  # the type was negotiated
    return response


@require_safe
def vocabulary_list(request):
    """The sets of terms, each with its URI."""
    sets = [
        {"vocabulary": vocabulary, "uri": vocabularies.set_uri(vocabulary)}
        for vocabulary in VOCABULARIES.values()
    ]
    return render(request, "registry/vocabularies/list.html", {"sets": sets})


@require_safe
def vocabulary_detail(request, vocabulary, suffix=False):
    """A set (schema.org DefinedTermSet) and its terms in use."""
    found = _vocabulary(vocabulary)
    terms = list(found.model.objects.active())
    context = {
        "vocabulary": found,
        "uri": vocabularies.set_uri(found),
        "terms": [(term, reverse("registry:term", args=[found.name, term.slug])) for term in terms],
        "jsonld_url": reverse("registry:vocabulary_jsonld", args=[found.name]),
    }
    document = vocabularies.set_document(found, terms)
    return _answer(request, suffix, document, "registry/vocabularies/detail.html", context)


@require_safe
def term_detail(request, vocabulary, slug, suffix=False):
    """A term (schema.org DefinedTerm): what it means, and where the registry lists it.
    A term no longer in use keeps its page, so its URI never breaks."""
    found = _vocabulary(vocabulary)
    term = get_object_or_404(found.model, slug=slug)
    context = {
        "vocabulary": found,
        "term": term,
        "uri": vocabularies.term_uri(term),
        "set_url": reverse("registry:vocabulary", args=[found.name]),
        "listing_links": found.listing_links(term),
        "jsonld_url": reverse("registry:term_jsonld", args=[found.name, term.slug]),
    }
    document = vocabularies.term_document(term)
    return _answer(request, suffix, document, "registry/vocabularies/term.html", context)
