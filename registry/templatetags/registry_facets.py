"""{% facet_choices facet %}: the checkboxes of one facet of a filter panel.

A panel has a few hundred choices (every country of the listed rows); as template
nodes they were about a third of a listing's rendering time, so they are built here,
escaped by format_html like any template variable."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def facet_choices(facet):
    rows = (
        (
            mark_safe(' class="is-empty"') if not choice.count and not choice.selected else "",
            facet.name,
            choice.value,
            facet.name,
            choice.value,
            mark_safe(" checked") if choice.selected else "",
            facet.name,
            choice.value,
            choice.label,
            choice.count,
        )
        for choice in facet.choices
    )
    items = format_html_join(
        "\n",
        '<li{}><input type="checkbox" name="{}" value="{}" id="f-{}-{}"{}>'
        '<label for="f-{}-{}">{} <span class="facet-count">({})</span></label></li>',
        rows,
    )
    return format_html('<ul class="facet-choices">{}</ul>', items)
