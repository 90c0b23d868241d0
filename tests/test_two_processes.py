"""Beyond one machine: two app server processes (gunicorn with gunicorn.conf.py,
DEBUG=0, as in production) on one PostgreSQL and one Redis behave as one site.

- An edit through one process is on the other's public pages at the next request,
  even when that process has just shown the old page to an anonymous visitor (a page
  cached for anonymous visitors must not outlive the change).
- A session opened on one is valid on the other.
- allauth's limit on failed sign-ins counts across both: failures spread over the
  two processes add up, and the next attempt is refused on either.

Needs PostgreSQL and REDIS_URL: skipped with the reason otherwise; CI sets
REQUIRE_POSTGRES=1 and REQUIRE_REDIS=1, so there it fails rather than skips.
"""

import contextlib
import http.client
import importlib.util
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import global_settings, settings
from django.db import connection
from django.urls import reverse

from registry.models import Topic
from tests.conftest import PASSWORD, is_postgres, require

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ADDRESS = "203.0.113.9"  # as the proxy reports it (BEHIND_PROXY=1)
FAILED_SIGN_INS_ALLOWED = 5  # allauth's default: 5 failed attempts per address per 5 minutes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _require_services():
    if not is_postgres():
        require("POSTGRES", "needs PostgreSQL: both app servers share one database")
    if not settings.REDIS_URL:
        require("REDIS", "REDIS_URL is not set: both app servers need one shared Redis cache")
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        require("REDIS", f"Redis at REDIS_URL does not answer ({error})")
    missing = [name for name in ("gunicorn", "gevent") if importlib.util.find_spec(name) is None]
    if missing:
        require("POSTGRES", f"{', '.join(missing)} not installed (pip install -e .)")


