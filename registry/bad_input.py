"""Requests with control characters in the URL get our normal 404 page.

No URL of the registry ever contains a control character, and PostgreSQL
refuses a NUL byte in any string, so a NUL in a path segment, a query parameter
or an admin list filter would reach the database and give a server error. This
middleware answers such requests before any view, form or query sees them,
whether the characters came percent-encoded (``%00``) or raw.
"""

import re

from django.http import Http404, QueryDict
from django.urls import get_resolver
from django.utils import translation

# C0 controls (NUL to U+001F, tab and newlines included) and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def has_control_characters(request):
    """True when the path, or any query parameter's name or value, has a control character."""
    if CONTROL_CHARACTERS.search(request.path_info) or CONTROL_CHARACTERS.search(request.path):
        return True
    return any(
        CONTROL_CHARACTERS.search(name) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for name, values in request.GET.lists()
    )


class RefuseControlCharactersMiddleware:
    """Answer 404 to a URL with control characters (placed early in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not has_control_characters(request):
            return self.get_response(request)
        # The page must never echo the characters back (the language form's
        # ``next`` field repeats the current path), so it sees a clean URL.
        request.path_info = CONTROL_CHARACTERS.sub("", request.path_info)
        request.path = CONTROL_CHARACTERS.sub("", request.path)
        request.META["QUERY_STRING"] = ""
        request.GET = QueryDict()
        # We run before the locale middleware: choose the visitor's language here.
        with translation.override(translation.get_language_from_request(request)):
            handler = get_resolver().resolve_error_handler(404)
            return handler(request, Http404("Control characters in the URL."))
