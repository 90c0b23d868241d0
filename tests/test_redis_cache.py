"""The Redis cache backend (registry/redis_cache.py), against a real Redis server.

A page served from the cache costs one round trip to Redis and no new client object:
the version (CACHES["default"]) and the page (CACHES["pages"]) are read with one MGET,
counted here by the server itself (INFO commandstats).

Needs REDIS_URL: skipped with the reason otherwise; CI's PostgreSQL run sets it and
REQUIRE_REDIS=1, so there it fails rather than skips."""

import os
from urllib.parse import urlsplit

import pytest
import redis
from django.core.cache import caches
from django.test import Client

from registry import data_version
from tests.conftest import require

pytestmark = pytest.mark.django_db

PREFIX = "tests-redis-cache"


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    if not url:
        require("REDIS", "REDIS_URL is not set: these tests need a Redis server")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        require("REDIS", f"Redis at REDIS_URL does not answer ({error})")
    return url


def _alias(url, prefix):
    return {
        "BACKEND": "registry.redis_cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


@pytest.fixture
def redis_caches(settings, redis_url):
    """CACHES as production has them with REDIS_URL: the default cache and the pages
    on one Redis server, each with its own prefix."""
    settings.CACHES = {
        "default": _alias(redis_url, PREFIX),
        "pages": _alias(redis_url, f"{PREFIX}pages"),
    }
    yield caches["default"], caches["pages"]
    for alias in ("default", "pages"):
        server = caches[alias]._cache.get_client(write=True)
        keys = list(server.scan_iter(match=f"{caches[alias].key_prefix}:*"))
        if keys:
            server.delete(*keys)


def _commands(cache):
    """{command: calls} as the Redis server counts them since the last reset, but the
    counting's own (CONFIG RESETSTAT, INFO)."""
    stats = cache._cache.get_client(write=True).info("commandstats")
    counted = {name.removeprefix("cmdstat_"): row["calls"] for name, row in stats.items()}
    return {name: n for name, n in counted.items() if not name.startswith(("config", "info"))}


def _reset_counts(cache):
    cache._cache.get_client(write=True).config_resetstat()


def test_one_client_serves_every_call_to_a_server(redis_caches):
    cache, _pages = redis_caches
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first  # one server: one pool

    cache.set("greeting", {"text": "hello"}, 30)
    cache.set("hits", 1, 30)
    cache.incr("hits", 2)
    assert cache.get("greeting") == {"text": "hello"}
    assert cache.get_many(["greeting", "hits", "absent"]) == {
        "greeting": {"text": "hello"},
        "hits": 3,
    }
    assert cache.add("greeting", "other") is False
    assert cache.delete("greeting") is True
    assert cache.get("greeting", "gone") == "gone"


def test_every_thread_shares_the_process_connections(redis_caches):
    """Each thread (each request's greenlet under gunicorn's gevent workers) gets
    backend objects of its own from ``caches``; they share one client and its pool,
    so a request on a new thread opens no connection to Redis."""
    import threading

    cache, pages = redis_caches
    cache.set("warm", 1, 30)  # this process's connection, opened
    server = cache._cache.get_client(write=True)
    before = server.info("stats")["total_connections_received"]
    seen = []

    def a_request():
        mine = caches["default"]
        seen.append((mine is cache, mine._cache is cache._cache, caches["pages"]._cache))
        assert mine.get("warm") == 1

    for _n in range(5):
        thread = threading.Thread(target=a_request)
        thread.start()
        thread.join()

    assert seen == [(False, True, cache._cache)] * 5
    assert pages._cache is cache._cache  # one server, the same options: one client
    assert server.info("stats")["total_connections_received"] == before


def test_get_with_reads_two_caches_on_one_server_in_one_round_trip(redis_caches):
    cache, pages = redis_caches
    cache.set("version", "v1", 30)
    pages.set("page", b"<html>", 30)
    pages.set("version", "not the default cache's", 30)  # same name, other prefix
    _reset_counts(cache)

    assert cache.get_with("version", pages, "page") == ("v1", b"<html>")
    assert cache.get_with("absent", pages, "version") == (None, "not the default cache's")

    counted = _commands(cache)
    assert counted.get("mget") == 2
    assert "get" not in counted


def test_get_with_another_server_reads_each_cache(redis_caches, redis_url, settings):
    cache, _pages = redis_caches
    parts = urlsplit(redis_url)
    database = int(parts.path.strip("/") or 0)
    elsewhere_url = parts._replace(path=f"/{(database + 1) % 16}").geturl()
    settings.CACHES = {**settings.CACHES, "elsewhere": _alias(elsewhere_url, PREFIX)}
    elsewhere = caches["elsewhere"]
    assert not cache.shares_server_with(elsewhere)
    try:
        cache.set("version", "v1", 30)
        elsewhere.set("page", "from the other database", 30)
        assert cache.get_with("version", elsewhere, "page") == ("v1", "from the other database")
        assert cache.get_with("page", elsewhere, "version") == (None, None)
    finally:
        elsewhere.delete("page")


def test_a_page_from_the_cache_is_one_round_trip_to_redis(redis_caches, settings, make_community):
    """As production runs: the version in the default cache, the pages in their own
    prefix on the same server. A repeated anonymous request reads both with one MGET
    and writes nothing."""
    settings.PAGE_CACHE_SECONDS = 600
    cache, pages = redis_caches
    community = make_community("Read In One Trip")
    visitor = Client()
    url = f"/communities/{community.slug}/"
    first = visitor.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200
    _reset_counts(cache)

    again = visitor.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert again.status_code == 200
    assert again.content == first.content
    assert _commands(cache) == {"mget": 1}
    assert data_version.read_with("absent")[0] == data_version.current()
