"""The version of the public data: one value in the shared cache that moves on after
every committed change, so that whatever is cached under it (rendered pages, counts)
is never served once the data it was made from has changed, on any process.

- ``current()`` reads it (one cache read), creating it when absent (a cold or
  flushed cache simply starts a new version).
- ``bump()`` moves it on once the transaction commits (``transaction.on_commit``;
  at once outside a transaction). Every version is a fresh random token, never a
  counter: two processes bumping at once both leave a value no page was stored under,
  and a version evicted from the cache cannot come back and revive old pages.
- ``connect_signals()`` (called by ``RegistryConfig.ready``) bumps on every save,
  delete and many-to-many change of the models shown publicly: every model of the
  registry app but ``NOT_PUBLIC``, and the Site. Code that writes public data with
  ``QuerySet.update()``, ``bulk_create()`` or raw SQL (no signals) calls ``bump()``.
- ``cached(name, parts, compute)``: a value computed once per version (counts, tables).

Each version carries the time it was made (whole seconds, always later than the one
before), which public pages send as Last-Modified.
"""

import functools
import hashlib
import json
import logging
import secrets
import time
from pathlib import Path
from typing import NamedTuple

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import translation

from registry import redis_cache

logger = logging.getLogger(__name__)

# Named to sort after every other key: Django's database cache, when full, culls the
# keys that sort first, and losing the version throws every cached page away.
KEY = "zz:registry:data-version"
DEFAULT_TIMEOUT = 600
_MISSING = object()

# Registry models never shown on a public page, whose writes would otherwise throw
# every cached page away: accounts (a sign-in saves last_login), subscriptions (any
# visitor may ask for one), invitations and the audit log; and the tallies, which
# follow the public data's own writes (registry/tallies.py).
NOT_PUBLIC = frozenset(
    {
        "user",
        "subscription",
        "invitation",
        "invitationsending",
        "auditentry",
        "tally",
        "communitytally",
    }
)
# Models of other apps shown publicly: the Site names the sitemap's host.
OTHER_PUBLIC_MODELS = (("django.contrib.sites", "sites", "Site"),)


class DataVersion(NamedTuple):
    key: str  # a random token, new at every bump
    changed_at: int  # when it was made: seconds since the epoch


def cache():
    """The cache every process shares (CACHES["default"]): the version lives there."""
    return caches["default"]


def store():
    """Where what is kept under a version goes (rendered pages, counts): CACHES["pages"],
    apart from the rate limits, so that a flood of pages (any query string makes one)
    never culls a rate limit's count out of a database cache. The default cache when
    only that one is configured (tests)."""
    return caches["pages" if "pages" in settings.CACHES else "default"]


@functools.cache
def release():
    """A hash of what renders pages and counts (our code, templates, compiled catalogues,
    the static files' manifest): a deploy starts a new set of keys rather than serving
    what the old code made (or linking to static files that are gone)."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for pattern in ("registry/**/*.py", "templates/**/*", "locale/**/*.mo", "ipbes_cop/*.py"):
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def read_with(key):
    """(the version, or None when the cache has none; what ``store()`` holds under
    ``key``, or None): one round trip when the version and the store are one cache,
    or two Redis caches on one server (registry/redis_cache.py)."""
    versions, kept = cache(), store()
    if kept is versions:
        found = versions.get_many([KEY, key])
        return found.get(KEY), found.get(key)
    if isinstance(versions, redis_cache.RedisCache):
        return versions.get_with(KEY, kept, key)
    return versions.get(KEY), kept.get(key)


def current():
    """The current version (created when the cache has none)."""
    store = cache()
    value = store.get(KEY)
    if value is None:
        made = _new(None)
        # Another process may add its own first: then that one is the version.
        value = made if store.add(KEY, made, timeout=None) else (store.get(KEY) or made)
    return value


def _new(previous):
    at = int(time.time())
    if previous is not None:
        # Strictly later, so that If-Modified-Since never hides a change made within
        # the second of the one before.
        at = max(at, previous.changed_at + 1)
    return DataVersion(secrets.token_hex(8), at)


def move_on():
    """A new version now (use ``bump()``, which waits for the commit)."""
    store = cache()
    try:
        store.set(KEY, _new(store.get(KEY)), timeout=None)
    except Exception:
        # Forgetting the version also invalidates everything stored under it.
        logger.exception("The data version could not be moved on; deleting it")
        store.delete(KEY)


def bump():
    """Move the version on once the current transaction commits (at once outside one).

    A test's own transaction never commits and no one else reads meanwhile, so inside
    it the version moves on at once, as production would when the change commits."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block or getattr(
        connection.atomic_blocks[0], "_from_testcase", False
    ):
        move_on()
        return
    # Once per transaction, however many rows it writes.
    if not any(func is move_on for _ids, func, _robust in connection.run_on_commit):
        transaction.on_commit(move_on, robust=True)


def cached(name, parts, compute, timeout=DEFAULT_TIMEOUT):
    """``compute()``, cached until the data changes (or ``timeout`` seconds, which bounds
    what depends on the clock, like "upcoming"). ``parts`` (JSON-able: strings, numbers,
    lists) say what the value depends on besides the data, e.g. the query string; the
    active language is always part of the key."""
    try:
        version = current()
    except Exception:
        logger.exception("Cache unreachable: %s computed without it", name)
        return compute()
    text = json.dumps([translation.get_language(), parts], sort_keys=True, default=str)
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    key = f"data:{name}:{version.key}:{release()}:{digest}"
    kept = store()
    value = kept.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        kept.set(key, value, timeout)
    return value


@checks.register(checks.Tags.caches, deploy=True)
def check_cache_is_shared(app_configs=None, **kwargs):
    """A per-process cache would keep serving a page another process has changed."""
    backend = settings.CACHES["default"]["BACKEND"]
    if getattr(settings, "PAGE_CACHE_SECONDS", 0) and backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "CACHES['default'] is local to each process: the page cache would serve "
                "pages another process has already changed.",
                hint="Use the database or Redis cache, or set PAGE_CACHE_SECONDS=0.",
                id="registry.W001",
            )
        ]
    return []


# --- Signals ------------------------------------------------------------------------


def _changed(sender, **kwargs):
    bump()


def public_models():
    """The models whose every write moves the version on."""
    models = [
        model
        for model in apps.get_app_config("registry").get_models()
        if model._meta.model_name not in NOT_PUBLIC
    ]
    for app, app_label, name in OTHER_PUBLIC_MODELS:
        if apps.is_installed(app):
            models.append(apps.get_model(app_label, name))
    return models


def _migrated(**kwargs):
    # A migration's data changes send no model signal.
    try:
        move_on()
    except Exception:
        logger.warning("The data version could not be moved on after migrate", exc_info=True)


def connect_signals():
    """Bump on post_save, post_delete and m2m_changed of every public model (each
    connected by sender: a receiver for every model would turn Django's fast deletes
    of sessions and queued mail into row-by-row ones), and after every migrate."""
    post_migrate.connect(_migrated, dispatch_uid="registry.data_version.migrate", weak=False)
    for model in public_models():
        uid = f"registry.data_version.{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid, weak=False)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _changed,
                sender=through,
                dispatch_uid=f"registry.data_version.{through._meta.label_lower}",
                weak=False,
            )
