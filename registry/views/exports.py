"""CSV and JSON export of the filtered communities (stubs until built)."""

from django.http import HttpResponse


def communities_csv(request):
    return HttpResponse("csv")


def communities_json(request):
    return HttpResponse("json")
