"""`manage.py benchmark`: times each public listing and prints a Markdown table."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.urls import include, path

from registry.management.commands.benchmark import percentile

pytestmark = pytest.mark.django_db

PAGES = [
    "`/`",
    "`/communities/`",
    "`/communities/?topic=pollination&region=africa`",
    "`/communities/?q=pollinator`",
    "`/communities/west-african-pollinators/`",
    "`/contributions/`",
    "`/coverage/`",
    "`/supporters/`",
    "`/communities/export.csv`",
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
                    path("communities/<slug:slug>/", _page, name="community_detail"),
                    path("contributions/", _page, name="contribution_list"),
                    path("coverage/", _broken, name="coverage"),
                    path("supporters/", _page, name="supporter_list"),
                ],
                "registry",
            )
        ),
    )
]


def run(*args):
    out = io.StringIO()
    call_command("benchmark", *args, verbosity=0, stdout=out)
    return out.getvalue()


def table_rows(output):
    return [line for line in output.splitlines() if line.startswith("| ") and "`" in line]


def test_benchmark_prints_one_row_per_public_page_with_status_time_and_queries(
    make_community, make_contribution
):
    community = make_community("West African Pollinators", regions=["africa"])
    make_contribution(community)
    output = run("--repeat", "1")
    assert "| Page | URL | Status | KB | Median ms | p95 ms | SQL queries |" in output
    rows = table_rows(output)
    assert [row.split(" | ")[1] for row in rows] == PAGES
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        status, size, median, p95, queries = cells[2:]
        assert status.isdigit() and size.isdigit()
        assert float(median) >= 0 and float(p95) >= float(median)
        assert queries.replace("–", "").isdigit()
    assert "1 communities, 1 contributions, 1 timed requests per page" in output


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
