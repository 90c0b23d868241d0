"""The pictures the app draws: the world map (front page and /coverage/), the yearly
charts (topic and function pages) and the placeholder of a community without a logo."""

import gzip
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html import unescape

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_countries import countries as all_countries
from PIL import Image

from registry import maps
from registry.demo.logos import logo_png
from registry.models import Community, Contribution
from registry.templatetags.registry_pictures import initials, placeholder_colour
from tests.html_validity import validate_html

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def _svgs(html, css_class):
    """Every inline <svg> of the page with that class, parsed as XML."""
    found = re.findall(rf'<svg [^>]*class="{css_class}".*?</svg>', html, re.S)
    return [ET.fromstring(svg) for svg in found]  # noqa: S314 (our own page)


def _map(client, url):
    html = client.get(url).content.decode()
    (svg,) = _svgs(html, "map-svg")
    return html, svg


def _linked_counts(svg):
    """{ISO code: count} from the map's links and their accessible names."""
    counts = {}
    for link in svg.iter(f"{SVG}a"):
        code = link.get("href").rsplit("=", 1)[1]
        label = link.get("aria-label")
        assert link.find(f"{SVG}title").text == label
        name, number = label.rsplit(": ", 1)
        assert name == str(all_countries.name(code))
        counts[code] = int(number.split()[0])
    return counts


def _brute_force_country_counts():
    counts = Counter()
    for community in Community.objects.published():
        for country in set(community.countries):
            counts[country.code] += 1
    return dict(counts)


@pytest.fixture
def spread(make_community):
    """Published communities in overlapping countries, and some that must not count."""
    make_community(countries=["KE"], regions=["africa"])
    make_community(countries=["KE", "BR"], regions=["africa", "americas"])
    make_community(countries=["KE", "FR", "BR"], regions=["africa"])
    make_community(countries=["FR"], regions=["europe-central-asia"])
    make_community(countries=["TV"])  # Tuvalu: too small for the 110m shapes
    make_community(countries=[])
    make_community(countries=["KE", "IN"], status=Community.Status.DRAFT)
    make_community(countries=["IN"], status=Community.Status.ARCHIVED)


# --- The map ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/coverage/"])
def test_the_map_shows_each_countrys_number_of_published_communities(client, spread, url):
    html, svg = _map(client, url)
    expected = _brute_force_country_counts()
    assert expected == {"KE": 3, "BR": 2, "FR": 2, "TV": 1}
    drawn = {code: n for code, n in expected.items() if code in maps.mapped_codes()}
    assert _linked_counts(svg) == drawn == {"KE": 3, "BR": 2, "FR": 2}
    assert 'aria-label="Kenya: 3 communities"' in html
    # The table lists every country, the ones too small to draw too.
    table = html.split('class="map-table"', 1)[1].split("</details>", 1)[0]
    rows = re.findall(r'<th scope="row">(.*?)</th><td><a href="[^"]*=(\w+)">(\d+)</a>', table)
    assert {code: int(n) for _name, code, n in rows} == expected
    assert "Tuvalu" in table


def test_country_counts_match_a_brute_force_count(spread):
    from django.http import QueryDict

    from registry.filters import CommunityFilterSet

    counts, _total = CommunityFilterSet(QueryDict()).counts(["country"])
    assert counts["country"] == _brute_force_country_counts()


def test_the_regional_totals_are_the_published_communities_of_each_region(client, spread):
    html = client.get("/").content.decode()
    table = html.split('class="data-table region-totals"', 1)[1].split("</table>", 1)[0]
    totals = dict(re.findall(r'<th scope="row">(.*?)</th><td><a href="[^"]*">(\d+)</a>', table))
    assert totals == {
        "Africa": "3",
        "Americas": "1",
        "Asia-Pacific": "0",
        "Europe and Central Asia": "1",
    }
    assert '?region=africa">3</a>' in table


