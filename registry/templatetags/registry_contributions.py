"""{% contribution_article contribution contributions_url %}: one contribution on its
community's page (its title, activity, dates, scale, deliverables and evidence), and
{% contribution_card contribution contributions_url %}: one in the contributions list.

The page of an active community lists a few dozen; as an included template each one
resolved some thirty variables, two to four dates and a URL per link, most of the
page's rendering time. Here each is written with f-strings, every value escaped as a
template variable is (registry/html_text.py); ``contributions_url`` is the
contribution list's URL, reversed once by the view, which also sets
``deliverable_list`` (registry/community_page.py)."""

from django import template
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.translation import gettext, ngettext

from registry.html_text import escaped, joined
from registry.markdown import render_markdown

register = template.Library()


def _time(day):
    """The day as {{ day|date:"j F Y" }} writes it (dateformat's j, F and Y: the month's
    name in the current language), in a <time> element."""
    text = escaped(f"{day.day} {MONTHS[day.month]} {day.year:04d}")
    return f'<time datetime="{day.isoformat()}">{text}</time>'


def _dates(contribution):
    """Its start date, and its end date when it ends on another day (HTML)."""
    start, end = contribution.start_date, contribution.end_date
    if end and end != start:
        return f"{_time(start)} – {_time(end)}"
    return _time(start)


def _meta(contribution, url):
    """The line under the title: activity · dates · scale · online · participants
    (``url``: the contribution list's, escaped)."""
    activity = contribution.activity_type
    parts = [
        f'<a href="{url}?activity={escaped(activity.slug)}">{escaped(activity.label)}</a>',
        _dates(contribution),
    ]
    if contribution.scale:
        parts.append(escaped(contribution.scale.label))
    # Translations are trusted as {% translate %} trusts them (html_text.translated).
    if contribution.online:
        parts.append(gettext("online"))
    if contribution.participants is not None:
        count = contribution.participants
        text = ngettext("%(counter)s participant", "%(counter)s participants", count)
        parts.append(text % {"counter": escaped(localize(count))})
    return "\n    · ".join(parts)


@register.simple_tag
def contribution_article(contribution, contributions_url):
    url = escaped(contributions_url)
    title = escaped(contribution.title)
    description = ""
    if contribution.description:
        prose = render_markdown(contribution.description, top=4)  # sanitised HTML
        description = f'\n  <div class="prose" dir="auto">{prose}</div>'
    deliverables = ""
    if contribution.deliverable_list:
        links = ", ".join(
            f'<a href="{url}?deliverable={escaped(deliverable.slug)}">{escaped(deliverable)}</a>'
            for deliverable in contribution.deliverable_list
        )
        label = gettext("IPBES deliverables:")
        deliverables = f"\n  <p>{label} {links}</p>"
    evidence = ""
    if contribution.evidence_url:
        label = gettext("Evidence")
        evidence = (
            f'\n  <p><a href="{escaped(contribution.evidence_url)}" rel="nofollow ugc noopener">'
            f'{label}<span class="visually-hidden"> ({title})</span></a></p>'
        )
    return joined(
        [
            f'<article class="contribution" id="contribution-{escaped(contribution.pk)}">\n'
            f'  <h3 dir="auto">{title}</h3>\n'
            f'  <p class="contribution-meta">\n    {_meta(contribution, url)}\n  </p>'
            f"{description}{deliverables}{evidence}\n"
            "</article>"
        ]
    )


@register.simple_tag
def contribution_card(contribution, contributions_url):
    """One contribution in the contributions list: its title, community, activity, dates,
    scale, deliverables and topics (as the list's template wrote it, some twenty
    variables and a URL per topic, about 0.8 ms a card)."""
    dates = _dates(contribution)
    community = contribution.community
    scale = f" · {escaped(contribution.scale.label)}" if contribution.scale else ""
    online = " · " + gettext("online") if contribution.online else ""
    deliverables = list(contribution.deliverables.all())
    if deliverables:
        names = ", ".join(escaped(str(deliverable)) for deliverable in deliverables)
        label = gettext("IPBES deliverables:")
        deliverables = f"<p>{label} {names}</p>"
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
