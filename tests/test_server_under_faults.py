"""The production server (gunicorn with the shipped gunicorn.conf.py) keeps
answering while slow clients hold connections open: 30 clients sending one
header line every 3 s do not stop other visitors' requests."""

import contextlib
import http.client
import importlib.util
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SLOW_CLIENTS = 30
HEADER_INTERVAL = 3.0  # seconds between two header lines of a slow client
SLOW_PHASE = 10.0  # seconds the slow clients keep dripping while we measure
ANSWER_WITHIN = 5.0  # upper bound for each normal request meanwhile


def _require_gunicorn():
    missing = [name for name in ("gunicorn", "gevent") if importlib.util.find_spec(name) is None]
    if not missing:
        return
    reason = f"{', '.join(missing)} not installed (pip install -e .)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true, so the production-server test must run here")
    pytest.skip(reason)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port, path, timeout):
    """One request from a normal client: (status, seconds taken)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        response.read()
        return response.status, time.monotonic() - started
    finally:
        connection.close()


@pytest.fixture
def production_server(tmp_path):
    """gunicorn as production runs it (DEBUG=0, the prod-smoke environment) on a
    throwaway SQLite database; yields its port, then stops it by its recorded PID."""
    _require_gunicorn()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'server.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DEBUG": "0",
        "BEHIND_PROXY": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": secrets.token_urlsafe(64),
    }
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=120
        )
    port, pidfile, log = _free_port(), tmp_path / "server.pid", tmp_path / "server.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = (
        f'echo $$ > "{pidfile}"; exec "{gunicorn}" ipbes_cop.wsgi -w 2 '
        f"-b 127.0.0.1:{port} --no-control-socket"
    )
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603
            ["/bin/sh", "-c", command],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid = None
    try:
        deadline = time.monotonic() + 30
        while True:
            if pid is None and pidfile.exists() and pidfile.read_text().strip():
                pid = int(pidfile.read_text())
            try:
                if _get(port, "/robots.txt", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not start:\n" + log.read_text()
            time.sleep(0.3)
        yield port, log
    finally:
        if pid is None and pidfile.exists():
            pid = int(pidfile.read_text())
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(pid, signal.SIGKILL)
                server.wait(timeout=5)


def test_slow_clients_do_not_stop_the_site_for_other_visitors(production_server):
    port, log = production_server
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(client)

        answers, line = [], 0
        phase_ends = time.monotonic() + SLOW_PHASE
        next_drip = time.monotonic() + HEADER_INTERVAL
        while time.monotonic() < phase_ends:
            for path in ("/", "/communities/"):
                started = time.monotonic()
                try:
                    status, seconds = _get(port, path, timeout=ANSWER_WITHIN)
                except OSError as error:  # a timeout: the site is stuck
                    status, seconds = repr(error), time.monotonic() - started
                answers.append((path, status, round(seconds, 2)))
            if time.monotonic() >= next_drip:
                for client in slow:
                    with contextlib.suppress(OSError):  # the server may drop a slow client
                        client.sendall(b"X-Slow-%d: 1\r\n" % line)
                line += 1
                next_drip += HEADER_INTERVAL
            time.sleep(0.5)

        assert line >= 2, "the slow clients kept sending header lines during the test"
        assert answers and all(status == 200 for _, status, _ in answers), answers
        assert all(seconds < ANSWER_WITHIN for _, _, seconds in answers), answers
        assert "Using worker: gevent" in log.read_text(), "gunicorn.conf.py was read"
    finally:
        for client in slow:
            client.close()
