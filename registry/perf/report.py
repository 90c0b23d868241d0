"""The benchmark's Markdown: one table per run, and for `make bench` one report over sizes."""

import math
import statistics

from django.utils.translation import gettext as _


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _queries(low, high):
    return str(low) if low == high else f"{low}–{high}"


def _rate(rps):
    return f"{rps:.1f}" if rps < 10 else f"{rps:.0f}"


def page_table(pages):
    """The Markdown table of one run's pages (throughput columns when measured)."""
    throughput = any(page.get("throughput") for page in pages)
    header = ["Page", "URL", "Status", "KB", "KB gzip", "p50 ms", "p95 ms", "SQL queries"]
    align = ["---", "---"] + ["---:"] * 6
    if throughput:
        header += ["req/s", "static req/s", "page ÷ static"]
        align += ["---:"] * 3
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    for page in pages:
        cells = [
            page["label"],
            f"`{page['url']}`",
            str(page["status"]),
            f"{page['size'] / 1024:.0f}",
            f"{page['gzip_size'] / 1024:.0f}",
            f"{page['p50']:.1f}",
            f"{page['p95']:.1f}",
            _queries(*page["queries"]),
        ]
        if throughput:
            measured = page.get("throughput")
            if measured and measured.get("failed"):
                cells += [_("failed: %(why)s") % {"why": measured["failed"]}, "", ""]
            elif measured:
                errors = f" ({measured['errors']} errors)" if measured["errors"] else ""
                cells += [
                    f"{_rate(measured['rps'])}{errors}",
                    f"{_rate(measured['static_rps'])}",
                    f"{measured['ratio']:.0%}",
                ]
            else:
                cells += ["", "", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine_line(machine):
    return (
        f"{machine['cpu']}, {machine['cores']} cores, Python {machine['python']}, "
        f"{machine['database']}; load average {machine['load']}"
    )


def run_heading(result):
    return (
        f"{result['vendor']}, {result['communities']} communities, "
        f"{result['contributions']} contributions, {result['repeat']} timed requests per page "
        "(cache cleared before each)"
    )


def single(result):
    """The report of one `manage.py benchmark` run."""
    parts = [run_heading(result), "", "Machine: " + machine_line(result["machine"]), ""]
    parts.append(page_table(result["pages"]))
    if result.get("throughput_note"):
        parts += ["", result["throughput_note"]]
    return "\n".join(parts)


def _size_label(size):
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def suite(results, *, when):
    """The report of `make bench`: the machine, the cold medians by size, a table per size."""
    first = results[0]
    lines = [
        f"Measured {when} with `make bench`. Machine: {machine_line(first['machine'])}.",
        "",
        "Cold p50 in milliseconds (in-process, the cache cleared before each request):",
        "",
    ]
    sizes = [result["seeding"]["communities"] for result in results]
    header = ["Page", *(_size_label(size) for size in sizes)]
    if len(results) > 1:
        header.append(f"{_size_label(sizes[-1])} ÷ {_size_label(sizes[0])}")
    lines += ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    # By label: "A community" is a different community in each database.
    by_label = [{page["label"]: page for page in result["pages"]} for result in results]
    for page in first["pages"]:
        cells = [page["label"]]
        medians = []
        for found in by_label:
            match = found.get(page["label"])
            medians.append(match["p50"] if match else None)
            cells.append(f"{match['p50']:.1f}" if match else "–")
        if len(results) > 1:
            ok = medians[0] and medians[-1] is not None
            cells.append(f"{medians[-1] / medians[0]:.1f}×" if ok else "–")
        lines.append("| " + " | ".join(cells) + " |")
    for result in results:
        seeding = result["seeding"]
        how = "reused, seeded earlier" if seeding["reused"] else "seeded"
        lines += [
            "",
            f"### {seeding['communities']:,} generated communities "
            f"({seeding['per_community']} contributions each), {result['machine']['database']}",
            "",
            f"{run_heading(result)}. Database {how} in {seeding['seconds']:.0f} s; "
            f"load average {result['machine']['load']}.",
            "",
            page_table(result["pages"]),
        ]
        if result.get("throughput_note"):
            lines += ["", result["throughput_note"]]
    return "\n".join(lines)


def summary(timings):
    return statistics.median(timings), percentile(timings, 0.95)
