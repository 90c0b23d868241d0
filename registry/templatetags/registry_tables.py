"""{% coverage_cells row %}, {% map_shapes map list_url %} and {% map_rows map list_url %}:
the repeated parts of the coverage tables and the world map, built here (as
registry_facets.py builds a filter panel's choices).

A coverage page has some 190 cells, 170 country shapes and 100 rows of countries; as
template nodes, with a {% blocktranslate %} per number, they were most of its
rendering. The texts are the templates' own messages (the same msgids, so the
catalogues apply), numbers are localised as a template would, and everything is
escaped (by format_html, or by registry/html_text.py where the parts are written by
hand, which is faster)."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext

from registry.html_text import escaped, joined

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
    country with communities, named with its number; the others named, not linked.

    Written as format_html would write it, but by hand: the paths come escaped from
    maps.country_shapes(), so only the names, codes and the URL are escaped here, and
    each number's message is looked up once (170 format_html calls were 7 ms a map)."""
    url = escaped(list_url)
    messages = {}
    parts = []
    for shape in world_map["shapes"]:
        path = escaped(shape["path"])
        count = shape["count"]
        if count:
            message = messages.get(count)
            if message is None:
                message = messages[count] = ngettext(
                    "%(name)s: %(counter)s community",
                    "%(name)s: %(counter)s communities",
                    count,
                )
            label = escaped(_counted(message, count, name=shape["name"]))
            parts.append(
                f'<a href="{url}?country={escaped(shape["code"])}" aria-label="{label}">'
                f'<title>{label}</title><path class="map-l{int(shape["level"])}" d="{path}"/></a>'
            )
        elif shape["code"]:
            title = escaped(gettext("%(name)s: no community") % {"name": shape["name"]})
            parts.append(f'<path class="map-l0" d="{path}"><title>{title}</title></path>')
        else:
            parts.append(f'<path class="map-l0" d="{path}"/>')
    return joined(parts, "\n")


@register.simple_tag
def map_rows(world_map, list_url):
    """The rows of the map's table (maps.world_map): each country with communities,
    its number linked to the country's list (some 100 rows, like the shapes above)."""
    url = escaped(list_url)
    return joined(
        f'\n      <tr><th scope="row">{escaped(row["name"])}</th><td><a href="{url}'
        f'?country={escaped(row["code"])}">{escaped(localize(row["count"]))}</a></td></tr>'
        for row in world_map["rows"]
    )
