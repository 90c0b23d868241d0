"""Duplicate hints: existing communities with a similar name, the same acronym or
the same website ("Is yours one of these?"). A hint never blocks anything.

Names are compared after normalisation (lower case, no accents, no generic words
such as "network", "réseau", "community of practice" in the six UN languages, a
plural "s" dropped), by the Jaccard index of their trigrams, computed the way
pg_trgm computes ``similarity()``; a pair at or above NAME_THRESHOLD is a hint.
That final score is the same Python on every database; only the cheap pre-filter
that picks at most CANDIDATES rows differs: pg_trgm's indexed ``%`` and ``<%``
operators on PostgreSQL (migration 0012), a shared word fragment on SQLite.
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When

from registry.models import Community
from registry.permissions import visible_communities

NAME_THRESHOLD = 0.6  # a typo or a word more or less: 0.7+; one word of two differing: ~0.5
CANDIDATES = 50  # rows read from the database at most, whatever the table's size
MAX_PROBES = 12  # word fragments in the SQLite pre-filter

# Words that say what kind of group it is, not which one (English, French, Spanish,
# Portuguese, Russian, Arabic, Chinese), and the small words between them; compared
# after normalisation, so without accents.
GENERIC_WORDS = frozenset(
    {
        *("network", "networks", "community", "communities", "practice", "practices"),
        *("group", "of", "the", "and", "for", "on", "in", "at", "to", "a", "an", "with"),
        *("reseau", "reseaux", "communaute", "communautes", "pratique", "pratiques"),
        *("groupe", "de", "des", "du", "la", "le", "les", "et", "pour", "sur", "en"),
        *("au", "aux", "avec"),
        *("red", "redes", "comunidad", "comunidades", "practica", "practicas", "grupo"),
        *("y", "para", "sobre", "del", "el", "los", "las", "con"),
        *("rede", "comunidade", "pratica", "praticas", "e", "do", "da", "dos", "das"),
        *("no", "na", "com"),
        *("сеть", "сети", "сообщество", "сообщества", "практики", "практика", "группа"),
        *("и", "в", "по", "для", "о"),
        *("شبكة", "مجتمع", "ممارسة", "مجموعة"),
    }
)
# Chinese is written without spaces: these are removed wherever they occur.
GENERIC_CJK = ("实践社区", "实践共同体", "网络", "社区", "共同体", "实践")

# Hosts many unrelated communities share: there the path says whose page it is.
SHARED_HOSTS = frozenset(
    {
        "facebook.com",
        "linkedin.com",
        "sites.google.com",
        "groups.google.com",
        "github.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "youtube.com",
        "researchgate.net",
    }
)


@dataclass(frozen=True)
class Hint:
    """An existing community that may be the same, and why (the reasons shown)."""

    community: Community
    score: float
    reasons: tuple  # of "name", "acronym", "website"


def strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _words(text):
    text = strip_accents(text.casefold())
    for generic in GENERIC_CJK:
        text = text.replace(generic, " ")
    return re.findall(r"\w+", text.replace("_", " "))


def _singular(word):
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def name_words(name):
    """The words that tell one community from another, normalised; all of them when
    the name is nothing but generic words ("Community of Practice")."""
    words = _words(name or "")
    significant = [_singular(word) for word in words if word not in GENERIC_WORDS]
    return significant or [_singular(word) for word in words]


def trigrams(words):
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    grams = set()
    for word in words:
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def name_similarity(first, second):
    """Between 0 and 1: the share of trigrams the two normalised names have in common."""
    a, b = trigrams(name_words(first)), trigrams(name_words(second))
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def normalise_acronym(acronym):
    return "".join(_words(acronym or ""))


def website_key(url):
    """What makes two websites the same: the host without "www." (and, on a host many
    communities share, the path too); "" for no usable address."""
    url = (url or "").strip()
    if not url:
        return ""
    if "//" not in url:
        url = f"//{url}"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    if "." not in host:
        return ""
    if host in SHARED_HOSTS:
        path = parts.path.rstrip("/").lower()
        return f"{host}{path}" if path else ""
    return host


def _probes(words):
    """Fragments for SQLite's LIKE: a word's start and its end, so that an accent in
    one spelling (stored names keep theirs) still leaves a fragment in common."""
    probes = []
    for word in sorted(words, key=len, reverse=True):
        if len(word) < 3:
            continue
        for probe in (word[:5], word[-5:]) if len(word) > 5 else (word,):
            if probe not in probes:
                probes.append(probe)
    return probes[:MAX_PROBES]


def _candidates(queryset, *, name, acronym, website_host):
    """At most CANDIDATES rows worth scoring, the likeliest first: exact acronym or
    website hits, then names that share trigrams (PostgreSQL) or fragments (SQLite)."""
    exact = Q(pk__in=[])
    if acronym:
        exact |= Q(acronym__iexact=acronym) | Q(name__iexact=acronym)
    if name and len(name) <= 30:
        exact |= Q(acronym__iexact=name)
    if website_host:
        # The whole key, path included on a shared host: not every Facebook page.
        exact |= Q(website__icontains=f"//{website_host}")
        exact |= Q(website__icontains=f"//www.{website_host}")
    words = name_words(name)
    normalised = " ".join(words)
    name_match = Q(pk__in=[])
    ranking = Value(0)
    if normalised and connection.vendor == "postgresql":
        # Both operators are served by the GIN index of migration 0012: % compares the
        # whole names, <% finds each typed word (or a near spelling) in a stored name,
        # as SQLite's fragments do.
        name_match = Q(name__trigram_similar=normalised)
        for word in sorted(words, key=len, reverse=True)[:MAX_PROBES]:
            if len(word) >= 3:
                name_match |= Q(name__trigram_word_similar=word)
        ranking = TrigramSimilarity("name", normalised)
    elif normalised:
        probes = _probes(words)
        for probe in probes:
            name_match |= Q(name__icontains=probe)
        if probes:
            ranking = sum(
                (
                    Case(
                        When(name__icontains=probe, then=Value(1)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                    for probe in probes
                ),
                start=Value(0),
            )
    return (
        queryset.filter(exact | name_match)
        .annotate(
            exact_hit=Case(
                When(exact, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            name_rank=ranking,
        )
        .order_by("-exact_hit", "-name_rank", "name", "pk")
        .only("pk", "name", "slug", "acronym", "website", "status")[:CANDIDATES]
    )


def similar_communities(*, user, name, acronym="", website="", exclude_pk=None, limit=5):
    """Communities ``user`` may see that may be the one described: the same acronym,
    the same website, or a name at least NAME_THRESHOLD similar; best first, at most
    ``limit``. One query, whatever the number of communities."""
    name = (name or "").strip()
    acronym_key = normalise_acronym(acronym)
    name_key = normalise_acronym(name)
    host = website_key(website)
    if not (name or acronym_key or host):
        return []
    queryset = visible_communities(user)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    hints = []
    for community in _candidates(
        queryset, name=name, acronym=(acronym or "").strip(), website_host=host
    ):
        their_acronym = normalise_acronym(community.acronym)
        same_acronym = bool(acronym_key) and acronym_key == normalise_acronym(community.name)
        same_acronym |= bool(their_acronym) and their_acronym in {acronym_key, name_key}
        same_website = bool(host) and website_key(community.website) == host
        score = name_similarity(name, community.name) if name else 0.0
        reasons = tuple(
            reason
            for reason, holds in (
                ("name", score >= NAME_THRESHOLD),
                ("acronym", same_acronym),
                ("website", same_website),
            )
            if holds
        )
        if reasons:
            hints.append(
                Hint(
                    community=community,
                    score=max(score, 1.0 if same_acronym or same_website else 0.0),
                    reasons=reasons,
                )
            )
    hints.sort(key=lambda hint: (-hint.score, hint.community.name.casefold(), hint.community.pk))
    return hints[:limit]
