"""Yearly charts of contributions, drawn on the server as SVG (no JavaScript): the numbers
from one grouped query, the bars laid out here, the markup in
templates/registry/_partials/year_chart.html with a table of the same numbers."""

from django.db.models import Count
from django.db.models.functions import ExtractYear

MAX_YEARS = 12  # the most recent years shown
SERIES_CLASSES = 10  # chart-s0 … chart-s9 in static/css/pictures.css

# The SVG's own units (it scales to the column's width).
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 12, 28


def counts_per_year(contributions, series_field):
    """{(year, series id): number of distinct contributions} in one grouped query."""
    rows = (
        contributions.order_by()
        .filter(**{f"{series_field}__isnull": False})
        .annotate(year=ExtractYear("start_date"))
        .values_list("year", series_field)
        .annotate(n=Count("pk", distinct=True))
    )
    return {(year, key): n for year, key, n in rows}


def year_chart(counts, series, *, title, description, stacked):
    """What the chart partial draws. ``series``: objects with ``pk`` and ``label`` in the
    order shown; ``stacked`` when each contribution is in one series only (activity
    types), side by side when a contribution may be in several (functions)."""
    years_seen = sorted({year for year, _key in counts})
    years = list(range(years_seen[0], years_seen[-1] + 1))[-MAX_YEARS:] if years_seen else []
    shown = [s for s in series if any(counts.get((y, s.pk)) for y in years)]
    rows = [
        {"year": year, "values": [counts.get((year, s.pk), 0) for s in shown]} for year in years
    ]
    return {
        "title": title,
        "description": description,
        "stacked": stacked,
        "series": [
            {"label": s.label, "css": f"chart-s{index % SERIES_CLASSES}"}
            for index, s in enumerate(shown)
        ],
        "rows": rows,
    }


def _nice_ceiling(value):
    """The smallest of 1, 2, 5, 10, 20, 50, … at least ``value``."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def layout(chart):
    """Bars, axis ticks and year labels in the SVG's units."""
    rows, series = chart["rows"], chart["series"]
    if not rows or not series:
        return None
    if chart["stacked"]:
        peak = max(sum(row["values"]) for row in rows)
    else:
        peak = max(max(row["values"]) for row in rows)
    top = _nice_ceiling(max(peak, 1))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / len(rows)
    bars, labels = [], []
    for index, row in enumerate(rows):
        x0 = LEFT + index * slot
        labels.append({"x": round(x0 + slot / 2, 1), "text": row["year"]})
        if chart["stacked"]:
            width, base = slot * 0.7, 0
            for value, serie in zip(row["values"], series, strict=True):
                if value:
                    height = plot_height * value / top
                    y = TOP + plot_height - plot_height * base / top - height
                    bars.append(_bar(x0 + slot * 0.15, y, width, height, serie, row, value))
                    base += value
        else:
            width = slot * 0.8 / len(series)
            for position, (value, serie) in enumerate(zip(row["values"], series, strict=True)):
                if value:
                    height = plot_height * value / top
                    x = x0 + slot * 0.1 + position * width
                    bars.append(
                        _bar(x, TOP + plot_height - height, width, height, serie, row, value)
                    )
    ticks = [
        {"y": round(TOP + plot_height - plot_height * v / top, 1), "value": v}
        for v in sorted({0, top // 2, top})
    ]
    # Every year is labelled when there is room, else every other one.
    every = 1 if len(rows) <= 12 else 2
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_height,
        "label_y": HEIGHT - 8,
        "bars": bars,
        "ticks": ticks,
        "labels": labels[::every],
    }


def _bar(x, y, width, height, serie, row, value):
    return {
        "x": round(x, 1),
        "y": round(y, 1),
        "width": round(max(width, 1), 1),
        "height": round(height, 1),
        "css": serie["css"],
        "title": f"{row['year']}, {serie['label']}: {value}",
    }
