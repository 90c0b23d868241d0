"""The one source of absolute links in e-mails (ours and allauth's) and digests.

With ``SITE_URL`` set (production, any shared server), every link starts with it,
whatever host or port a request came in on. Without it (a laptop), a link made during
a request starts with that request's own origin (its host was checked against
``ALLOWED_HOSTS``), so a server on another port still sends working links; outside a
request (housekeeping, the mail worker) the default ``SITE_URL`` is used.
"""

import functools

from allauth.core import context
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def site_url():
    """Scheme, host and port of the links, without a trailing slash."""
    request = None if settings.SITE_URL_FIXED else context.request
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_URL


def canonical_url(path):
    """``path`` on the registry's public address (SITE_URL), whatever host a request came
    in on: for links that others keep (TRACK records, JSON-LD identifiers)."""
    return settings.SITE_URL + path


def absolute_url(path):
    """``path`` (from reverse() or get_absolute_url()) as an absolute link."""
    return site_url() + path


def reversed_once(name, *args):
    """reverse(name, args), memoised per process: a URL of this site depends only on its
    name and arguments (not on the request or its language), and on what reverse()
    reads besides them, the script prefix and the URLconf. For the links a page writes
    many times (terms, navigation, cards), whose reverse() calls were much of its time."""
    return _reversed(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, name, args)


@functools.lru_cache(maxsize=4096)
def _reversed(prefix, urlconf, name, args):
    return reverse(name, args=list(args))
