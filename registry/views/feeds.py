"""Atom and iCalendar feeds (stubs until built)."""

from django.http import HttpResponse


class CommunityFeed:
    def __call__(self, request):
        return HttpResponse("feed")


class RecognitionFeed(CommunityFeed):
    pass


def upcoming_contributions_ics(request):
    return HttpResponse("ics")
