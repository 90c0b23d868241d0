"""{% coverage_cells row %} and {% map_shapes map list_url %}: the repeated parts of the
coverage tables and the world map, built here (as registry_facets.py builds a filter
panel's choices).

A coverage page has some 190 cells and 170 country shapes; as template nodes, with a
{% blocktranslate %} per number, they were most of its rendering. The texts are the
templates' own messages (the same msgids, so the catalogues apply), numbers are
localised as a template would, and everything is escaped by format_html."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()


def _counted(text, count, **values):
    """A message from ngettext (called with literals, so that makemessages finds it),
    formatted as {% blocktranslate count counter=... %} formats it."""
    return text % {"counter": localize(count), **values}


@register.simple_tag
def coverage_cells(row):
    """The <td>s of one topic's row of a coverage table (views/public.py, _grid)."""
    return format_html_join(
        "\n",
        '<td class="level-{}{}">'
        '<a class="cell-communities" href="{}">{}</a>\n'
        '<a class="cell-contributions" href="{}">{}</a></td>',
        (
            (
                cell["level"],
                "" if cell["communities"] else " gap",
                cell["communities_url"],
                _counted(
                    ngettext(
                        "%(counter)s community", "%(counter)s communities", cell["communities"]
                    ),
                    cell["communities"],
                ),
                cell["contributions_url"],
                _counted(
                    ngettext(
                        "%(counter)s contribution",
                        "%(counter)s contributions",
                        cell["contributions"],
                    ),
                    cell["contributions"],
                ),
            )
            for cell in row["cells"]
        ),
    )


@register.simple_tag
def map_shapes(world_map, list_url):
    """The map's countries (maps.world_map): a link to the country's list for each
    country with communities, named with its number; the others named, not linked."""
    parts = []
    for shape in world_map["shapes"]:
        if shape["count"]:
            label = _counted(
                ngettext(
                    "%(name)s: %(counter)s community",
                    "%(name)s: %(counter)s communities",
                    shape["count"],
                ),
                shape["count"],
                name=shape["name"],
            )
            parts.append(
                format_html(
                    '<a href="{}?country={}" aria-label="{}"><title>{}</title>'
                    '<path class="map-l{}" d="{}"/></a>',
                    list_url,
                    shape["code"],
                    label,
                    label,
                    shape["level"],
                    shape["path"],
                )
            )
        elif shape["code"]:
            title = gettext("%(name)s: no community") % {"name": shape["name"]}
            parts.append(
                format_html(
                    '<path class="map-l0" d="{}"><title>{}</title></path>', shape["path"], title
                )
            )
        else:
            parts.append(format_html('<path class="map-l0" d="{}"/>', shape["path"]))
    return mark_safe("\n".join(parts))  # noqa: S308 (each part built by format_html)
