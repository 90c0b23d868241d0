"""CSV and JSON export of exactly the filtered communities (same GET parameters as the list).

Both are streamed. One query reads every row, with the linked topics, functions and
the rest gathered in SQL as lists of ids; the vocabularies are read once and give
each id its slug and English name. So the number of queries is the same for ten
communities or ten thousand, and no model instance is built per row. No contact e-mail.
"""

import csv
import datetime
import json

from django.db import connection, transaction
from django.db.models import Aggregate, CharField, OuterRef, Subquery
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from registry.filters import CommunityFilterSet
from registry.maps import country_names
from registry.models import Community
from registry.models.communities import public_contact
from registry.vocabulary_lookup import load as load_vocabularies

CHUNK_SIZE = 500
# Rows per piece of the streamed body: fewer, larger writes to the server.
ROWS_PER_WRITE = 100
# The many-to-many columns: (field, column of slugs, column of English names).
LINKED = (
    ("topics", "topics", "topic_names"),
    ("functions", "functions", "function_names"),
    ("regions", "regions", "region_names"),
    ("scales", "scales", "scale_names"),
    ("member_types", "member_types", "member_type_names"),
    ("languages", "languages", "language_names"),
)
COLUMNS = (
    "slug",
    "name",
    "acronym",
    "summary",
    "website",
    "host_ror",
    "contact_email",
    "url",
    "topics",
    "topic_names",
    "functions",
    "function_names",
    "regions",
    "region_names",
    "scales",
    "scale_names",
    "countries",
    "country_names",
    "member_types",
    "member_type_names",
    "languages",
    "language_names",
    "year_founded",
    "members",
    "contributions",
    "recognised",
    "published_at",
    "confirmed_at",
)
FIELDS = (
    "slug",
    "name",
    "acronym",
    "summary",
    "website",
    "countries",
    "year_founded",
    "member_count",
    "contribution_count",
    "is_recognised",
    "published_at",
    "confirmed_at",
    "created_at",
    "host_ror",
    "contact_email",
    "contact_visibility",
)
SLUG_MARK = "__slug__"