def test_every_country_link_lists_exactly_that_countrys_communities(client, spread):
    _html, svg = _map(client, "/coverage/")
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert len(links) == 3
    for href in links:
        code = href.rsplit("=", 1)[1]
        listing = unescape(client.get(href).content.decode())
        shown = set(
            re.findall(r'<h3 class="card-title[^"]*">.*?<a href="[^"]*"[^>]*>(.*?)</a>', listing)
        )
        expected = {
            c.name for c in Community.objects.published() if code in [x.code for x in c.countries]
        }
        assert shown == expected, href


def test_the_map_without_any_community_has_no_links_and_no_table(client):
    html, svg = _map(client, "/coverage/")
    assert list(svg.iter(f"{SVG}a")) == []
    assert 'class="map-table"' not in html
    assert "no community" in html


def test_the_map_shapes_are_read_once_and_cover_the_world():
    shapes = maps.country_shapes()
    assert maps.country_shapes() is shapes  # cached for the process
    codes = [code for code, _region, _path in shapes if code]
    assert len(codes) == len(set(codes)) > 160
    assert {"KE", "BR", "FR", "NO", "CY", "SO", "RU", "AU", "US", "CN"} <= set(codes)
    regions = {code: region for code, region, _path in shapes}
    assert regions["KE"] == "africa" and regions["BR"] == "americas"
    assert regions["KZ"] == "europe-central-asia" and regions["FR"] == "europe-central-asia"
    assert regions["IN"] == "asia-pacific" and regions["AU"] == "asia-pacific"
    for _code, _region, path in shapes:
        assert re.fullmatch(r"(M\d+ \d+l[-\d ]+z)+", path), path[:80]


def test_the_map_is_small(client, spread):
    html = client.get("/").content.decode()
    (svg,) = re.findall(r'<svg [^>]*class="map-svg".*?</svg>', html, re.S)
    assert len(gzip.compress(svg.encode())) < 12_000  # measured: about 8 KB
    assert len(gzip.compress(html.encode())) < 60_000


def test_the_shade_follows_the_count(client, make_community):
    for _ in range(9):
        make_community(countries=["KE"])
    make_community(countries=["BR"])
    _html, svg = _map(client, "/")
    shade = {a.get("href")[-2:]: a.find(f"{SVG}path").get("class") for a in svg.iter(f"{SVG}a")}
    assert shade == {"KE": "map-l5", "BR": "map-l2"}
    for maximum in (1, 2, 7, 25, 1000):
        for count in range(1, min(maximum, 60) + 1):
            level = maps.level(count, maximum)
            step = next(s for s in maps.legend(maximum) if s["level"] == level)
            assert step["low"] <= count <= step["high"]


def _queries(client, url):
    client.get(url)  # warm the per-process caches (shapes, content types)
    caches["default"].clear()  # but count the data again (data_version.cached)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in context.captured_queries]


# Before the map: at most 9 queries on the front page, 8 on /coverage/ (the limits of
# tests/test_public_pages.py and tests/test_coverage_page.py).
@pytest.mark.parametrize(("url", "before"), [("/", 9), ("/coverage/", 8)])
def test_the_map_adds_no_query_of_its_own(client, spread, url, before):
    queries = _queries(client, url)
    # Its counts are the communities list's country facet, read with the others.
    by_country = [sql for sql in queries if "communitycountry" in sql]
    assert by_country == []
    assert len(queries) <= before
    spread_more = _queries(client, url)  # the same number whatever the data
    assert len(spread_more) == len(queries)


def test_pages_with_pictures_are_valid_html(client, spread, make_contribution, tmp_path):
    community = Community.objects.published().first()
    make_contribution(community, activity="uptake-event")
    pages = {
        name: client.get(url).content
        for name, url in {
            "home": "/",
            "coverage": "/coverage/",
            "topic": "/topics/pollination/",
            "function": "/functions/building-capacity/",
            "community": community.get_absolute_url(),
            "communities": "/communities/",
        }.items()
    }
    assert validate_html(pages, tmp_path) == []


