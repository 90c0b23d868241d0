"""Maintenance: with the database read-only, a write gets a clear 503 page
(with Retry-After) and reads keep working; with the database unreachable, every
request gets that page instead of a traceback."""

import json
import os
import secrets
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from registry import maintenance
from registry.models import Community
from tests.conftest import PASSWORD, require
from tests.html_validity import validate_html

ROOT = Path(__file__).resolve().parent.parent
READ_ONLY_TEXT = "The registry is read-only for maintenance; please try again later."


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        require("POSTGRES", "a read-only database is a PostgreSQL setting (set DATABASE_URL)")


@pytest.fixture
def read_only_database(postgres_only):
    """read_only_database(): from now on every new connection is read-only, as on a
    replica during a fail-over; undone (and the test data flushed) at the end."""
    name = connection.settings_dict["NAME"]

    def switch(on):
        with connection.cursor() as cursor:
            cursor.execute("SET default_transaction_read_only = off")  # this session only
            if on:
                cursor.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            else:
                cursor.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
        connection.close()  # the next query opens a new connection

    yield lambda: switch(True)
    switch(False)


transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def assert_maintenance_page(response):
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    page = response.content.decode()
    assert READ_ONLY_TEXT in page
    assert 'class="site-header"' in page, "the site's own layout"


@pytest.mark.postgres
@transactional
def test_a_write_while_the_database_is_read_only_gets_the_maintenance_page(
    client, make_user, make_community, read_only_database
):
    owner = make_user()
    community = make_community("Frozen network", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    read_only_database()

    response = client.post(reverse("coordinator:community_submit", args=[community.slug]))

    assert_maintenance_page(response)
    community.refresh_from_db()
    assert community.status == Community.Status.DRAFT


@pytest.mark.postgres
@transactional
def test_signing_in_while_the_database_is_read_only_gets_the_maintenance_page_not_429(
    client, settings, make_user, read_only_database
):
    del settings.ACCOUNT_RATE_LIMITS  # allauth's own limits, kept in the database cache
    make_user("reader@example.org")
    read_only_database()

    assert client.get(reverse("account_login")).status_code == 200
    response = client.post(
        reverse("account_login"), {"login": "reader@example.org", "password": PASSWORD}
    )

    assert_maintenance_page(response)


@pytest.mark.postgres
@transactional
def test_reads_keep_working_while_the_database_is_read_only(
    client, make_user, make_community, read_only_database
):
    published = make_community("Readable network")
    owner = make_user()
    draft = make_community("Pending network", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    # A message waits in the session: showing it is a session write.
    overview = client.post(reverse("coordinator:community_submit", args=[draft.slug]))
    assert overview.status_code == 302
    read_only_database()

    for path in (
        reverse("registry:home"),
        reverse("registry:community_list"),
        published.get_absolute_url(),
    ):
        assert client.get(path).status_code == 200, path
    response = client.get(overview["Location"])
    assert response.status_code == 200
    assert "Submitted" in response.content.decode(), "the pending message is shown"


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once closed


def test_an_unreachable_database_gives_the_maintenance_page_not_a_traceback(tmp_path):
    """In a separate process with DEBUG=0 and DATABASE_URL pointing at a closed port."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://ci:ci@127.0.0.1:{_closed_port()}/registry",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    run = {"cwd": ROOT, "env": env, "check": True, "timeout": 120, "capture_output": True}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], **run)  # noqa: S603
    script = textwrap.dedent(
        """
        import json, django
        django.setup()
        from django.test import Client
        client = Client(raise_request_exception=False)
        answers = []
        for method, path in (("get", "/"), ("get", "/communities/"), ("post", "/accounts/login/")):
            response = getattr(client, method)(path, secure=True)
            answers.append([method, path, response.status_code, response.get("Retry-After"),
                            response.content.decode()])
        print(json.dumps(answers))
        """
    )
    env["DJANGO_SETTINGS_MODULE"] = "ipbes_cop.settings"
    result = subprocess.run([sys.executable, "-c", script], **run)  # noqa: S603

    answers = json.loads(result.stdout.decode().strip().splitlines()[-1])
    for method, path, status, retry_after, page in answers:
        assert status == 503, (method, path, status)
        assert retry_after and retry_after.isdigit()
        assert "The registry is unavailable for maintenance; please try again later." in page
        assert "Traceback" not in page


def test_the_maintenance_pages_are_valid_html_in_the_site_layout(rf, tmp_path):
    pages = {}
    for problem in (maintenance.READ_ONLY, maintenance.UNAVAILABLE):
        request = rf.post("/communities/")
        request.user = AnonymousUser()
        response = maintenance.maintenance_response(request, problem)
        assert response.status_code == 503
        assert 'class="site-header"' in response.content.decode()
        pages[problem] = response.content
    assert validate_html(pages, tmp_path) == []
