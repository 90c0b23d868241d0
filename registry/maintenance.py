"""Maintenance: the database is read-only (a fail-over, an upgrade) or unreachable.

- A write (any method but GET, HEAD, OPTIONS) gets a clear 503 page, "The registry
  is read-only for maintenance; please try again later", with ``Retry-After``.
  On PostgreSQL the middleware asks the database first (``SHOW
  transaction_read_only``, one query per write request), so no view half-runs
  and allauth's rate limit, whose cache writes fail silently, never answers 429.
  Elsewhere, and when the database refuses a write the middleware did not
  foresee, the database error itself turns into the same page.
- Reads keep working: the writes a GET makes on the side (the session when a
  pending message is shown, cache entries) are dropped with a WARNING instead of
  turning the page into an error (``SessionStore`` and ``DatabaseCache`` below).
- An unreachable database gives the same layout with "unavailable" instead of a
  traceback, for reads and writes.
"""

import logging
import sys

from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends import db as db_sessions
from django.contrib.sessions.backends.base import UpdateError
from django.core.cache.backends import db as db_cache
from django.core.signals import got_request_exception
from django.db import DatabaseError, InternalError, OperationalError, connection
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 300
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_ONLY = "read-only"
UNAVAILABLE = "unavailable"
_READ_ONLY_SQLSTATE = "25006"  # PostgreSQL: read_only_sql_transaction


def database_problem(exc):
    """READ_ONLY, UNAVAILABLE or None for an exception (or anything it was raised from)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, InternalError | OperationalError):
            cause = exc.__cause__
            if getattr(cause, "sqlstate", None) == _READ_ONLY_SQLSTATE:
                return READ_ONLY
            if "readonly database" in str(exc):  # SQLite on a read-only file
                return READ_ONLY
            if isinstance(exc, OperationalError):
                return UNAVAILABLE
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def database_is_read_only():
    """Whether the database refuses writes (asked on PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SHOW transaction_read_only")
        return cursor.fetchone()[0] == "on"


def maintenance_response(request, problem):
    """The 503 page, in the site's layout, touching the database as little as possible."""
    logger.warning("Database %s: answering 503 to %s %s", problem, request.method, request.path)
    context = {"read_only": problem == READ_ONLY, "messages": ()}
    if problem != READ_ONLY:
        context["user"] = AnonymousUser()  # loading the signed-in user needs the database
    response = TemplateResponse(request, "503.html", context, status=503)
    try:
        response.render()
    except DatabaseError:
        context["user"] = AnonymousUser()
        response = TemplateResponse(request, "503.html", context, status=503).render()
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _remember_database_problem(sender, request=None, **kwargs):
    """An exception in a middleware after ours becomes a 500 response before we see it:
    note its database problem on the request so that __call__ can answer 503 instead."""
    problem = database_problem(sys.exc_info()[1])
    if request is not None and problem:
        request._database_problem = problem


got_request_exception.connect(_remember_database_problem, dispatch_uid="registry.maintenance")


class MaintenanceMiddleware:
    """Place right after LocaleMiddleware (the page is translated)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            try:
                if database_is_read_only():
                    return maintenance_response(request, READ_ONLY)
            except DatabaseError as exc:
                problem = database_problem(exc)
                if problem is None:
                    raise
                return maintenance_response(request, problem)
        response = self.get_response(request)
        problem = getattr(request, "_database_problem", None)
        if problem and response.status_code >= 500:
            return maintenance_response(request, problem)
        return response

    def process_exception(self, request, exception):
        problem = database_problem(exception)
        if problem is None:
            return None
        return maintenance_response(request, problem)


def _dropped(what, exc):
    problem = database_problem(exc)
    if problem is None:
        return False
    logger.warning("Database %s: %s dropped (%s)", problem, what, str(exc) or exc.__context__)
    return True


class SessionStore(db_sessions.SessionStore):
    """Database sessions whose save is dropped, not fatal, when the database is
    read-only or unreachable: a page that shows a pending message still renders
    (the message may show once more later)."""

    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except (DatabaseError, UpdateError) as exc:
            if not _dropped("session write", exc):
                raise


class DatabaseCache(db_cache.DatabaseCache):
    """Django's database cache, whose writes are dropped when the database is
    read-only or unreachable (Django already lets the insert itself fail
    silently; the count, cull and delete around it did not)."""

    def _base_set(self, mode, key, value, timeout=db_cache.DEFAULT_TIMEOUT):
        try:
            return super()._base_set(mode, key, value, timeout)
        except DatabaseError as exc:
            if not _dropped("cache write", exc):
                raise
            return False

    def _base_delete_many(self, keys):
        try:
            return super()._base_delete_many(keys)
        except DatabaseError as exc:
            if not _dropped("cache delete", exc):
                raise
            return False
