"""Atom feeds (newest communities of a filtered list, newest recognitions) and an
iCalendar feed of upcoming contributions.

The .ics text is written here (RFC 5545) because the ``icalendar`` package is
only a development dependency; the tests parse it with that package.
"""

import copy
import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import permissions
from registry.filters import CommunityFilterSet, ContributionFilterSet
from registry.models import Recognition

FEED_LENGTH = 50
CALENDAR_LENGTH = 500


class _RequestFeed(Feed):
    """A Feed whose links use the request's own host (not the Sites framework's)."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        # One copy per request: the view instance is shared between threads.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    def feed_url(self):
        return self.request.build_absolute_uri()


class CommunityFeed(_RequestFeed):
    """The newest published communities of the filtered list (same GET parameters)."""

    title = gettext_lazy("Newest communities of practice working with IPBES")
    subtitle = gettext_lazy(
        "Communities newly published in the IPBES communities of practice registry."
    )

    def get_object(self, request, *args, **kwargs):
        return request.GET.copy()

    def link(self, params):
        query = params.urlencode()
        return self.absolute(reverse("registry:community_list") + (f"?{query}" if query else ""))

    def item_link(self, community):
        return self.absolute(community.get_absolute_url())

    def items(self, params):
        filterset = CommunityFilterSet(params)
        return (
            filterset.qs.filter(published_at__isnull=False)
            .order_by("-published_at", "name")
            .prefetch_related("topics")[:FEED_LENGTH]
        )

    def item_title(self, community):
        if community.acronym:
            return f"{community.name} ({community.acronym})"
        return community.name

    def item_description(self, community):
        return community.summary

    def item_pubdate(self, community):
        return community.published_at

    def item_updateddate(self, community):
        return community.updated_at

    def item_categories(self, community):
        return [topic.name for topic in community.topics.all()]


class RecognitionFeed(_RequestFeed):
    """Communities newly recognised as IPBES collaborative supporters."""

    title = gettext_lazy("IPBES collaborative supporters")
    subtitle = gettext_lazy(
        "Communities of practice newly recognised as IPBES collaborative supporters."
    )

    def link(self):
        return self.absolute(reverse("registry:supporter_list"))

    def items(self):
        return (
            permissions.visible_recognitions(None, Recognition.objects.active())
            .select_related("community", "round", "task_force")
            .order_by("-since", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, recognition):
        return recognition.community.name

    def item_description(self, recognition):
        return _(
            "IPBES collaborative supporter since %(since)s; recommended by the %(task_force)s; "
            "round %(round)s."
        ) % {
            "since": date_format(recognition.since, "DATE_FORMAT"),
            "task_force": recognition.task_force.name,
            "round": recognition.round.title,
        }

    def item_link(self, recognition):
        return self.absolute(recognition.community.get_absolute_url())

    def item_guid(self, recognition):
        return self.absolute(
            f"{recognition.community.get_absolute_url()}#recognition-{recognition.pk}"
        )

    def item_pubdate(self, recognition):
        return datetime.datetime.combine(recognition.since, datetime.time(), tzinfo=datetime.UTC)


# --- iCalendar (RFC 5545) ------------------------------------------------------------------


def ics_escape(text):
    """TEXT value escaping: backslash, semicolon, comma and newlines."""
    text = str(text or "")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line):
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _ics_date(value):
    return value.strftime("%Y%m%d")


def upcoming_contributions_ics(request):
    """Upcoming contributions of published communities (same filters as the list)."""
    filterset = ContributionFilterSet(request.GET)
    contributions = (
        filterset.qs.filter(start_date__gte=timezone.localdate())
        .select_related("community", "activity_type")
        .order_by("start_date", "title", "pk")[:CALENDAR_LENGTH]
    )
    host = request.get_host().split(":")[0] or "localhost"
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//IPBES communities of practice registry//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ics_escape(_("Upcoming contributions of communities of practice")),
    ]
    for contribution in contributions:
        community = contribution.community
        end = (contribution.end_date or contribution.start_date) + datetime.timedelta(days=1)
        url = request.build_absolute_uri(
            f"{community.get_absolute_url()}#contribution-{contribution.pk}"
        )
        location = (
            _("Online")
            if contribution.online
            else ", ".join(str(country.name) for country in contribution.countries)
        )
        description = f"{community.name} — {contribution.activity_type.name}"
        if contribution.description:
            description += "\n\n" + contribution.description
        lines += [
            "BEGIN:VEVENT",
            f"UID:contribution-{contribution.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_ics_date(contribution.start_date)}",
            f"DTEND;VALUE=DATE:{_ics_date(end)}",
            "SUMMARY:" + ics_escape(contribution.title),
            "DESCRIPTION:" + ics_escape(description),
            "URL:" + url,
        ]
        if location:
            lines.append("LOCATION:" + ics_escape(location))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    body = "".join(ics_fold(line) + "\r\n" for line in lines)
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ipbes-upcoming-contributions.ics"'
    return response
