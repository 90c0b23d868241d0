"""The world map of communities: Natural Earth's country shapes, simplified and projected
once per process, and the numbers each page shows on them.

The shapes are Natural Earth's 1:110m admin-0 countries ("naturalearth_lowres", public
domain) as the ``pyogrio`` wheel ships them; they are read here with ``struct`` (a
shapefile and its dBASE table), so GDAL is never loaded. Each outline is projected with
Equal Earth, simplified (Douglas-Peucker) and written as SVG path data in whole units of
a 1000-wide view box, then kept for the life of the process: a page pays only for its
counts, the communities list's country facet (registry/filters/communities.py; kept in
the tallies, registry/tallies.py).
"""

import functools
import importlib.util
import math
import struct
from itertools import pairwise
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django_countries import countries as all_countries

WIDTH = 1000
TOLERANCE = 0.9  # view-box units a simplified outline may stray from the original
MIN_RING_AREA = 2.0  # rings smaller than this (square units) are left out
SHAPES = "tests/fixtures/naturalearth_lowres/naturalearth_lowres"

# Natural Earth leaves these without an ISO code ("-99"); each belongs to a country.
CODE_BY_NAME = {"France": "FR", "Norway": "NO", "N. Cyprus": "CY", "Somaliland": "SO"}

# IPBES regions follow the continents, except these (Central Asia, the Caucasus, and
# the countries of Asia and the Americas that IPBES counts in Europe and Central Asia).
REGION_BY_CONTINENT = {
    "Africa": "africa",
    "North America": "americas",
    "South America": "americas",
    "Asia": "asia-pacific",
    "Oceania": "asia-pacific",
    "Europe": "europe-central-asia",
}
EUROPE_CENTRAL_ASIA = {"AM", "AZ", "CY", "GE", "GL", "IL", "KG", "KZ", "TJ", "TM", "TR", "UZ"}
LEFT_OUT = {"Antarctica", "Seven seas (open ocean)"}

# Shades: 0 = no community; 1-5 from few to the most of any country.
LEVELS = 5


# --- Names -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=len(settings.LANGUAGES) + 1)
def _country_names(language):
    with translation.override(language):
        return {code: str(name) for code, name in all_countries}


def country_names(language=None):
    """{ISO code: name} of every country in ``language`` (the active one by default),
    made once per language and process: a lookup per country costs ~150 µs."""
    return _country_names(language or translation.get_language())


# --- Reading the shapes ------------------------------------------------------------------


def _shape_path():
    """The shapefile's path without extension, inside the installed pyogrio (not imported)."""
    spec = importlib.util.find_spec("pyogrio")
    return Path(next(iter(spec.submodule_search_locations))) / SHAPES


def _read_dbf(data):
    """The rows of a dBASE III table, as dicts of stripped text."""
    count, header_length, record_length = struct.unpack("<4xIHH", data[:12])
    fields, offset = [], 32
    while data[offset] != 0x0D:
        name = data[offset : offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    rows = []
    for index in range(count):
        position = header_length + index * record_length + 1  # after the deletion flag
        row = {}
        for name, length in fields:
            row[name] = data[position : position + length].decode("utf-8", "replace").strip()
            position += length
        rows.append(row)
    return rows


def _read_shp(data):
    """Each record's rings, as lists of (longitude, latitude), from a polygon shapefile."""
    records, offset = [], 100
    while offset < len(data):
        (length,) = struct.unpack(">4xi", data[offset : offset + 8])
        content = data[offset + 8 : offset + 8 + 2 * length]
        offset += 8 + 2 * length
        (shape_type,) = struct.unpack("<i", content[:4])
        if shape_type != 5:  # a null shape
            records.append([])
            continue
        parts, points = struct.unpack("<ii", content[36:44])
        starts = struct.unpack(f"<{parts}i", content[44 : 44 + 4 * parts])
        coords = struct.unpack(f"<{2 * points}d", content[44 + 4 * parts :][: 16 * points])
        pairs = list(zip(coords[::2], coords[1::2], strict=True))
        ends = [*starts[1:], points]
        records.append([pairs[a:b] for a, b in zip(starts, ends, strict=True)])
    return records


# --- Projecting and simplifying ------------------------------------------------------------

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(longitude, latitude):
    """Equal Earth (Šavrič, Patterson, Jenny 2018), in units of the earth's radius."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


_X_MAX = equal_earth(180, 0)[0]
_Y_MAX = equal_earth(0, 90)[1]
SCALE = WIDTH / (2 * _X_MAX)
HEIGHT = round(2 * _Y_MAX * SCALE)
# Natural Earth's 110m countries stop above 60°S once Antarctica is left out: crop there.
CROP_SOUTH = round((_Y_MAX - equal_earth(0, -58)[1]) * SCALE)
CROP_NORTH = round((_Y_MAX - equal_earth(0, 84)[1]) * SCALE)
VIEW_BOX = f"0 {CROP_NORTH} {WIDTH} {CROP_SOUTH - CROP_NORTH}"


def _to_view(longitude, latitude):
    x, y = equal_earth(longitude, latitude)
    return (x + _X_MAX) * SCALE, (_Y_MAX - y) * SCALE


def _simplify(points, tolerance):
    """Douglas-Peucker, iteratively (no recursion limit on long rings)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        worst, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            else:
                distance = math.hypot(px - x1, py - y1)
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _area(points):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(points))) / 2