# --- The charts --------------------------------------------------------------------------


def _chart_table(html):
    table = html.split('class="chart-table"', 1)[1].split("</table>", 1)[0]
    heads = re.findall(r'<th scope="col">(.*?)</th>', table)[1:]
    rows = {}
    for year, cells in re.findall(r'<tr><th scope="row">(\d+)</th>(.*?)</tr>', table):
        values = [int(v) for v in re.findall(r"<td>(\d+)</td>", cells)]
        rows[int(year)] = dict(zip(heads, values, strict=True))
    return rows


def _bars(html, chart_class="chart-svg"):
    (svg,) = _svgs(html, chart_class)
    assert svg.get("role") == "img"
    labels = svg.get("aria-labelledby").split()
    assert [e.get("id") for e in svg if e.tag in (f"{SVG}title", f"{SVG}desc")] == labels
    return {rect.find(f"{SVG}title").text for rect in svg.iter(f"{SVG}rect")}


@pytest.fixture
def contributions(make_community, make_contribution):
    import datetime

    pollinators = make_community(topics=["pollination"])
    other = make_community(topics=["nexus"])
    for year, activity in [
        (2020, "uptake-event"),  # building capacity and policy support
        (2020, "review-comments"),  # assessing knowledge
        (2020, "review-comments"),
        (2022, "fellowship-support"),  # building capacity
        (2023, "uptake-event"),
    ]:
        make_contribution(
            pollinators,
            activity=activity,
            start_date=datetime.date(year, 3, 1),
            topics=["pollination"],
        )
    make_contribution(
        other, activity="uptake-event", start_date=datetime.date(2021, 1, 1), topics=["nexus"]
    )
    unpublished = make_community(topics=["pollination"], status=Community.Status.DRAFT)
    make_contribution(
        unpublished,
        activity="uptake-event",
        start_date=datetime.date(2021, 1, 1),
        topics=["pollination"],
    )


def _expected(contributions, series):
    counts = Counter()
    for contribution in contributions:
        for label in series(contribution):
            counts[(contribution.start_date.year, label)] += 1
    return counts


def test_the_topic_chart_counts_contributions_per_year_by_function(client, contributions):
    html = client.get("/topics/pollination/").content.decode()
    published = Contribution.objects.published().filter(topics__slug="pollination")
    expected = _expected(published, lambda c: [f.label for f in c.activity_type.functions.all()])
    table = _chart_table(html)
    assert sorted(table) == [2020, 2021, 2022, 2023]  # every year in the range, 2021 empty
    assert {
        (year, label): n for year, row in table.items() for label, n in row.items() if n
    } == dict(expected)
    assert table[2020] == {
        "Assessing knowledge": 2,
        "Building capacity": 1,
        "Policy support": 1,
    }
    bars = _bars(html)
    assert bars == {f"{year}, {label}: {n}" for (year, label), n in expected.items()}


def test_the_function_chart_counts_contributions_per_year_by_activity_type(client, contributions):
    html = client.get("/functions/building-capacity/").content.decode()
    published = Contribution.objects.published().filter(
        activity_type__functions__slug="building-capacity"
    )
    expected = _expected(published, lambda c: [c.activity_type.label])
    table = _chart_table(html)
    assert {
        (year, label): n for year, row in table.items() for label, n in row.items() if n
    } == dict(expected)
    assert sum(sum(row.values()) for row in table.values()) == published.count() == 4
    assert _bars(html) == {f"{year}, {label}: {n}" for (year, label), n in expected.items()}


@pytest.mark.parametrize("language", ["fr", "es", "ar", "ru"])
def test_the_charts_coordinates_are_numbers_in_every_language(client, contributions, language):
    # Localised, a coordinate of 232.0 was written "232,0" in French, Spanish, Arabic
    # and Russian: not a length SVG reads, so the browser drew no bar and no grid line.
    for url in ("/topics/pollination/", "/functions/building-capacity/"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f'<html lang="{language}"' in html
        (svg,) = _svgs(html, "chart-svg")
        lengths = [
            element.get(name)
            for element in svg.iter()
            for name in ("x", "y", "x1", "x2", "y1", "y2", "width", "height")
            if element.get(name) is not None
        ]
        assert lengths
        assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in lengths), lengths


