"""Public listings of communities and contributions (stubs until built)."""

from django.http import HttpResponse


def community_list(request):
    return HttpResponse("communities")


def community_detail(request, slug):
    return HttpResponse("community")


def contribution_list(request):
    return HttpResponse("contributions")