def _ring_path(ring):
    """SVG path data of one ring: absolute move, then relative whole-unit lines."""
    points = _simplify([_to_view(lon, lat) for lon, lat in ring], TOLERANCE)
    if len(points) < 4 or _area(points) < MIN_RING_AREA:
        return ""
    rounded = [(round(x), round(y)) for x, y in points]
    steps, previous = [], rounded[0]
    for point in rounded[1:-1]:  # the closing point is the first one: "z" draws it
        dx, dy = point[0] - previous[0], point[1] - previous[1]
        if dx or dy:
            steps.append(f"{dx} {dy}")
            previous = point
    if len(steps) < 2:
        return ""
    return f"M{rounded[0][0]} {rounded[0][1]}l" + " ".join(steps).replace(" -", "-") + "z"


def _code(row):
    code = CODE_BY_NAME.get(row["name"]) or all_countries.alpha2(row["iso_a3"])
    return code or None


def _region(code, continent):
    if code in EUROPE_CENTRAL_ASIA:
        return "europe-central-asia"
    return REGION_BY_CONTINENT.get(continent)


@functools.cache
def country_shapes():
    """[(ISO code or None, IPBES region slug or None, SVG path data)], one entry per
    country (a country in several records, such as Cyprus, gets one path, escaped for
    HTML), read and simplified once per process. Shapes without an ISO code
    django-countries knows (Kosovo) have code None: drawn, never linked."""
    base = _shape_path()
    rows = _read_dbf(base.with_suffix(".dbf").read_bytes())
    records = _read_shp(base.with_suffix(".shp").read_bytes())
    paths, regions, order = {}, {}, []
    for row, rings in zip(rows, records, strict=True):
        if row["continent"] in LEFT_OUT:
            continue
        code = _code(row)
        key = code or row["name"]
        data = "".join(_ring_path(ring) for ring in rings)
        if not data:
            continue
        if key not in paths:
            order.append(key)
            paths[key] = ""
            regions[key] = _region(code, row["continent"])
        paths[key] += data
    known = {code for code, _name in all_countries}
    # Escaped once here (path data is digits, spaces and M/l/z, so nothing changes):
    # the map's 170 shapes, some 30 KB, are then never escaped again per page.
    return tuple(
        (key if key in known else None, regions[key], escape(paths[key]))
        for key in sorted(order, key=lambda k: (k not in known, k))
    )


def mapped_codes():
    """The ISO codes drawn on the map."""
    return {code for code, _region, _path in country_shapes() if code}


# --- What a page shows ------------------------------------------------------------------------


def level(count, maximum):
    """0 (none) to LEVELS: the shade of a country, on a square-root scale so that one
    country with many communities leaves the others visible."""
    if not count or not maximum:
        return 0
    # The smallest k with count / maximum <= (k / LEVELS)², in whole numbers.
    return next(
        (k for k in range(1, LEVELS + 1) if LEVELS * LEVELS * count <= maximum * k * k), LEVELS
    )


def legend(maximum):
    """The shades in use: [{level, low, high}] (counts low to high get that level)."""
    steps = [{"level": 0, "low": 0, "high": 0}]
    for k in range(1, LEVELS + 1):
        low = maximum * (k - 1) ** 2 // LEVELS**2 + 1
        high = maximum * k * k // LEVELS**2
        if low <= high:
            steps.append({"level": k, "low": low, "high": high})
    return steps


def world_map(counts):
    """What the map partial draws: every country's shape, name, count and shade, and the
    countries with communities (for the table) sorted by name. Counts for codes not
    on the map (small island states at this scale) are listed in the table only."""
    maximum = max(counts.values(), default=0)
    names = country_names()
    shapes = []
    for code, region, path in country_shapes():
        count = counts.get(code, 0) if code else 0
        shapes.append(
            {
                "code": code,
                "name": names.get(code, "") if code else "",
                "region": region or "none",
                "path": path,
                "count": count,
                "level": level(count, maximum),
            }
        )
    drawn = mapped_codes()
    rows = sorted(
        (
            {
                "code": code,
                "name": names[code],
                "count": n,
                "drawn": code in drawn,
            }
            for code, n in counts.items()
            if n and code in names
        ),
        key=lambda row: row["name"],
    )
    return {
        "shapes": shapes,
        "rows": rows,
        "view_box": VIEW_BOX,
        "width": WIDTH,
        "height": CROP_SOUTH - CROP_NORTH,
        "legend": legend(maximum),
    }
