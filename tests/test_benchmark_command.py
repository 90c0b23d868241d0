"""`manage.py benchmark`: times each public listing and prints a Markdown table; with
--sizes, the `make bench` suite over databases of several sizes."""

import io
import json
import shutil

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.urls import include, path

from registry.management.commands.benchmark import percentile
from registry.perf import report, suite, throughput

pytestmark = pytest.mark.django_db

PAGES = [
    "`/`",
    "`/communities/`",
    "`/communities/?topic=pollination&region=africa`",
    "`/communities/?q=pollinator`",
    "`/communities/west-african-pollinators/`",
    "`/contributions/`",
    "`/coverage/`",
    "`/impact/`",
    "`/supporters/`",
    "`/communities/export.csv`",
    "`/communities/export.json`",
]


def _page(request, slug=None):
    return HttpResponse("a page")


def _broken(request, slug=None):
    raise RuntimeError("This page is not built yet.")


# A URL map where two pages fail, for the test below (ROOT_URLCONF = this module).
urlpatterns = [
    path(
        "",
        include(
            (
                [
                    path("", _page, name="home"),
                    path("communities/", _page, name="community_list"),
                    path("communities/export.csv", _broken, name="community_export_csv"),
                    path("communities/export.json", _page, name="community_export_json"),
                    path("communities/<slug:slug>/", _page, name="community_detail"),
                    path("contributions/", _page, name="contribution_list"),
                    path("coverage/", _broken, name="coverage"),
                    path("impact/", _page, name="impact_list"),
                    path("supporters/", _page, name="supporter_list"),
                ],
                "registry",
            )
        ),
    )
]


def run(*args, verbosity=0, err=None):
    out = io.StringIO()
    call_command("benchmark", *args, verbosity=verbosity, stdout=out, stderr=err or io.StringIO())
    return out.getvalue()


def table_rows(output):
    return [line for line in output.splitlines() if line.startswith("| ") and "`" in line]


def test_benchmark_prints_one_row_per_public_page_with_status_time_and_queries(
    make_community, make_contribution
):
    community = make_community("West African Pollinators", regions=["africa"])
    make_contribution(community)
    output = run("--repeat", "1")
    header = "| Page | URL | Status | KB | KB gzip | p50 ms | p95 ms | SQL queries |"
    assert header in output
    rows = table_rows(output)
    assert [row.split(" | ")[1] for row in rows] == PAGES
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        status, size, gzip_size, median, p95, queries = cells[2:]
        assert status.isdigit() and size.isdigit() and gzip_size.isdigit()
        assert int(gzip_size) <= int(size)
        assert float(median) >= 0 and float(p95) >= float(median)
        assert queries.replace("–", "").isdigit()
    assert "1 communities, 1 contributions, 1 timed requests per page" in output
    assert "Machine: " in output and " cores, Python " in output


def test_benchmark_reports_the_status_code_of_the_community_page(make_community):
    make_community("Andean Observatory")
    output = run("--repeat", "1")
    community_row = next(row for row in table_rows(output) if "andean-observatory" in row)
    assert " | 200 | " in community_row


def test_benchmark_reports_a_failing_page_with_its_status_code(settings, make_community):
    settings.ROOT_URLCONF = __name__
    make_community("Andean Observatory")
    rows = table_rows(run("--repeat", "2"))
    assert len(rows) == len(PAGES)
    statuses = {row.split(" | ")[1]: row.split(" | ")[2] for row in rows}
    assert statuses["`/coverage/`"] == "500"
    assert statuses["`/communities/export.csv`"] == "500"
    assert statuses["`/supporters/`"] == "200"


def test_benchmark_on_an_empty_registry_skips_the_community_page():
    output = run("--repeat", "1")
    assert len(table_rows(output)) == len(PAGES) - 1


def test_benchmark_refuses_a_repeat_below_one():
    with pytest.raises(CommandError, match="repeat"):
        run("--repeat", "0")


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 21))
    assert percentile(values, 0.95) == 19
    assert percentile(values, 0.5) == 10
    assert percentile([7.0], 0.95) == 7.0


def test_benchmark_clears_the_cache_before_each_timed_request(make_community):
    make_community("Andean Observatory")
    cache.set("left-over", "a cached page")
    run("--repeat", "1")
    assert cache.get("left-over") is None


