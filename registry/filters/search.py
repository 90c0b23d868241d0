"""The search box: full-text search of communities on PostgreSQL (a case-insensitive
match elsewhere), and a word-by-word match of contributions."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

MAX_SEARCH_TERMS = 12
WEB_SEARCH_SYNTAX = re.compile(r'["-]|\bor\b', re.IGNORECASE)


def is_postgresql():
    return connection.vendor == "postgresql"


def postgres_search_query(text):
    """Web search syntax ("quoted phrases", -excluded, or), or every word as a
    prefix, so that a word typed in part ("biodiv") still finds its community."""
    query = SearchQuery(text, search_type="websearch", config="english")
    words = re.findall(r"\w+", text)[:MAX_SEARCH_TERMS]
    if words and not WEB_SEARCH_SYNTAX.search(text):
        # Only word characters reach the raw query: no tsquery syntax from the user.
        prefixes = " & ".join(f"{word}:*" for word in words)
        query |= SearchQuery(prefixes, search_type="raw", config="english")
    return query


def search_communities(qs, text):
    """Full-text search on PostgreSQL, a case-insensitive match elsewhere."""
    if not text:
        return qs
    if is_postgresql():
        return qs.filter(search_vector=postgres_search_query(text))
    for term in text.split()[:MAX_SEARCH_TERMS]:
        qs = qs.filter(
            Q(name__icontains=term)
            | Q(acronym__icontains=term)
            | Q(summary__icontains=term)
            | Q(description__icontains=term)
        )
    return qs


def rank_communities(qs, text):
    """Most relevant first: SearchRank on PostgreSQL; name matches first elsewhere."""
    if is_postgresql():
        query = postgres_search_query(text)
        return qs.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "name")
    return qs.annotate(
        rank=Case(
            When(Q(name__icontains=text) | Q(acronym__iexact=text), then=Value(0)),
            When(summary__icontains=text, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "name")


def search_contributions(qs, text):
    """Every word in the title, the description or the community's name or acronym."""
    for term in text.split()[:MAX_SEARCH_TERMS]:
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(community__name__icontains=term)
            | Q(community__acronym__icontains=term)
        )
    return qs
