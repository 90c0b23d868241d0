"""Atom feeds (newest communities of a filtered list, newest recognitions) and an
iCalendar feed of upcoming contributions (written by the ``icalendar`` library,
which escapes and folds the text as RFC 5545 asks)."""

import copy
import datetime

import icalendar
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


def upcoming_contributions_ics(request):
    """Upcoming contributions of published communities (same filters as the list)."""
    filterset = ContributionFilterSet(request.GET)
    contributions = (
        filterset.qs.filter(start_date__gte=timezone.localdate())
        .select_related("community", "activity_type")
        .order_by("start_date", "title", "pk")[:CALENDAR_LENGTH]
    )
    host = request.get_host().split(":")[0] or "localhost"
    stamp = timezone.now().astimezone(datetime.UTC)
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//IPBES communities of practice registry//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Upcoming contributions of communities of practice"))
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
        event = icalendar.Event()
        event.add("uid", f"contribution-{contribution.pk}@{host}")
        event.add("dtstamp", stamp)
        # All-day dates; the end is exclusive, so the day after the last day.
        event.add("dtstart", contribution.start_date)
        event.add("dtend", end)
        event.add("summary", contribution.title)
        event.add("description", description)
        event.add("url", url)
        if location:
            event.add("location", location)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ipbes-upcoming-contributions.ics"'
    return response
