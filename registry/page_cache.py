"""Rendered public pages kept in the shared cache for anonymous visitors.

A page is stored when all of these hold (otherwise the response passes untouched):

- the request is an anonymous read: GET or HEAD, no session cookie, no
  Authorization header;
- the view's URL name is in ``PUBLIC_PAGES`` (the rule for a new page: a public
  page with no form posting from it and nothing personal on it gets its URL name
  added there);
- the response is a complete 200 (not streamed) that sets no cookie, says nothing
  private (no ``private``/``no-store``/``no-cache``) and varies on nothing but the
  language, the cookies and the encoding.

It is stored under (data version, code release, language, absolute URL with the
query string, content encoding): the version moves on with every committed change
(``registry.data_version``), so a change is on the very next request whichever
process serves it; the release (a hash of the code, templates and catalogues) does the
same for a deploy. The language is the one ``LocaleMiddleware`` will choose (the
language cookie, else Accept-Language). The body is stored already compressed (brotli
when the client accepts ``br``, else gzip, else none), so a hit is one cache read (the version
and the page together, while the version is the one this process saw last) and no
database query, template, session or compression.

Every stored page is answered with ``Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE``,
a weak ETag (the body's hash), Last-Modified (when the data version last moved) and
``Vary: Accept-Language, Cookie, Accept-Encoding``; If-None-Match and If-Modified-Since
get a 304. Security headers are added by the middleware above this one, hit or miss.
A stored page lives PAGE_CACHE_SECONDS at most: that bounds what changes with the clock
alone ("not confirmed since", upcoming contributions). PAGE_CACHE_SECONDS=0 turns the
cache off.
"""

import gzip
import hashlib
import logging
from pathlib import Path

import brotli
from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from registry import data_version

logger = logging.getLogger(__name__)

# URL names (namespace:name) of the pages kept for anonymous visitors. Not here: the
# exports (streamed), the subscription and confirmation pages (forms, tokens), /my/,
# /accounts/, the admin.
PUBLIC_PAGES = frozenset(
    {
        "registry:home",
        "registry:community_list",
        "registry:community_detail",
        "registry:community_feed",
        "registry:contribution_list",
        "registry:contributions_ics",
        "registry:topic_list",
        "registry:topic_detail",
        "registry:function_list",
        "registry:function_detail",
        "registry:impact_list",
        "registry:supporter_list",
        "registry:supporter_feed",
        "registry:coverage",
        "registry:about",
        "registry:sitemap",
        "registry:robots_txt",
        "registry:privacy",
        "registry:vocabulary_jsonld",
        "registry:term_jsonld",
    }
)
# Never looked up: no page under these is ever stored.
# /api/ answers with its own ETags and no cookie (registry/api/).
SKIPPED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/my/",
    "/i18n/",
    "/language/",
    "/static/",
    "/media/",
    "/api/",
)
VARY = "Accept-Language, Cookie, Accept-Encoding"
# Vary values a stored page may carry: the key covers them.
_KEYED_VARY = frozenset({"accept-language", "cookie", "accept-encoding"})
# Headers set per answer, never stored.
_NOT_STORED = frozenset(
    {
        "content-length",
        "content-encoding",
        "etag",
        "last-modified",
        "cache-control",
        "expires",
        "vary",
        "set-cookie",
    }
)
_MAX_URL = 2000  # longer URLs are answered, not stored
_MIN_COMPRESSED = 200  # bytes: smaller bodies are stored as they are
BROTLI_QUALITY = 5  # close to gzip -9's size at gzip -6's speed; stored once per version
GZIP_LEVEL = 6
_ROOT = Path(settings.BASE_DIR)


def is_anonymous_read(request):
    """GET or HEAD without a session cookie or credentials."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def accepted_encoding(request):
    """'br', 'gzip' or '' from Accept-Encoding (q=0 refuses; * allows gzip)."""
    weights = {}
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _sep, params = item.partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key.lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[name.strip().lower()] = weight
    if weights.get("br", 0) > 0:
        return "br"
    if weights.get("gzip", weights.get("*", 0)) > 0:
        return "gzip"
    return ""


def compress(body, encoding):
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    if encoding == "gzip":
        return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    return body


def page_key(request, url, version, encoding):
    """The key of a page: ``url`` is absolute (pages hold absolute links), with its query."""
    language = translation.get_language_from_request(request)
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    return f"page:{version.key}:{data_version.release()}:{language}:{encoding}:{digest}"


def storable(request, response):
    """Whether an anonymous response may be kept for every anonymous visitor."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in PUBLIC_PAGES:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Encoding") or len(request.get_full_path()) > _MAX_URL:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if not vary <= _KEYED_VARY:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def make_entry(response, encoding):
    """(etag, encoding, headers, body): what a hit needs, the body compressed."""
    body = response.content
    etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
    if len(body) < _MIN_COMPRESSED:
        encoding = ""
    headers = tuple((k, v) for k, v in response.items() if k.lower() not in _NOT_STORED)
    return (etag, encoding, headers, compress(body, encoding))


def answer(request, entry, version):
    """The stored page as a response, or 304 when the client's copy is current."""
    etag, encoding, headers, body = entry
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    if encoding:
        response["Content-Encoding"] = encoding
    response["Content-Length"] = str(len(body))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(version.changed_at)
    response["Cache-Control"] = f"public, max-age={settings.PAGE_CACHE_MAX_AGE}"
    response["Vary"] = VARY
    return get_conditional_response(
        request, etag=etag, last_modified=version.changed_at, response=response
    )


class PageCacheMiddleware:
    """Place right after WhiteNoise (and Django's GZipMiddleware), above the session."""

    def __init__(self, get_response):
        self.get_response = get_response
        # The version this process last read: its page is fetched together with the
        # current version, in one round trip, and used only if the two still match.
        self.version_seen = None

    def __call__(self, request):
        timeout = settings.PAGE_CACHE_SECONDS
        if (
            not timeout
            or not is_anonymous_read(request)
            or request.path.startswith(SKIPPED_PREFIXES)
        ):
            return self.get_response(request)
        encoding = accepted_encoding(request)
        url = request.build_absolute_uri()  # checks the host against ALLOWED_HOSTS
        try:
            version, key, entry = self.lookup(request, url, encoding)
        except Exception:
            # A cache that cannot be read must not turn pages into errors.
            logger.warning(
                "Page cache unreachable: %s answered without it", request.path, exc_info=True
            )
            return self.get_response(request)
        if entry is not None:
            return answer(request, entry, version)
        response = self.get_response(request)
        if not storable(request, response):
            return response
        entry = make_entry(response, encoding)
        try:
            data_version.store().set(key, entry, timeout)
        except Exception:
            logger.exception("Page cache unreachable: %s not stored", request.path)
        return answer(request, entry, version)

    def lookup(self, request, url, encoding):
        """(current version, the page's key, the stored entry or None): one cache read
        (the version and the page together, registry/data_version.py read_with()) while
        the version stays the one this process saw last."""
        guess = self.version_seen
        version = None
        if guess is not None:
            key = page_key(request, url, guess, encoding)
            version, entry = data_version.read_with(key)
            if version == guess:
                return guess, key, entry
        # The version moved on (it was just read: no second read), or none was seen yet.
        version = self.version_seen = version or data_version.current()
        key = page_key(request, url, version, encoding)
        return version, key, data_version.store().get(key)
