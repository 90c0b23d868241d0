"""Production settings refuse unsafe values; safe ones pass Django's deploy checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = secrets.token_urlsafe(64)


def manage(*args, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests and would fail --deploy.
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_debug_off_without_a_secret_key_stops_with_a_message():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="registry.example.org")
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_debug_off_with_the_development_key_stops():
    result = manage(
        "check",
        DEBUG="0",
        SECRET_KEY="dev-only-insecure-key-change-me",
        ALLOWED_HOSTS="registry.example.org",
    )
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_debug_off_without_allowed_hosts_stops_with_a_message():
    result = manage("check", DEBUG="0", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "set ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deploy_checks():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="registry.example.org",
    )
    assert result.returncode == 0, result.stderr


def test_the_six_un_languages_english_first(settings):
    assert [code for code, _ in settings.LANGUAGES] == ["en", "fr", "es", "ar", "zh-hans", "ru"]
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE


def test_database_url_selects_postgresql_with_health_checked_connections():
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import ipbes_cop.settings as s; d = s.DATABASES['default'];"
            "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "60", "True"]


def test_mail_is_queued_in_the_database():
    # (Django's test environment swaps EMAIL_BACKEND for locmem, so read the module.)
    import ipbes_cop.settings as configured

    assert configured.EMAIL_BACKEND == "registry.mail_backend.QueueThenSendBackend"