def test_no_chart_without_contributions(client, make_community):
    make_community(topics=["pollination"])
    html = client.get("/topics/pollination/").content.decode()
    assert "chart-svg" not in html and "chart-table" not in html


def test_each_chart_is_one_grouped_query(client, contributions):
    for url in ("/topics/pollination/", "/functions/building-capacity/"):
        grouped = [sql for sql in _queries(client, url) if "GROUP BY" in sql]
        assert len([sql for sql in grouped if "start_date" in sql]) == 1, url


# --- Logos and placeholders ----------------------------------------------------------------


def _png():
    output = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 120, 80)).save(output, format="PNG")
    return SimpleUploadedFile("logo.png", output.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    "url", ["/", "/communities/", "/topics/pollination/", "/supporters/", "community"]
)
def test_a_community_without_a_logo_gets_its_initials(
    client, url, make_community, bureau, make_round, make_recommendation
):
    from tests.public_site_data import recognise

    community = make_community("Nordic Pollinator Network", topics=["pollination"])
    recognise(
        community, bureau=bureau, make_round=make_round, make_recommendation=make_recommendation
    )
    html = client.get(community.get_absolute_url() if url == "community" else url).content.decode()
    placeholders = re.findall(
        r'<svg [^>]*class="community-logo logo-placeholder".*?</svg>', html, re.S
    )
    assert placeholders
    placeholder = ET.fromstring(placeholders[0])  # noqa: S314 (our own page)
    assert placeholder.get("aria-hidden") == "true"
    assert placeholder.find(f"{SVG}text").text == "NP"
    assert placeholder.find(f"{SVG}rect").get("fill") == placeholder_colour(community.name)
    assert '<img class="community-logo"' not in html


@pytest.mark.parametrize(
    "url", ["/", "/communities/", "/topics/pollination/", "/supporters/", "community"]
)
def test_a_community_with_a_logo_shows_it_and_no_placeholder(
    client, url, make_community, bureau, make_round, make_recommendation
):
    from tests.public_site_data import recognise

    community = make_community("Nordic Pollinator Network", topics=["pollination"])
    community.logo.save("logo.png", _png())
    recognise(
        community, bureau=bureau, make_round=make_round, make_recommendation=make_recommendation
    )
    html = client.get(community.get_absolute_url() if url == "community" else url).content.decode()
    assert f'<img class="community-logo" src="{community.logo.url}" alt=""' in html
    assert "logo-placeholder" not in html


def test_initials_and_colours():
    assert initials("Nordic Pollinator Network") == "NP"
    assert initials("Network of the Andes") == "NA"
    assert initials("Biodiversa") == "BI"
    assert initials("Red de Polinizadores") == "RP"
    assert initials("!!!") == "?"
    assert placeholder_colour("A") == placeholder_colour("A") != placeholder_colour("B")
    for name in (f"Community {n}" for n in range(200)):
        red, green, blue = (int(placeholder_colour(name)[i : i + 2], 16) / 255 for i in (1, 3, 5))

        def lin(c):
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        luminance = 0.2126 * lin(red) + 0.7152 * lin(green) + 0.0722 * lin(blue)
        assert 1.05 / (luminance + 0.05) >= 4.5, name  # white initials stay readable


def test_demo_logos_are_deterministic_pngs():
    first = logo_png("West African Pollinator Network", "WAPN")
    assert first == logo_png("West African Pollinator Network", "WAPN")
    assert first != logo_png("Balkan Biodiversity Knowledge Network", "BBKN")
    with Image.open(io.BytesIO(first)) as image:
        assert image.format == "PNG" and image.size == (160, 160)
