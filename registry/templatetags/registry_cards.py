"""{% community_card community %}: one community in the communities list (its logo,
name, recognition, confirmation notice, summary, topics, regions and number of
contributions).

As an included template each card resolved some forty variables, two includes and a
URL per topic and region: with 25 cards, about half of the list's rendering time.
Here it is built once per row, each value escaped as a template escapes a variable
(registry/html_text.py), with the same text and messages as the templates it replaces
(registry/_partials/community_card.html and, for the list, confirmation_notice.html;
the logo is registry_pictures.logo()).

{% fact_links label terms parameter list_url %}: one group of a community page's "At a
glance" (its topics, functions, scales, regions, member types or languages), each
term named in the current language and linked to the communities list filtered on it;
nothing when there is none."""

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext

from registry.html_text import escaped, joined, translated
from registry.links import reversed_once
from registry.templatetags.registry_pictures import logo

register = template.Library()

CARD_LOGO_SIZE = 40


def _not_confirmed(community):
    """As confirmation_notice.html in a list: "Not confirmed since <date>", or nothing."""
    if not community.is_overdue():
        return ""
    last = timezone.localtime(community.last_confirmed_at)
    text = gettext('Not confirmed since <time datetime="%(iso)s">%(since)s</time>') % {
        "iso": last.strftime("%Y-%m-%d"),
        "since": conditional_escape(f"{last.day} {MONTHS[last.month]} {last.year:04d}"),
    }
    return format_html('<p class="confirmation-notice">{}</p>', translated(text))


def _tags(terms, list_url, parameter):
    return joined(
        f'<li><a href="{list_url}?{parameter}={escaped(t.slug)}">{escaped(t.label)}</a></li>'
        for t in terms
    )


@register.simple_tag
def community_card(community):
    list_url = escaped(reversed_once("registry:community_list"))
    acronym = (
        f' <span class="acronym">({escaped(community.acronym)})</span>' if community.acronym else ""
    )
    # Messages are looked up outside the f-strings, where makemessages finds them.
    supporter = gettext("IPBES collaborative supporter")
    badge = f'<p class="badge badge-supporter">{supporter}</p>' if community.is_recognised else ""
    # Its topics and regions, attached by the list (vocabulary_lookup.attach_terms).
    regions = community.regions_terms
    regions_label = gettext("Regions")
    region_rows = (
        f"<dt>{regions_label}</dt>\n"
        f'    <dd><ul class="tag-list">{_tags(regions, list_url, "region")}</ul></dd>\n    '
        if regions
        else ""
    )
    topics_label, contributions_label = gettext("Topics"), gettext("Contributions")
    # Translations are trusted as {% translate %} trusts them (html_text.translated).
    return joined(
        [
            '<article class="card community-card">\n'
            f'  <h3 class="card-title with-logo">{escaped(logo(community, CARD_LOGO_SIZE))}'
            f'<span><a href="{escaped(community.get_absolute_url())}" dir="auto">'
            f"{escaped(community.name)}</a>{acronym}</span></h3>\n"
            f"  {badge}\n  {_not_confirmed(community)}\n"
            f'  <p class="card-summary" dir="auto">{escaped(community.summary)}</p>\n'
            '  <dl class="card-meta">\n'
            f"    <dt>{topics_label}</dt>\n"
            f'    <dd><ul class="tag-list">{_tags(community.topics_terms, list_url, "topic")}'
            "</ul></dd>\n"
            f"    {region_rows}<dt>{contributions_label}</dt>\n"
            f"    <dd>{escaped(localize(community.contribution_count))}</dd>\n"
            "  </dl>\n"
            "</article>\n"
        ]
    )


@register.simple_tag
def fact_links(label, terms, parameter, list_url):
    if not terms:
        return ""
    links = _tags(terms, escaped(list_url), escaped(parameter))
    # ``label`` is a translation from the template, trusted as {% translate %} trusts it.
    return joined([f'<dt>{label}</dt>\n<dd><ul class="tag-list">{links}</ul></dd>'])
