"""Shared fixtures. Factories are fixtures that return callables."""

import datetime
import itertools
import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from registry import services
from registry.models import (
    ActivityType,
    Community,
    Contribution,
    Deliverable,
    Function,
    ImpactExample,
    ImpactScale,
    ImpactType,
    Membership,
    Recommendation,
    Region,
    ReviewRound,
    Scale,
    TaskForce,
    Topic,
)

PASSWORD = "a-long-test-password-2026"
_counter = itertools.count(1)


def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: with a cache outside the test database
    (Redis, local memory), a page or count cached by one test would otherwise reach the
    next. The database cache needs nothing: each test's transaction is rolled back."""
    from django.conf import settings
    from django.core.cache import caches

    for alias, config in settings.CACHES.items():
        if not config["BACKEND"].endswith("DatabaseCache"):
            caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Each test starts in English: a request leaves its language active in the thread
    (LocaleMiddleware does not undo it), which would reach the next test's messages."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    from django.core.cache import caches

    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Uploads stay on disk in every test, even when S3_BUCKET is set (CI's PostgreSQL run):
    # tests/test_storage_s3.py switches to the bucket itself.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_URL = "/media/"
    settings.ACCOUNT_RATE_LIMITS = False
    settings.SITE_URL = "http://testserver"
    # Rendered pages are not kept between requests, so query counts measure the views
    # and a clock moved by a test shows at once; tests/test_page_cache.py turns it on.
    settings.PAGE_CACHE_SECONDS = 0
    # A cache outside the database, as in production (Redis): its reads and writes are
    # not SQL queries, so query counts measure the pages. Emptied for every test.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
        }
    }
    caches["default"].clear()
    # Fast hashing: tests make many users; production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def page_cache(settings):
    """The page cache on, in a local-memory cache (no database query on a hit), empty."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-tests",
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


@pytest.fixture
def make_user(db):
    def make(
        email=None, *, groups=(), staff=None, superuser=False, verified=True, name=None, **extra
    ):
        from allauth.account.models import EmailAddress

        n = next(_counter)
        email = email or f"user{n}@example.org"
        User = get_user_model()
        user = User.objects.create_user(
            email=email,
            display_name=name or email.split("@")[0].replace(".", " ").title(),
            password=PASSWORD,
            is_staff=bool(groups) or superuser if staff is None else staff,
            is_superuser=superuser,
            **extra,
        )
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        if verified:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def secretariat(make_user):
    return make_user("secretariat@example.org", groups=["Secretariat"])


@pytest.fixture
def bureau(make_user):
    return make_user("bureau@example.org", groups=["Bureau"])


@pytest.fixture
def task_force(make_user):
    return make_user("taskforce@example.org", groups=["Task force"])


@pytest.fixture
def make_community(db, make_user):
    def make(
        name=None,
        *,
        status=Community.Status.PUBLISHED,
        owner=None,
        topics=("pollination",),
        functions=(),
        regions=(),
        scales=(),
        **fields,
    ):
        n = next(_counter)
        name = name or f"Community {n}"
        community = Community.objects.create(
            name=name,
            slug=fields.pop("slug", None) or services.unique_community_slug(name),
            summary=fields.pop("summary", f"What {name} does."),
            status=status,
            **fields,
        )
        community.topics.set(Topic.objects.filter(slug__in=topics))
        community.functions.set(Function.objects.filter(slug__in=functions))
        community.regions.set(Region.objects.filter(slug__in=regions))
        community.scales.set(Scale.objects.filter(slug__in=scales))
        if owner is not None:
            Membership.objects.create(user=owner, community=community, role=Membership.Role.OWNER)
        if status == Community.Status.PUBLISHED and community.published_at is None:
            from django.utils import timezone

            community.published_at = timezone.now()
            community.save(update_fields=["published_at"])
        return community

    return make


@pytest.fixture
def make_contribution(db):
    def make(community, *, activity="uptake-event", title=None, start_date=None, **fields):
        n = next(_counter)
        topics = fields.pop("topics", ())
        deliverables = fields.pop("deliverables", ())
        contribution = Contribution.objects.create(
            community=community,
            activity_type=ActivityType.objects.get(slug=activity),
            title=title or f"Contribution {n}",
            start_date=start_date or datetime.date(2025, 5, 1),
            **fields,
        )
        contribution.topics.set(Topic.objects.filter(slug__in=topics))
        contribution.deliverables.set(Deliverable.objects.filter(slug__in=deliverables))
        return contribution

    return make


@pytest.fixture
def make_impact_example(db):
    def make(community, *, title=None, **fields):
        n = next(_counter)
        deliverables = fields.pop("deliverables", ("pollinators",))
        example = ImpactExample.objects.create(
            community=community,
            impact_type=fields.pop("impact_type", None) or ImpactType.objects.get(slug="policy"),
            impact_scale=fields.pop("impact_scale", None)
            or ImpactScale.objects.get(slug="national"),
            title=title or f"Impact {n}",
            date=fields.pop("date", datetime.date(2024, 3, 1)),
            **fields,
        )
        example.deliverables.set(Deliverable.objects.filter(slug__in=deliverables))
        return example

    return make


@pytest.fixture
def make_round(db):
    def make(title=None, *, status=ReviewRound.Status.OPEN, meeting_date=None):
        from django.utils import timezone

        n = next(_counter)
        return ReviewRound.objects.create(
            title=title or f"Bureau meeting {n}",
            meeting_date=meeting_date or datetime.date(2026, 12, 1),
            status=status,
            closed_at=timezone.now() if status == ReviewRound.Status.CLOSED else None,
        )

    return make


@pytest.fixture
def make_recommendation(db, make_user):
    def make(community, *, by=None, status=Recommendation.Status.DRAFT, round=None, **fields):
        by = by or make_user(groups=["Task force"])
        return Recommendation.objects.create(
            community=community,
            task_force=fields.pop("task_force", None) or TaskForce.objects.first(),
            rationale=fields.pop("rationale", "They ran three uptake events."),
            conflict_of_interest=fields.pop("conflict_of_interest", "none"),
            recommended_by=by,
            status=status,
            round=round,
            **fields,
        )

    return make


@pytest.fixture
def sent_mail():
    """Deliver the mail queue now and return what went out (locmem outbox)."""
    from django.core import mail
    from mailer import engine

    def deliver():
        engine.send_all()
        return list(mail.outbox)

    return deliver


@pytest.fixture
def site_data(
    make_community, make_contribution, make_impact_example, make_round, make_recommendation, bureau
):
    """site_data(n): demo-like public data (tests/public_site_data.py) of size n."""
    from tests.public_site_data import build

    def make(n):
        return build(
            n=n,
            make_community=make_community,
            make_contribution=make_contribution,
            make_impact_example=make_impact_example,
            make_round=make_round,
            make_recommendation=make_recommendation,
            bureau=bureau,
        )

    return make


def ensure_reference_data():
    """Reload the reference data and groups that migrations create, when a
    transactional test's flush has removed them (idempotent)."""
    import importlib

    from django.apps import apps
    from django.contrib.sites.models import Site

    if not Site.objects.exists():
        importlib.import_module("registry.migrations.0006_site").name_site(apps, None)
    if Topic.objects.exists() and Group.objects.filter(name="Secretariat").exists():
        return
    importlib.import_module("registry.migrations.0002_reference_data").load(apps, None)
    importlib.import_module("registry.migrations.0003_groups").create_groups(apps, None)


