"""{% facet_choices facet %}: the checkboxes of one facet of a filter panel.

A panel has a few hundred choices (every country of the listed rows); as template
nodes they were about a third of a listing's rendering time, so they are built here,
each value escaped as a template escapes a variable (registry/html_text.py)."""

from django import template

from registry.html_text import escaped, joined

register = template.Library()


@register.simple_tag
def facet_choices(facet):
    name = escaped(facet.name)
    items = []
    for choice in facet.choices:
        value = escaped(choice.value)
        empty = ' class="is-empty"' if not choice.count and not choice.selected else ""
        checked = " checked" if choice.selected else ""
        items.append(
            f'<li{empty}><input type="checkbox" name="{name}" value="{value}"'
            f' id="f-{name}-{value}"{checked}><label for="f-{name}-{value}">'
            f"{escaped(choice.label)} "
            f'<span class="facet-count">({escaped(choice.count)})</span></label></li>'
        )
    return joined(['<ul class="facet-choices">', joined(items, "\n"), "</ul>"])