def _database_url():
    """The test database, which the servers share with this test (committed writes)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Visitor:
    """One browser: its own cookies, whichever server it sends a request to."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, fields=None):
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT_ADDRESS}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{port}"
        server = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            server.request(method, path, body=body, headers=headers)
            response = server.getresponse()
            text = response.read().decode()
        finally:
            server.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, response.headers, text

    def get(self, port, path):
        return self.request(port, "GET", path)

    def submit(self, port, path, fields):
        """Open the form page, then post the form with its CSRF token."""
        status, _, page = self.get(port, path)
        assert status == 200, (path, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(port, "POST", path, {**fields, "csrfmiddlewaretoken": token})


def _errors(page):
    return " | ".join(re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', page, re.S)) or page[:2000]


def _start(name, env, tmp_path):
    """One gunicorn process (one worker) as production starts it; returns its port,
    the Popen, its pidfile and its log."""
    port = _free_port()
    pidfile, log = tmp_path / f"{name}.pid", tmp_path / f"{name}.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = (
        f'echo $$ > "{pidfile}"; exec "{gunicorn}" ipbes_cop.wsgi -w 1 '
        f"-b 127.0.0.1:{port} --no-control-socket"
    )
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            ["/bin/sh", "-c", command],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return port, process, pidfile, log


def _stop(process, pidfile):
    if process.poll() is not None:
        return
    deadline = time.monotonic() + 10
    while not (pidfile.exists() and pidfile.read_text().strip()):
        if time.monotonic() > deadline or process.poll() is not None:
            return
        time.sleep(0.1)
    pid = int(pidfile.read_text())  # gunicorn's own PID (sh exec'd it)
    os.kill(pid, signal.SIGTERM)
    try:
        process.wait(timeout=25)
    except subprocess.TimeoutExpired:
        os.kill(pid, signal.SIGKILL)
        process.wait(timeout=5)


def _wait_until_up(port, process, log):
    deadline = time.monotonic() + 60
    while True:
        try:
            if Visitor().get(port, "/robots.txt")[0] == 200:
                return
        except OSError:
            pass
        assert process.poll() is None, "gunicorn exited:\n" + log.read_text()
        assert time.monotonic() < deadline, "gunicorn did not start:\n" + log.read_text()
        time.sleep(0.3)


@pytest.fixture(scope="module")
def server_environment(django_db_setup, tmp_path_factory):
    """The servers' environment, production's, on the test database and Redis; the
    static files collected once for this module."""
    _require_services()
    tmp_path = tmp_path_factory.mktemp("two_processes")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ACCOUNT_RATE_LIMITS_OFF", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=_database_url(),
        REDIS_URL=settings.REDIS_URL,
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        DEBUG="0",
        BEHIND_PROXY="1",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECRET_KEY=secrets.token_urlsafe(64),  # one key for both, as on every machine
        MAIL_DELIVER_ON_COMMIT="0",  # mail waits in the queue: no SMTP server here
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return env


@pytest.fixture
def two_servers(server_environment, settings, tmp_path):
    """Ports of two gunicorn processes, A and B, started for this test (fresh processes:
    nothing one test's data left in a process's memory reaches the next)."""
    # Passwords hashed as the servers check them (the other tests use a fast hasher).
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    with contextlib.ExitStack() as stack:
        started = []
        for name in ("a", "b"):
            port, process, pidfile, log = _start(name, server_environment, tmp_path)
            stack.callback(_stop, process, pidfile)
            started.append((port, process, log))
        for port, process, log in started:
            _wait_until_up(port, process, log)
        servers = Servers((started[0][0], started[1][0]))
        servers.logs = [log for _port, _process, log in started]
        yield servers


class Servers(tuple):
    """The two ports (``a, b = two_servers``), and ``logs``: each server's log file."""


def test_an_edit_through_one_process_shows_on_the_other_at_once(
    two_servers, make_user, make_community
):
    a, b = two_servers
    owner = make_user("owner@example.org")
    community = make_community("Old river network", owner=owner, summary="Rivers.")
    detail = reverse("registry:community_detail", args=[community.slug])
    listing = reverse("registry:community_list")

    # An anonymous visitor reads the pages through B (which may cache them for everyone).
    for path in (detail, listing):
        status, _, page = Visitor().get(b, path)
        assert status == 200 and "Old river network" in page, path

    # The coordinator signs in through A; the session is good on B too.
    coordinator = Visitor()
    status, _, page = coordinator.submit(
        a, reverse("account_login"), {"login": "owner@example.org", "password": PASSWORD}
    )
    assert status == 302, "signed in through A: " + _errors(page)
    status, _, dashboard = coordinator.get(b, reverse("coordinator:dashboard"))
    assert status == 200 and "Old river network" in dashboard, "B knows A's session"

    # A filtered list through B counts from its bitmaps, read when its worker started.
    assert all("Bitmaps read:" in log.read_text() for log in two_servers.logs)
    pollination, nexus = f"{listing}?topic=pollination", f"{listing}?topic=nexus"
    assert "Old river network" in Visitor().get(b, pollination)[2]
    assert "Old river network" not in Visitor().get(b, nexus)[2]

    # The edit, through A (its topic too).
    edit = reverse("coordinator:community_edit", args=[community.slug])
    fields = {
        "name": "New river network",
        "summary": "Rivers.",
        "topics": [Topic.objects.get(slug="nexus").pk],
    }
    status, _, page = coordinator.submit(a, edit, fields)
    assert status == 302, "the edit was saved: " + _errors(page)

    # The next anonymous request through B shows it, on both pages.
    for path in (detail, listing):
        status, _, page = Visitor().get(b, path)
        assert status == 200, path
        assert "New river network" in page and "Old river network" not in page, path
        status, _, page = Visitor().get(a, path)
        assert "New river network" in page and "Old river network" not in page, path
    # B's bitmaps follow A's write: the community moved from one topic's list to the other.
    assert "river network" not in Visitor().get(b, pollination)[2]
    assert "New river network" in Visitor().get(b, nexus)[2]


def test_failed_sign_ins_spread_over_both_processes_add_up(two_servers, make_user):
    a, b = two_servers
    make_user("target@example.org")
    login = reverse("account_login")
    wrong = {"login": "target@example.org", "password": "not-the-password-at-all"}
    too_many = "Too many failed login attempts"

    for attempt in range(FAILED_SIGN_INS_ALLOWED):
        port = (a, b)[attempt % 2]  # A, B, A, B, A: neither process alone saw five
        status, _, page = Visitor().submit(port, login, wrong)
        assert status == 200, attempt
        assert too_many not in page, f"attempt {attempt + 1} was refused early"

    # The next attempt is refused on either process, even with the right password.
    right = {**wrong, "password": PASSWORD}
    for port in (b, a):
        visitor = Visitor()
        status, _, page = visitor.submit(port, login, right)
        assert status == 200 and too_many in page, port
        assert visitor.get(port, reverse("coordinator:dashboard"))[0] == 302, "not signed in"
