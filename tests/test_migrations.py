"""Migrations: complete from empty, and no model change lacks its migration."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
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


def test_no_migration_reads_a_file_that_may_change_later():
    # A migration must do the same thing forever: its data lives in the migration.
    for module in (ROOT / "registry" / "migrations").glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert "fixtures" not in source, module.name
        assert "read_text" not in source and "open(" not in source, module.name
        assert "models_module" not in source, module.name


# Refuses every opening of a file under fixtures/ (an audit hook sees all of them),
# then migrates an empty database and counts what the migrations made.
MIGRATE_WITHOUT_FIXTURES = """
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipbes_cop.settings")

FIXTURES = str(Path("fixtures").resolve())


def refuse_fixtures(event, args):
    if event == "open" and isinstance(args[0], (str, Path)):
        if str(Path(args[0]).resolve()).startswith(FIXTURES):
            raise PermissionError(f"a migration opened {args[0]}")


import django

django.setup()
sys.addaudithook(refuse_fixtures)
from django.contrib.auth.models import Group
from django.core.management import call_command

from registry.models import Deliverable, Topic

call_command("migrate", "--no-input", verbosity=0)
print(Topic.objects.count(), Deliverable.objects.count(), Group.objects.count(),
      Group.objects.get(name="Secretariat").permissions.count())
"""


def test_migrate_builds_the_reference_data_and_groups_without_reading_fixtures(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    migrate = subprocess.run(  # noqa: S603
        [sys.executable, "-c", MIGRATE_WITHOUT_FIXTURES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    # The Secretariat's 76 rights from 0003, reading the audit log from 0007, and
    # viewing and changing the privacy notice from 0015.
    assert migrate.stdout.split()[-4:] == ["17", "20", "3", "79"], migrate.stderr


FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "reference_data.json"


@pytest.mark.django_db
def test_the_reference_data_fixture_is_what_the_migrations_built():
    """fixtures/reference_data.json is the vocabulary as it stands, for people and other
    systems to read; the migrations hold their own frozen copies. Editing the fixture
    without a new data migration (or the other way round) fails here."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    simple = {
        "topics": "Topic",
        "scales": "Scale",
        "regions": "Region",
        "member_types": "MemberType",
        "languages": "Language",
        "task_forces": "TaskForce",
        "impact_types": "ImpactType",
        "impact_scales": "ImpactScale",
    }
    for key, model_name in simple.items():
        model = apps.get_model("registry", model_name)
        rows = [list(row) for row in model.objects.order_by("position").values_list("slug", "name")]
        assert rows == data[key], key
    functions = apps.get_model("registry", "Function").objects.order_by("position")
    assert [
        {
            "slug": f.slug,
            "name": f.name,
            "description": f.description,
            "how_to_engage": f.how_to_engage,
        }
        for f in functions
    ] == [
        {k: item[k] for k in ("slug", "name", "description", "how_to_engage")}
        for item in data["functions"]
    ]
    activities = apps.get_model("registry", "ActivityType").objects.order_by("position")
    assert [
        [a.slug, a.name, sorted(a.functions.values_list("slug", flat=True))] for a in activities
    ] == [[slug, name, sorted(functions)] for slug, name, functions in data["activity_types"]]
    deliverables = apps.get_model("registry", "Deliverable").objects.order_by("position")
    assert [[d.slug, d.name, d.kind, d.year_approved] for d in deliverables] == data["deliverables"]
    for name, codenames in data["groups"].items():
        group = Group.objects.get(name=name)
        held = {
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert {c if "." in c else f"registry.{c}" for c in codenames} == held, name
