"""Errors of the API as problem details (RFC 9457), never an HTML page.

Every error under /api/ is a JSON object ``{type, title, status, detail}`` served as
``application/problem+json``: those a view raises (a bad filter value, an unknown
slug, a method other than GET, too many requests), an unknown URL, and the error
pages Django itself would render (control characters in the URL, a server error).
A bad parameter also lists each one in ``errors``: ``[{parameter, detail}]``.
"""

import json
from http import HTTPStatus

from django.http import Http404, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler, set_rollback

from registry.views import public

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"


def problem(status_code, detail, **extra):
    """The problem details object: ``about:blank`` types, so the title is the status's
    phrase and ``detail`` says what went wrong this time."""
    return {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": str(detail),
        **extra,
    }


def _json_problem(data, status_code, headers=None):
    return HttpResponse(
        json.dumps(data, ensure_ascii=False),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
    )


def problem_response(status_code, detail, **extra):
    """A plain Django response carrying a problem (outside DRF's views)."""
    return _json_problem(problem(status_code, detail, **extra), status_code)


def _messages(value):
    if isinstance(value, list | tuple):
        return " ".join(str(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_messages(item) for item in value.values())
    return str(value)


def _bad_parameters(detail):
    """[{parameter, detail}] from a ValidationError's detail keyed on parameter names."""
    if isinstance(detail, dict):
        return [
            {"parameter": str(name), "detail": _messages(messages)}
            for name, messages in detail.items()
        ]
    return [{"parameter": "", "detail": _messages(detail)}]


def problem_details_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every exception DRF handles, as problem details."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Nothing is published at this address."))
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's handler500 below answers with a problem
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() in ("retry-after", "allow")
    }
    if isinstance(exc, exceptions.ValidationError):
        errors = _bad_parameters(exc.detail)
        named = [error for error in errors if error["parameter"]]
        if len(named) == 1:
            detail = _("The parameter %(name)s has a bad value: %(detail)s") % {
                "name": named[0]["parameter"],
                "detail": named[0]["detail"],
            }
        elif named:
            detail = _("These parameters have bad values: %(list)s") % {
                "list": "; ".join(f"{e['parameter']} ({e['detail']})" for e in named)
            }
        else:
            detail = " ".join(error["detail"] for error in errors)
        data = problem(status.HTTP_400_BAD_REQUEST, detail, errors=errors)
    elif isinstance(exc, exceptions.Throttled):
        data = problem(
            status.HTTP_429_TOO_MANY_REQUESTS,
            _("Too many requests from this client. Try again in %(seconds)d seconds.")
            % {"seconds": int(exc.wait or 1)},
        )
    else:
        data = problem(response.status_code, _messages(exc.detail))
    set_rollback()
    # JSON whatever renderer the view chose (the schema's YAML, the docs page's HTML): a
    # plain response, which DRF passes through without rendering it again.
    return _json_problem(data, response.status_code, headers)


def is_api_request(request):
    return request.path.startswith(API_PREFIX)


def not_found(request, rest=""):
    """An unknown address under /api/: a problem, or the address with its slash added
    (as CommonMiddleware's APPEND_SLASH does for the rest of the site)."""
    if not request.path.endswith("/") and request.method in ("GET", "HEAD"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            response = HttpResponse(status=301)
            response["Location"] = request.path + "/" + (f"?{query}" if query else "")
            return response
    return problem_response(404, _("There is no API endpoint at this address."))


def page_not_found(request, exception):
    """handler404: a problem under /api/, the site's 404 page elsewhere."""
    if is_api_request(request):
        return problem_response(404, _("There is no API endpoint at this address."))
    return public.page_not_found(request, exception)


def server_error(request):
    """handler500: a problem under /api/, the site's 500 page elsewhere."""
    if is_api_request(request):
        return problem_response(500, _("The server failed to answer. Please try again later."))
    return public.server_error(request)