@pytest.fixture(autouse=True)
def _writes_committed_before_queries_are_counted(monkeypatch):
    """A test's transaction never commits, so the lists' tallies are recounted for its
    writes when next read (registry/tallies.py), where production recounts on commit.
    A block that counts queries (CaptureQueriesContext, django_assert_num_queries)
    stands for a later request: the writes before it are counted first."""
    from django.test.utils import CaptureQueriesContext

    from registry import tallies

    enter = CaptureQueriesContext.__enter__

    def entered(self):
        tallies.flush()
        return enter(self)

    monkeypatch.setattr(CaptureQueriesContext, "__enter__", entered)


@pytest.fixture(autouse=True)
def _complete_reference_data(request):
    """Transactional tests (live server, threads) flush the database when they end,
    and Django's serialized rollback does not always restore it (not when
    Playwright's event loop runs in the main thread): reload what migrations made."""
    marker = request.node.get_closest_marker("django_db")
    if (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or (marker is not None and marker.kwargs.get("transaction"))
    ):
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


def require(kind, reason):
    """Skip locally when a tool is absent; fail in CI, where it must be present."""
    if os.environ.get(f"REQUIRE_{kind}"):
        pytest.fail(f"{reason} (REQUIRE_{kind} is set, so this must run here)")
    pytest.skip(reason)
