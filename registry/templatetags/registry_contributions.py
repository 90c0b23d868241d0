"""{% contribution_article contribution contributions_url %}: one contribution on its
community's page (its title, activity, dates, scale, deliverables and evidence).

The page of an active community lists a few dozen; as an included template each one
resolved some thirty variables, two to four dates and a URL per link, most of the
page's rendering time. Here it is built once per row, escaped by format_html like any
template variable; ``contributions_url`` is the contribution list's URL, reversed once
by the view, which also sets ``deliverable_list`` (registry/community_page.py)."""

from django import template
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from registry.html_text import escaped, joined, translated
from registry.markdown import render_markdown

register = template.Library()


def _time(day):
    """The day as {{ day|date:"j F Y" }} writes it (dateformat's j, F and Y: the month's
    name in the current language), in a <time> element."""
    text = f"{day.day} {MONTHS[day.month]} {day.year:04d}"
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), text)


def _dates(contribution):
    """Its start date, and its end date when it ends on another day."""
    start, end = contribution.start_date, contribution.end_date
    if end and end != start:
        return format_html("{} – {}", _time(start), _time(end))
    return _time(start)


def _meta(contribution, contributions_url):
    """The line under the title: activity · dates · scale · online · participants."""
    dates = _dates(contribution)
    parts = [
        format_html(
            '<a href="{}?activity={}">{}</a>',
            contributions_url,
            contribution.activity_type.slug,
            contribution.activity_type.label,
        ),
        dates,
    ]
    if contribution.scale:
        parts.append(contribution.scale.label)
    if contribution.online:
        parts.append(translated(gettext("online")))
    if contribution.participants is not None:
        count = contribution.participants
        text = ngettext("%(counter)s participant", "%(counter)s participants", count)
        parts.append(translated(text % {"counter": conditional_escape(localize(count))}))
    return mark_safe("\n    · ".join(map(conditional_escape, parts)))  # noqa: S308 (escaped)


@register.simple_tag
def contribution_article(contribution, contributions_url):
    title = contribution.title
    description = ""
    if contribution.description:
        description = format_html(
            '\n  <div class="prose" dir="auto">{}</div>',
            render_markdown(contribution.description, top=4),
        )
    deliverables = ""
    if contribution.deliverable_list:
        links = format_html_join(
            ", ",
            '<a href="{}?deliverable={}">{}</a>',
            (
                (contributions_url, deliverable.slug, deliverable)
                for deliverable in contribution.deliverable_list
            ),
        )
        deliverables = format_html(
            "\n  <p>{} {}</p>", translated(gettext("IPBES deliverables:")), links
        )
    evidence = ""
    if contribution.evidence_url:
        evidence = format_html(
            '\n  <p><a href="{}" rel="nofollow ugc noopener">{}'
            '<span class="visually-hidden"> ({})</span></a></p>',
            contribution.evidence_url,
            translated(gettext("Evidence")),
            title,
        )
    return format_html(
        '<article class="contribution" id="contribution-{}">\n'
        '  <h3 dir="auto">{}</h3>\n'
        '  <p class="contribution-meta">\n    {}\n  </p>{}{}{}\n'
        "</article>",
        contribution.pk,
        title,
        _meta(contribution, contributions_url),
        description,
        deliverables,
        evidence,
    )


@register.simple_tag
def contribution_card(contribution, contributions_url):
    """One contribution in the contributions list: its title, community, activity, dates,
    scale, deliverables and topics (as the list's template wrote it, some twenty
    variables and a URL per topic, about 0.8 ms a card)."""
    dates = _dates(contribution)
    community = contribution.community
    scale = f" · {escaped(contribution.scale.label)}" if contribution.scale else ""
    online = f" · {gettext('online')}" if contribution.online else ""
    deliverables = list(contribution.deliverables.all())
    if deliverables:
        names = ", ".join(escaped(str(deliverable)) for deliverable in deliverables)
        deliverables = f"<p>{gettext('IPBES deliverables:')} {names}</p>"
    else:
        deliverables = ""
    topics = list(contribution.topics.all())
    if topics:
        url = escaped(contributions_url)
        links = "".join(
            f'<li><a href="{url}?topic={escaped(topic.slug)}">{escaped(topic.label)}</a></li>'
            for topic in topics
        )
        topics = f'<ul class="tag-list">{links}</ul>'
    else:
        topics = ""
    # Translations are trusted as {% translate %} trusts them (html_text.translated).
    return joined(
        [
            '<article class="card contribution-card">\n'
            f'              <h3 class="card-title" dir="auto">{escaped(contribution.title)}</h3>\n'
            '              <p class="contribution-meta">\n'
            f'                <a href="{escaped(community.get_absolute_url())}#contribution-'
            f'{escaped(contribution.pk)}"><bdi>{escaped(community.name)}</bdi></a>\n'
            f"                · {escaped(contribution.activity_type.label)}\n"
            f"                · {dates}\n"
            f"                {scale}\n"
            f"                {online}\n"
            "              </p>\n"
            f"              {deliverables}\n"
            f"              {topics}\n"
            "            </article>"
        ]
    )
