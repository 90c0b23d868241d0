"""Migrations: complete from empty, and no model change lacks its migration."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_migrate_alone_gives_a_complete_database_on_sqlite(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    migrate = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    counts = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from registry.models import *; from django.contrib.auth.models import Group;"
            "from django.core.cache import cache; cache.set('k', 1);"
            "print(Topic.objects.count(), Function.objects.count(), ActivityType.objects.count(),"
            " Group.objects.count(), cache.get('k'))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert counts.stdout.split()[-5:] == ["17", "4", "20", "3", "1"], counts.stderr


@pytest.mark.django_db
def test_the_test_database_was_migrated_from_empty_on_this_engine():
    # pytest-django builds the test database by running every migration from empty,
    # on SQLite locally and on PostgreSQL in CI's second run.
    from django.db import connection

    from registry.models import Topic

    assert Topic.objects.count() == 17
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname = 'registry_community_search_idx'"
            )
            assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_the_site_is_named_after_the_registry_on_the_site_url_host():
    from django.contrib.sites.models import Site

    site = Site.objects.get_current()
    assert site.name == "IPBES communities of practice registry"
    assert site.domain != "example.com"
