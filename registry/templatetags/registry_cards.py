"""{% community_card community %}: one community in the communities list (its logo,
name, recognition, confirmation notice, summary, topics, regions and number of
contributions).

As an included template each card resolved some forty variables, two includes and a
URL per topic and region: with 25 cards, about half of the list's rendering time.
Here it is built once per row, escaped by format_html like any template variable,
with the same text and messages as the templates it replaces
(registry/_partials/community_card.html and, for the list, confirmation_notice.html;
the logo is registry_pictures.logo())."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from registry.templatetags.registry_pictures import logo

register = template.Library()

CARD_LOGO_SIZE = 40


def _translated(text):
    """A translation, trusted as {% translate %} trusts it (never escaped)."""
    return mark_safe(text)  # noqa: S308 (translations are the project's own text)


def _not_confirmed(community):
    """As confirmation_notice.html in a list: "Not confirmed since <date>", or nothing."""
    if not community.is_overdue():
        return ""
    last = timezone.localtime(community.last_confirmed_at)
    text = gettext('Not confirmed since <time datetime="%(iso)s">%(since)s</time>') % {
        "iso": last.strftime("%Y-%m-%d"),
        "since": conditional_escape(f"{last.day} {MONTHS[last.month]} {last.year:04d}"),
    }
    return format_html('<p class="confirmation-notice">{}</p>', _translated(text))


def _tags(terms, list_url, parameter):
    return format_html_join(
        "",
        '<li><a href="{}?{}={}">{}</a></li>',
        ((list_url, parameter, t.slug, t.label) for t in terms),
    )


@register.simple_tag
def community_card(community):
    list_url = reverse("registry:community_list")
    acronym = (
        format_html(' <span class="acronym">({})</span>', community.acronym)
        if community.acronym
        else ""
    )
    badge = (
        format_html(
            '<p class="badge badge-supporter">{}</p>',
            _translated(gettext("IPBES collaborative supporter")),
        )
        if community.is_recognised
        else ""
    )
    regions = list(community.regions.all())
    region_rows = (
        format_html(
            '<dt>{}</dt>\n    <dd><ul class="tag-list">{}</ul></dd>\n    ',
            _translated(gettext("Regions")),
            _tags(regions, list_url, "region"),
        )
        if regions
        else ""
    )
    return format_html(
        '<article class="card community-card">\n'
        '  <h3 class="card-title with-logo">{}<span><a href="{}" dir="auto">{}</a>{}</span></h3>\n'
        "  {}\n  {}\n"
        '  <p class="card-summary" dir="auto">{}</p>\n'
        '  <dl class="card-meta">\n'
        "    <dt>{}</dt>\n"
        '    <dd><ul class="tag-list">{}</ul></dd>\n'
        "    {}<dt>{}</dt>\n"
        "    <dd>{}</dd>\n"
        "  </dl>\n"
        "</article>\n",
        logo(community, CARD_LOGO_SIZE),
        community.get_absolute_url(),
        community.name,
        acronym,
        badge,
        _not_confirmed(community),
        community.summary,
        _translated(gettext("Topics")),
        _tags(community.topics.all(), list_url, "topic"),
        region_rows,
        _translated(gettext("Contributions")),
        localize(community.contribution_count),
    )
