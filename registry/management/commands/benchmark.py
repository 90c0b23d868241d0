"""Time the public pages in-process with Django's test client; with --throughput, also
against gunicorn with wrk; with --sizes, the whole `make bench` suite.

    python manage.py benchmark --repeat 20
    python manage.py benchmark --throughput
    python manage.py benchmark --sizes 1000,10000,50000 --throughput --write-docs

Each page is requested once to warm up, then ``--repeat`` times, each time cold (every
cache cleared first); the command prints a Markdown table with the status code, the
size of the response and its gzip-compressed size, the median and 95th percentile
wall time in milliseconds, and the number of SQL queries per request. Pages are served
with DEBUG off, as in production. A page that fails is reported with its status code,
never hidden. Nothing is written to the database except what a page itself writes
(anonymous visitors get no session) and the cache it clears.

With ``--sizes`` it seeds (or reuses) one database per size and runs itself on each
(see registry/perf/suite.py); ``--write-docs`` puts the report in the results section
of docs/performance.md.
"""

import datetime
import gzip
import json
import logging
import os
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry.models import Community, Contribution
from registry.perf import machine, report, suite, throughput
from registry.perf.report import percentile

__all__ = ["percentile"]


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
        (_("Impact"), reverse("registry:impact_list")),
        (_("Supporters"), reverse("registry:supporter_list")),
        (_("CSV export"), reverse("registry:community_export_csv")),
        (_("JSON export"), reverse("registry:community_export_json")),
    ]
    return found


def fetch(client, url):
    """One request, its body read in full (streaming responses too):
    (status, body, whether the body is gzip-compressed).

    The test client closes the response itself (for a streaming one, once its content
    is consumed) without closing the database connection; closing it again here would
    fire ``request_finished`` and drop the connection after every request."""
    response = client.get(url, secure=True, HTTP_ACCEPT_ENCODING="gzip")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    compressed = response.get("Content-Encoding", "") == "gzip"
    return response.status_code, body, compressed


def sizes_of(body, compressed):
    """(bytes as served uncompressed, bytes gzip-compressed)."""
    if compressed:
        return len(gzip.decompress(body)), len(body)
    return len(body), len(gzip.compress(body, compresslevel=6, mtime=0))


def clear_caches():
    for alias in settings.CACHES:
        caches[alias].clear()


def positive_sizes(text):
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1:
        raise CommandError(_("--sizes takes positive whole numbers separated by commas."))
    return sizes