def test_benchmark_writes_its_results_as_json(tmp_path, make_community):
    make_community("Andean Observatory")
    target = tmp_path / "results.json"
    run("--repeat", "2", "--json", str(target))
    result = json.loads(target.read_text())
    assert result["communities"] == 1
    assert result["machine"]["cores"] >= 1 and result["machine"]["database"]
    home = result["pages"][0]
    assert home["url"] == "/" and home["status"] == 200
    assert 0 < home["gzip_size"] < home["size"]
    assert home["p95"] >= home["p50"] >= 0


@pytest.mark.parametrize("sizes", ["0", "ten", "1,-5", ""])
def test_benchmark_refuses_sizes_that_are_not_positive_numbers(sizes):
    with pytest.raises(CommandError, match="sizes"):
        run("--sizes", sizes or ",")


def test_writing_the_docs_replaces_only_the_results_between_the_markers(tmp_path):
    docs = tmp_path / "performance.md"
    docs.write_text("# Performance\n\n## Results\n\nOlder tables.\n\n## What the numbers say\n")
    suite.write_docs(docs, "| first | run |")
    suite.write_docs(docs, "| second | run |")
    text = docs.read_text()
    assert text.count(suite.START) == 1 and text.count(suite.END) == 1
    assert "| second | run |" in text and "| first | run |" not in text
    assert text.index("## Results") < text.index(suite.START) < text.index("Older tables.")
    assert text.endswith("## What the numbers say\n")


def test_a_postgresql_base_url_names_one_database_per_size(tmp_path):
    database = suite.SizedDatabase(
        10000, base_url="postgres://ci:secret@127.0.0.1:5432/ipbes_bench", data_dir=tmp_path
    )
    assert database.name == "ipbes_bench_10000"
    assert database.url == "postgres://ci:secret@127.0.0.1:5432/ipbes_bench_10000"
    assert database.marker == tmp_path / "ipbes_bench_10000.seeded.json"
    with pytest.raises(suite.SuiteError):
        suite.SizedDatabase(10, base_url="mysql://x/y", data_dir=tmp_path)


def test_the_suite_seeds_a_database_per_size_then_reuses_it(tmp_path):
    """End to end, as `make bench` runs it, at a tiny size: seeds a SQLite file of its own,
    prints the tables (with throughput when wrk is installed), writes the docs; a second
    run reuses the database instead of seeding again."""
    docs = tmp_path / "performance.md"
    shutil.copy(settings.BASE_DIR / "docs" / "performance.md", docs)
    args = ["--sizes", "2", "--contributions-per-community", "1", "--repeat", "1"]
    args += ["--data-dir", str(tmp_path / "bench"), "--database-url", ""]
    first_log = io.StringIO()
    output = run(
        *args,
        "--throughput",
        "--throughput-seconds",
        "1",
        "--write-docs",
        "--docs-file",
        str(docs),
        verbosity=1,
        err=first_log,
    )
    assert "bench-2: migrating and seeding 2 communities." in first_log.getvalue()
    assert "### 2 generated communities (1 contributions each), SQLite" in output
    assert "| Page | 2 |" in output  # the cold medians by size
    if throughput.wrk_path():
        assert "| req/s | static req/s | page ÷ static |" in output
    else:
        assert throughput.INSTALL_HINT in output
    assert output.strip() in docs.read_text()
    second_log = io.StringIO()
    again = run(*args, verbosity=1, err=second_log)
    assert "bench-2: reusing the database seeded earlier." in second_log.getvalue()
    assert "Database reused, seeded earlier" in again


def test_a_page_that_fails_the_throughput_run_is_reported_in_its_row():
    page = {
        "label": "CSV export",
        "url": "/communities/export.csv",
        "status": 200,
        "size": 4096,
        "gzip_size": 1024,
        "p50": 10.0,
        "p95": 12.0,
        "queries": [9, 9],
    }
    fast = {**page, "label": "Home", "url": "/"}
    fast["throughput"] = {"rps": 50.0, "static_rps": 200.0, "ratio": 0.25, "errors": 0}
    slow = {**page, "throughput": {"failed": "TimeoutError: timed out"}}
    table = report.page_table([fast, slow])
    assert "| 50 | 200 | 25% |" in table
    assert "| failed: TimeoutError: timed out |  |  |" in table
