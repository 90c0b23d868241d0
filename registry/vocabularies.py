"""The vocabularies as linked data: which reference model each public set name stands
for, the stable URI of every set and term, and their schema.org JSON-LD
(DefinedTermSet, DefinedTerm).

The one place that maps a set name (``topics``, ``activity-types``, …) to its model:
the term pages, the community JSON-LD and the JSON API all ask ``term_uri(obj)``.
URIs are built on SITE_URL, so they do not change with the host a request came in on.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.links import reversed_once
from registry.models import (
    ActivityType,
    Deliverable,
    Function,
    ImpactScale,
    ImpactType,
    Language,
    MemberType,
    Region,
    Scale,
    TaskForce,
    Topic,
)

SCHEMA_CONTEXT = "https://schema.org"


COMMUNITIES = "registry:community_list"
CONTRIBUTIONS = "registry:contribution_list"
IMPACT = "registry:impact_list"
LISTING_LABELS = {
    COMMUNITIES: _("Communities in the registry: %(term)s"),
    CONTRIBUTIONS: _("Contributions to the work of IPBES: %(term)s"),
    IMPACT: _("Examples of IPBES impact: %(term)s"),
}


@dataclass(frozen=True)
class Vocabulary:
    """One public set of terms: its URL name, its model, and the listings that filter
    on a term, as (URL name, GET parameter)."""

    name: str
    model: type
    listings: tuple = ()

    @property
    def label(self):
        return capfirst(self.model._meta.verbose_name_plural)

    def listing_links(self, term):
        """[(label, url)] of the filtered lists of this term."""
        return [
            (
                LISTING_LABELS[url_name] % {"term": term.label},
                f"{reversed_once(url_name)}?{param}={term.slug}",
            )
            for url_name, param in self.listings
        ]


VOCABULARIES = {
    vocabulary.name: vocabulary
    for vocabulary in (
        Vocabulary("topics", Topic, ((COMMUNITIES, "topic"), (CONTRIBUTIONS, "topic"))),
        Vocabulary("functions", Function, ((COMMUNITIES, "function"), (CONTRIBUTIONS, "function"))),
        Vocabulary(
            "activity-types", ActivityType, ((COMMUNITIES, "activity"), (CONTRIBUTIONS, "activity"))
        ),
        Vocabulary("scales", Scale, ((COMMUNITIES, "scale"), (CONTRIBUTIONS, "scale"))),
        Vocabulary(
            "regions",
            Region,
            ((COMMUNITIES, "region"), (CONTRIBUTIONS, "region"), (IMPACT, "region")),
        ),
        Vocabulary("member-types", MemberType, ((COMMUNITIES, "member_type"),)),
        Vocabulary("languages", Language, ((COMMUNITIES, "language"),)),
        Vocabulary("task-forces", TaskForce),
        Vocabulary(
            "deliverables", Deliverable, ((CONTRIBUTIONS, "deliverable"), (IMPACT, "deliverable"))
        ),
        Vocabulary("impact-types", ImpactType, ((IMPACT, "impact_type"),)),
        Vocabulary("impact-scales", ImpactScale, ((IMPACT, "impact_scale"),)),
    )
}
_BY_MODEL = {vocabulary.model: vocabulary for vocabulary in VOCABULARIES.values()}


def vocabulary_of(obj_or_model):
    """The Vocabulary of a reference row (or model)."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return _BY_MODEL[model._meta.concrete_model]


def set_uri(vocabulary):
    """The absolute URI of a set (a Vocabulary or its name)."""
    name = vocabulary if isinstance(vocabulary, str) else vocabulary.name
    return settings.SITE_URL + reversed_once("registry:vocabulary", name)


def term_uri(obj):
    """The absolute URI of any reference row (a topic, a region, a deliverable, …)."""
    # Reversed once per process (links.reversed_once): a community page's JSON-LD names
    # some thirty terms, and their reverse() calls were half of its time.
    return settings.SITE_URL + reversed_once("registry:term", vocabulary_of(obj).name, obj.slug)


# --- JSON-LD -----------------------------------------------------------------------------


def language_tag(code):
    """BCP 47 tag of a Django language code: zh-hans → zh-Hans."""
    parts = code.split("-")
    return "-".join([parts[0]] + [p.title() if len(p) == 4 else p.upper() for p in parts[1:]])


def in_every_language(text, transform=str):
    """{language tag: text} in each of the site's languages that translates ``text``
    (a reference name, or a lazy string), and always in the source language."""

    def render():
        return str(gettext(text)) if isinstance(text, str) else str(text)

    with translation.override(settings.LANGUAGE_CODE):
        source = render()
    values = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            value = render()
        # An untranslated text is the source again: it is not tagged as another language.
        if value != source or code == settings.LANGUAGE_CODE:
            values[language_tag(code)] = transform(value)
    return values


def context():
    """schema.org, the request's language for plain strings, and language maps that
    give a name (or description) in every language at once."""
    return [
        SCHEMA_CONTEXT,
        {
            "@language": language_tag(translation.get_language() or settings.LANGUAGE_CODE),
            "url": {"@id": "schema:url", "@type": "@id"},
            "termCode": {"@id": "schema:termCode", "@language": None},
            "nameByLanguage": {"@id": "schema:name", "@container": "@language"},
            "descriptionByLanguage": {"@id": "schema:description", "@container": "@language"},
        },
    ]


def term_reference(obj, set_uris=None):
    """A term as another document refers to it: its URI, type, name and set.
    ``set_uris``, a dict, keeps each set's URI for the document's next terms."""
    vocabulary = vocabulary_of(obj)
    if set_uris is None:
        in_set = set_uri(vocabulary)
    elif (in_set := set_uris.get(vocabulary.name)) is None:
        in_set = set_uris[vocabulary.name] = set_uri(vocabulary)
    return {
        "@type": "DefinedTerm",
        "@id": term_uri(obj),
        "name": obj.label,
        "termCode": obj.slug,
        "inDefinedTermSet": {"@id": in_set},
    }


def term_data(obj):
    """A term's own JSON-LD object (without @context)."""
    vocabulary = vocabulary_of(obj)
    data = {
        "@type": "DefinedTerm",
        "@id": term_uri(obj),
        "url": term_uri(obj),
        "termCode": obj.slug,
        "name": obj.label,
        "nameByLanguage": in_every_language(obj.name),
        "inDefinedTermSet": {
            "@type": "DefinedTermSet",
            "@id": set_uri(vocabulary),
            "name": str(vocabulary.label),
        },
    }
    if obj.description:
        data["description"] = obj.description_text
        data["descriptionByLanguage"] = in_every_language(obj.description)
    return data


def term_document(obj):
    return {"@context": context(), **term_data(obj)}


def set_document(vocabulary, terms):
    """The set with its terms (those in use)."""
    uri = set_uri(vocabulary)
    members = []
    for term in terms:
        data = term_data(term)
        data["inDefinedTermSet"] = {"@id": uri}
        members.append(data)
    return {
        "@context": context(),
        "@type": "DefinedTermSet",
        "@id": uri,
        "url": uri,
        "name": str(vocabulary.label),
        "nameByLanguage": in_every_language(
            vocabulary.model._meta.verbose_name_plural, transform=capfirst
        ),
        "hasDefinedTerm": members,
    }
