"""JSON-LD to RDF triples for the tests, with pyld and no network: the schema.org
context is replaced by its two entries that matter here (the vocabulary and the
``schema:`` prefix), so every IRI the tests check must be explicit in our documents."""

import json
import re

from pyld import jsonld

SCHEMA = "http://schema.org/"
SCHEMA_CONTEXT = {"@context": {"@vocab": SCHEMA, "schema": SCHEMA}}


def _offline_loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}
    raise jsonld.JsonLdError(f"No network in the tests: {url}", "loading document failed")


def triples(document):
    """{(subject, predicate, object)}: IRIs and blank nodes as strings, literals as
    their value, language-tagged literals as (value, language)."""
    dataset = jsonld.to_rdf(document, {"documentLoader": _offline_loader})
    found = set()
    for quad in dataset.get("@default", []):
        obj = quad["object"]
        if obj["type"] == "literal" and obj.get("language"):
            value = (obj["value"], obj["language"])
        else:
            value = obj["value"]
        found.add((quad["subject"]["value"], quad["predicate"]["value"], value))
    return found


def schema(name):
    return SCHEMA + name


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def json_ld_in_page(html):
    """The JSON-LD of an HTML page's <script type="application/ld+json">."""
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))