class Command(BaseCommand):
    help = _(
        "Time the public pages (cold, in-process), count their SQL queries and measure "
        "their size; optionally their throughput under gunicorn, or the whole suite over "
        "several database sizes. Prints Markdown tables."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=20, help=_("Timed requests per page (default 20).")
        )
        parser.add_argument(
            "--throughput",
            action="store_true",
            help=_("Also measure requests per second under gunicorn with wrk."),
        )
        parser.add_argument(
            "--throughput-seconds",
            type=int,
            default=5,
            help=_("How long wrk runs against each page and the static file (default 5)."),
        )
        parser.add_argument(
            "--connections",
            type=int,
            default=8,
            help=_("Open connections wrk keeps (default 8)."),
        )
        parser.add_argument("--json", help=_("Also write the results to this JSON file."))
        parser.add_argument(
            "--sizes",
            help=_(
                "Run the suite: for each size (e.g. 1000,10000,50000 generated communities) "
                "seed or reuse a database of its own and benchmark it."
            ),
        )
        parser.add_argument(
            "--contributions-per-community",
            type=int,
            default=10,
            help=_("With --sizes: generated contributions per generated community."),
        )
        parser.add_argument(
            "--database-url",
            default=os.environ.get("BENCH_DATABASE_URL", ""),
            help=_(
                "With --sizes: a PostgreSQL URL whose database name, with the size appended, "
                "names each size's database (default: BENCH_DATABASE_URL; without it, SQLite "
                "files in --data-dir)."
            ),
        )
        parser.add_argument(
            "--data-dir",
            default="/tmp/ipbes-bench",  # noqa: S108 (a scratch folder, by design)
            help=_("With --sizes: where the SQLite files and the seed markers live."),
        )
        parser.add_argument(
            "--write-docs",
            action="store_true",
            help=_("With --sizes: put the report in the results section of the docs."),
        )
        parser.add_argument(
            "--docs-file",
            default=str(Path(settings.BASE_DIR) / "docs" / "performance.md"),
            help=_("The file --write-docs updates (default docs/performance.md)."),
        )
        parser.add_argument("--print-counts", action="store_true", help="(internal)")

    def handle(self, *args, **options):
        if options["print_counts"]:
            self.stdout.write(f"{Community.objects.count()} {Contribution.objects.count()}")
            return
        if options["repeat"] < 1:
            raise CommandError(_("--repeat must be at least 1."))
        if options["sizes"]:
            return self.run_suite(options)
        result = self.measure(options)
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(result, indent=1))
        self.stdout.write(report.single(result))

    def run_suite(self, options):
        sizes = positive_sizes(options["sizes"])
        if options["contributions_per_community"] < 0:
            raise CommandError(_("--contributions-per-community cannot be negative."))
        forwarded = ["--repeat", str(options["repeat"]), f"-v{options['verbosity']}"]
        if options["throughput"]:
            forwarded += [
                "--throughput",
                "--throughput-seconds",
                str(options["throughput_seconds"]),
                "--connections",
                str(options["connections"]),
            ]
        try:
            results = suite.run(
                sizes,
                per_community=options["contributions_per_community"],
                base_url=options["database_url"],
                data_dir=options["data_dir"],
                benchmark_args=forwarded,
                log=lambda text: self.stderr.write(text) if options["verbosity"] else None,
            )
        except suite.SuiteError as error:
            raise CommandError(str(error)) from error
        now = datetime.datetime.now(datetime.UTC)
        markdown = report.suite(results, when=f"{now:%d %B %Y, %H:%M} UTC")
        self.stdout.write(markdown)
        if options["write_docs"]:
            suite.write_docs(options["docs_file"], markdown)
            self.stderr.write(_("Results written to %(file)s.") % {"file": options["docs_file"]})

    def measure(self, options):
        repeat = options["repeat"]
        targets = pages()
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        found = []
        request_log = logging.getLogger("django.request")
        previous_level = request_log.level
        request_log.setLevel(logging.CRITICAL)  # a failing page is reported in the table
        steps = len(targets) * (repeat + 1 + (1 if options["throughput"] else 0))
        try:
            with (
                # As in production: templates without debug information, no query log,
                # and the page cache on (its default with DEBUG off): a cold request
                # also looks the page up, compresses it and stores it.
                override_settings(
                    ALLOWED_HOSTS=hosts,
                    DEBUG=False,
                    PAGE_CACHE_SECONDS=int(os.environ.get("PAGE_CACHE_SECONDS", "600")),
                ),
                tqdm(
                    total=steps,
                    desc=_("Requests"),
                    file=sys.stderr,
                    disable=options["verbosity"] == 0,
                ) as bar,
            ):
                client = Client(raise_request_exception=False)
                for label, url in targets:
                    fetch(client, url)  # warm-up: templates, Python caches
                    bar.update(1)
                    timings, queries = [], []
                    for _n in range(repeat):
                        clear_caches()  # cold: what the first visitor after a change gets
                        with CaptureQueriesContext(connection) as captured:
                            started = time.perf_counter()
                            status, body, compressed = fetch(client, url)
                            timings.append((time.perf_counter() - started) * 1000)
                        queries.append(len(captured.captured_queries))
                        bar.update(1)
                    size, gzip_size = sizes_of(body, compressed)
                    p50, p95 = report.summary(timings)
                    found.append(
                        {
                            "label": label,
                            "url": url,
                            "status": status,
                            "size": size,
                            "gzip_size": gzip_size,
                            "p50": p50,
                            "p95": p95,
                            "queries": [min(queries), max(queries)],
                            "throughput": None,
                        }
                    )
                note = None
                if options["throughput"]:
                    note = self.add_throughput(found, options, bar)
        finally:
            request_log.setLevel(previous_level)
        return {
            "machine": machine.describe(),
            "vendor": connection.vendor,
            "communities": Community.objects.count(),
            "contributions": Contribution.objects.count(),
            "repeat": repeat,
            "pages": found,
            "throughput_note": note,
        }

    def add_throughput(self, found, options, bar):
        """Fill in each page's throughput; the note under the table."""
        measured = throughput.measure(
            [page["url"] for page in found],
            seconds=options["throughput_seconds"],
            connections=options["connections"],
            progress=bar.update,
        )
        if measured is None:
            self.stderr.write(throughput.INSTALL_HINT)
            return throughput.INSTALL_HINT
        for page in found:
            page["throughput"] = measured[page["url"]]
        return _(
            "Throughput: gunicorn with gunicorn.conf.py (gevent, 2 workers, DEBUG=0) on the "
            "same database, wrk with %(connections)d connections for %(seconds)d s per page, "
            "each page right after %(static)s; page ÷ static is the ratio of their "
            "requests per second."
        ) % {
            "connections": options["connections"],
            "seconds": options["throughput_seconds"],
            "static": f"`{throughput.STATIC_PATH}`",
        }
