"""CSV and JSON export of exactly the filtered communities (same GET parameters as the list).

Both are streamed: rows come from the database in chunks, and the many-to-many
columns are prefetched once per chunk, never once per row. No contact e-mail.
"""

import csv
import datetime
import json

from django.http import StreamingHttpResponse
from django.utils import timezone

from registry.filters import CommunityFilterSet

CHUNK_SIZE = 500
M2M_COLUMNS = ("topics", "functions", "regions", "scales", "member_types", "languages")
COLUMNS = (
    "slug",
    "name",
    "acronym",
    "summary",
    "website",
    "url",
    "topics",
    "functions",
    "regions",
    "scales",
    "countries",
    "member_types",
    "languages",
    "year_founded",
    "members",
    "contributions",
    "recognised",
    "published_at",
    "confirmed_at",
)


def _rows(request):
    """One dict per community of the filtered list, in the list's order."""
    filterset = CommunityFilterSet(request.GET)
    communities = (
        filterset.listing()
        .defer("description", "how_to_join", "contact_email", "search_vector")
        .prefetch_related(*M2M_COLUMNS)
    )
    for community in communities.iterator(chunk_size=CHUNK_SIZE):
        row = {
            "slug": community.slug,
            "name": community.name,
            "acronym": community.acronym,
            "summary": community.summary,
            "website": community.website,
            "url": request.build_absolute_uri(community.get_absolute_url()),
        }
        for relation in M2M_COLUMNS[:4]:
            row[relation] = [item.slug for item in getattr(community, relation).all()]
        row["countries"] = [country.code for country in community.countries]
        for relation in M2M_COLUMNS[4:]:
            row[relation] = [item.slug for item in getattr(community, relation).all()]
        row["year_founded"] = community.year_founded
        row["members"] = community.member_count
        row["contributions"] = community.contribution_count
        row["recognised"] = bool(community.is_recognised)
        row["published_at"] = community.published_at.isoformat() if community.published_at else None
        row["confirmed_at"] = _utc_date(community.last_confirmed_at)
        yield row


def _utc_date(moment):
    """The ISO 8601 date (YYYY-MM-DD) of ``moment`` in UTC, or None."""
    return moment.astimezone(datetime.UTC).date().isoformat() if moment else None


def _filename(extension):
    return f"ipbes-communities-{timezone.now():%Y-%m-%d}.{extension}"


def _attachment(response, extension):
    response["Content-Disposition"] = f'attachment; filename="{_filename(extension)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class _Echo:
    """A file-like object whose write() returns the text, for csv.writer streaming."""

    def write(self, value):
        return value


def _csv_cell(value):
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
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
            yield writer.writerow([_csv_cell(row[column]) for column in COLUMNS])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _attachment(response, "csv")


def communities_json(request):
    """The filtered communities as a JSON array of objects."""

    def chunks():
        yield "["
        for index, row in enumerate(_rows(request)):
            yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    return _attachment(response, "json")
