"""Time the public pages in-process with Django's test client.

    python manage.py benchmark --repeat 20

Each page is requested once to warm up, then ``--repeat`` times; the command prints
a Markdown table with the status code, the size of the response, the median and
95th percentile wall time in milliseconds, and the number of SQL queries per
request. Pages are served with DEBUG off, as in production. A page that fails is
reported with its status code, never hidden. Nothing is written to the database
except what a page itself writes (anonymous visitors get no session).
"""

import logging
import math
import statistics
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry.models import Community, Contribution


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def pages():
    """(label, URL) of each public listing, with real slugs from the database."""
    community = (
        Community.objects.published()
        .annotate(n=Count("contributions"))
        .order_by("-n", "slug")
        .only("slug")
        .first()
    )
    found = [
        (_("Home"), reverse("registry:home")),
        (_("Communities"), reverse("registry:community_list")),
        (
            _("Communities, filtered"),
            reverse("registry:community_list") + "?topic=pollination&region=africa",
        ),
        (_("Communities, search"), reverse("registry:community_list") + "?q=pollinator"),
    ]
    if community is not None:
        found.append(
            (_("A community"), reverse("registry:community_detail", args=[community.slug]))
        )
    found += [
        (_("Contributions"), reverse("registry:contribution_list")),
        (_("Coverage"), reverse("registry:coverage")),
        (_("Supporters"), reverse("registry:supporter_list")),
        (_("CSV export"), reverse("registry:community_export_csv")),
    ]
    return found


def fetch(client, url):
    """One request, its body read in full (streaming responses too): (status, bytes).

    The test client closes the response itself (for a streaming one, once its content
    is consumed) without closing the database connection; closing it again here would
    fire ``request_finished`` and drop the connection after every request."""
    response = client.get(url, secure=True)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response.status_code, size


class Command(BaseCommand):
    help = _("Time the public pages and count their SQL queries; prints a Markdown table.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=20, help=_("Timed requests per page (default 20).")
        )

    def handle(self, *args, **options):
        repeat = options["repeat"]
        if repeat < 1:
            raise CommandError(_("--repeat must be at least 1."))
        targets = pages()
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        rows = []
        request_log = logging.getLogger("django.request")
        previous_level = request_log.level
        request_log.setLevel(logging.CRITICAL)  # a failing page is reported in the table
        try:
            with (
                # As in production: templates without debug information, no query log.
                override_settings(ALLOWED_HOSTS=hosts, DEBUG=False),
                tqdm(
                    total=len(targets) * (repeat + 1),
                    desc=_("Requests"),
                    file=sys.stderr,
                    disable=options["verbosity"] == 0,
                ) as bar,
            ):
                client = Client(raise_request_exception=False)
                for label, url in targets:
                    fetch(client, url)  # warm-up: templates, caches
                    bar.update(1)
                    timings, queries = [], []
                    for _n in range(repeat):
                        with CaptureQueriesContext(connection) as captured:
                            started = time.perf_counter()
                            status, size = fetch(client, url)
                            timings.append((time.perf_counter() - started) * 1000)
                        queries.append(len(captured.captured_queries))
                        bar.update(1)
                    rows.append((label, url, status, size, timings, queries))
        finally:
            request_log.setLevel(previous_level)
        self.write_table(rows, repeat)

    def write_table(self, rows, repeat):
        self.stdout.write(
            _(
                "%(vendor)s, %(communities)d communities, %(contributions)d contributions, "
                "%(repeat)d timed requests per page"
            )
            % {
                "vendor": connection.vendor,
                "communities": Community.objects.count(),
                "contributions": Contribution.objects.count(),
                "repeat": repeat,
            }
        )
        self.stdout.write("")
        header = [
            _("Page"),
            _("URL"),
            _("Status"),
            _("KB"),
            _("Median ms"),
            _("p95 ms"),
            _("SQL queries"),
        ]
        self.stdout.write("| " + " | ".join(header) + " |")
        self.stdout.write("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for label, url, status, size, timings, queries in rows:
            query_text = (
                str(queries[0])
                if min(queries) == max(queries)
                else f"{min(queries)}–{max(queries)}"
            )
            cells = [
                label,
                f"`{url}`",
                str(status),
                f"{size / 1024:.0f}",
                f"{statistics.median(timings):.1f}",
                f"{percentile(timings, 0.95):.1f}",
                query_text,
            ]
            self.stdout.write("| " + " | ".join(cells) + " |")
