"""Pictures drawn by the app: the world map, the yearly charts, and the placeholder a
community without a logo gets (its initials on a colour derived from its name)."""

import colorsys
import hashlib
import re

from django import template
from django.utils.html import format_html

from registry import charts, maps

register = template.Library()

# Words left out of a community's initials.
SMALL_WORDS = {"a", "an", "and", "de", "des", "du", "for", "in", "la", "le", "of", "on", "the"}


@register.inclusion_tag("registry/_partials/world_map.html")
def world_map(counts, regions=None, map_id="world-map"):
    """{% world_map counts regions "home-map" %}: the map of ``counts`` (the communities
    list's country counts), the regional totals (regions with their community_count)
    and the map's table."""
    return {"map": maps.world_map(counts), "regions": regions, "map_id": map_id}


@register.inclusion_tag("registry/_partials/year_chart.html")
def year_chart(chart, chart_id):
    """{% year_chart chart "by-function" %}: a chart from charts.year_chart."""
    return {"chart": chart, "chart_id": chart_id, "layout": charts.layout(chart)}


def initials(name):
    """Up to two letters: the first of the first two words that count, or the first two
    letters of a one-word name."""
    words = re.findall(r"\w+", name)
    significant = [w for w in words if w.lower() not in SMALL_WORDS] or words
    if not significant:
        return "?"
    if len(significant) == 1:
        return significant[0][:2].upper()
    return (significant[0][0] + significant[1][0]).upper()


def _luminance(rgb):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def placeholder_colour(name):
    """A colour of the name's own hue, dark enough for white initials (contrast ≥ 4.5)."""
    hue = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:4], 16) / 0xFFFF
    lightness = 0.42
    rgb = colorsys.hls_to_rgb(hue, lightness, 0.55)
    while 1.05 / (_luminance(rgb) + 0.05) < 4.7:  # a margin for rounding to hex
        lightness -= 0.02
        rgb = colorsys.hls_to_rgb(hue, lightness, 0.55)
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in rgb))


def logo(community, size):
    """The logo, or the initials placeholder ({% community_logo %}, the cards)."""
    if community.logo:
        return format_html(
            '<img class="community-logo" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            community.logo.url,
            size,
            size,
        )
    letters = initials(community.name)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="community-logo logo-placeholder" '
        'viewBox="0 0 48 48" width="{}" height="{}" aria-hidden="true" focusable="false">'
        '<rect width="48" height="48" rx="6" fill="{}"/><text x="24" y="24" dy=".35em" '
        'text-anchor="middle" fill="#fff" font-size="{}" font-weight="700" '
        'font-family="system-ui, sans-serif">{}</text></svg>',
        size,
        size,
        placeholder_colour(community.name),
        19 if len(letters) > 1 else 24,
        letters,
    )


@register.simple_tag
def community_logo(community, size=48):
    """{% community_logo community 48 %}: the logo, or the initials placeholder. Both are
    decorative (alt="", aria-hidden): the name is always printed beside them."""
    return logo(community, size)