class _IdList(Aggregate):
    """The ids of a group as one comma-separated text (GROUP_CONCAT, STRING_AGG)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra_context,
        )


def _linked_ids(field_name):
    """A subquery: the ids linked to the outer community through ``field_name``."""
    field = Community._meta.get_field(field_name)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    links = (
        field.remote_field.through.objects.filter(**{source: OuterRef("pk")})
        .order_by()
        .values(source)
        .annotate(ids=_IdList(f"{target}_id"))
        .values("ids")
    )
    return Subquery(links, output_field=CharField())


def _vocabularies():
    """For each linked field, id -> (position, name, slug), from every vocabulary read at
    once (registry/vocabulary_lookup.py: one query, shared in the cache)."""
    vocabularies = load_vocabularies()
    return {
        field_name: {
            term.pk: (term.position, term.name, term.slug)
            for term in vocabularies.all(Community._meta.get_field(field_name).related_model)
        }
        for field_name, _slugs, _names in LINKED
    }


def _country_names():
    """ISO code -> English name (exports keep the English names, as the README says)."""
    return country_names("en")


def _rows(request):
    """One list of values per community of the filtered list, in the list's order.

    On PostgreSQL the rows are read in a transaction with JIT compilation off: the
    planner's cost estimate of the many subqueries passes ``jit_above_cost``, and
    compiling took longer (3 s for 10,000 communities) than running the query. (The
    transaction lasts as long as the download; elsewhere none is opened, so a slow
    client never holds SQLite's writers back.)"""
    filterset = CommunityFilterSet(request.GET)
    if filterset.uses_bitmaps():
        # Brought up to date before the transaction: read inside one (which might yet
        # roll back what it saw), they would be read whole again at the next request,
        # and a filtered export would pay that whole read (0.6 s at 10k) every time.
        filterset.bitmaps()
    if connection.vendor != "postgresql":
        yield from _read_rows(request, filterset)
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield from _read_rows(request, filterset)


def _read_rows(request, filterset):
    """The values of each row of ``filterset``'s list, in the order of COLUMNS."""
    communities = (
        filterset.listing()
        .annotate(**{f"{field}_ids": _linked_ids(field) for field, _s, _n in LINKED})
        .values_list(*FIELDS, *(f"{field}_ids" for field, _s, _n in LINKED))
    )
    vocabularies = [_Terms(terms) for terms in _vocabularies().values()]
    country_names = _country_names()
    page = request.build_absolute_uri(
        reverse("registry:community_detail", kwargs={"slug": SLUG_MARK})
    )
    url_start, url_end = page.rsplit(SLUG_MARK, 1)
    for community in communities.iterator(chunk_size=CHUNK_SIZE):
        (slug, name, acronym, summary, website, countries, year_founded, members) = community[:8]
        (contributions, recognised, published, confirmed, created) = community[8:13]
        host_ror, contact_email, contact_visibility = community[13:16]
        topics, functions, regions, scales, member_types, languages = (
            terms.of(ids) for terms, ids in zip(vocabularies, community[16:], strict=True)
        )
        codes = countries.split(",") if countries else []
        yield [
            slug,
            name,
            acronym,
            summary,
            website,
            host_ror,
            public_contact(contact_email, contact_visibility),
            url_start + slug + url_end,
            *topics,
            *functions,
            *regions,
            *scales,
            codes,
            [country_names.get(code, code) for code in codes],
            *member_types,
            *languages,
            year_founded,
            members,
            contributions,
            bool(recognised),
            published.isoformat() if published else None,
            _utc_date(confirmed or published or created),
        ]


class _Terms:
    """One vocabulary: a comma-separated list of ids -> ([slugs], [English names]),
    in the order of the vocabulary (position, then name), as on the pages."""

    def __init__(self, terms):
        ordered = sorted(terms, key=terms.get)
        self.rank = {pk: n for n, pk in enumerate(ordered)}
        self.slug = {pk: slug for pk, (_position, _name, slug) in terms.items()}
        self.name = {pk: name for pk, (_position, name, _slug) in terms.items()}

    def of(self, ids):
        if not ids:
            return [], []
        pks = sorted(map(int, ids.split(",")), key=self.rank.__getitem__)
        return [self.slug[pk] for pk in pks], [self.name[pk] for pk in pks]


def _utc_date(moment):
    """The ISO 8601 date (YYYY-MM-DD) of ``moment`` in UTC, or None."""
    return moment.astimezone(datetime.UTC).date().isoformat() if moment else None


def _filename(extension):
    return f"ipbes-communities-{timezone.now():%Y-%m-%d}.{extension}"


def _attachment(response, extension):
    response["Content-Disposition"] = f'attachment; filename="{_filename(extension)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _in_pieces(texts):
    """The texts joined ROWS_PER_WRITE at a time."""
    piece = []
    for text in texts:
        piece.append(text)
        if len(piece) == ROWS_PER_WRITE:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)


class _Echo:
    """A file-like object whose write() returns the text, for csv.writer streaming."""

    def write(self, value):
        return value


def _csv_cell(value):
    if value.__class__ is list:
        return ";".join(value)
    if value.__class__ is bool:
        return "yes" if value else "no"
    if value is None:
        return ""
    text = str(value)
    # A cell starting with = + - @ is a formula in spreadsheets: neutralise it.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def communities_csv(request):
    """The filtered communities as CSV (UTF-8 with BOM, for spreadsheets)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(COLUMNS)
        for row in _rows(request):
            yield writer.writerow([_csv_cell(value) for value in row])

    response = StreamingHttpResponse(_in_pieces(lines()), content_type="text/csv; charset=utf-8")
    return _attachment(response, "csv")


def communities_json(request):
    """The filtered communities as a JSON array of objects."""

    def chunks():
        yield "["
        for index, row in enumerate(_rows(request)):
            record = dict(zip(COLUMNS, row, strict=True))
            yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse(
        _in_pieces(chunks()), content_type="application/json; charset=utf-8"
    )
    return _attachment(response, "json")
