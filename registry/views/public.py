"""Public pages other than the listings (stubs until built)."""

from django.http import HttpResponse
from django.shortcuts import render


def home(request):
    """The front page."""
    return render(request, "registry/home.html")


def _stub(request, slug=None):
    return HttpResponse("page")


topic_list = topic_detail = function_list = function_detail = _stub
impact_list = supporter_list = coverage = about = sitemap = robots_txt = _stub


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
