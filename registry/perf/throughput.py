"""Throughput against the production server: gunicorn with the project's gunicorn.conf.py
(gevent, here 2 workers), DEBUG=0, on the database of this process, measured with wrk.

Each page is measured right after a static CSS file served by the same server, and
the report gives the ratio of the two request rates: a figure that says how far the
page is from the cheapest thing the server can answer, on whatever machine it runs.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

STATIC_PATH = "/static/css/site.css"
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
INSTALL_HINT = "wrk is not installed (Debian: apt-get install wrk): throughput skipped."


def wrk_path():
    return shutil.which("wrk")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url():
    """The database of this process, as a URL for the server's environment."""
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if "DATABASE_URL" in os.environ:
        return os.environ["DATABASE_URL"]
    user, password = db.get("USER", ""), db.get("PASSWORD", "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class ProductionServer:
    """gunicorn as production runs it, started in a context, stopped by its recorded PID."""

    def __init__(self, *, workers=2):
        self.workers = workers
        self.folder = Path(tempfile.mkdtemp(prefix="ipbes-bench-server-"))
        self.port = _free_port()
        self.pid = None
        self.process = None

    def environment(self):
        return {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BEHIND_PROXY": "1",
            "STATIC_ROOT": str(self.folder / "static"),
            "MEDIA_ROOT": str(self.folder / "media"),
            "GUNICORN_WORKERS": str(self.workers),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_LOG_LEVEL": "warning",
        }

    def __enter__(self):
        root = Path(settings.BASE_DIR)
        env = self.environment()
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=root,
            env=env,
            check=True,
            timeout=300,
        )
        gunicorn = Path(sys.executable).with_name("gunicorn")
        pidfile, self.log = self.folder / "server.pid", self.folder / "server.log"
        command = f'echo $$ > "{pidfile}"; exec "{gunicorn}" ipbes_cop.wsgi --no-control-socket'
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603
                ["/bin/sh", "-c", command],  # noqa: S607
                cwd=root,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            if self.pid is None and pidfile.exists() and pidfile.read_text().strip():
                self.pid = int(pidfile.read_text())
            try:
                if self.get("/robots.txt") == 200:
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.__exit__(None, None, None)
                raise RuntimeError("gunicorn did not start:\n" + self.log.read_text()[-3000:])
            time.sleep(0.3)

    def __exit__(self, *exc):
        if self.pid is not None and self.process.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, timeout=30):
        request = urllib.request.Request(self.url(path), headers=HEADERS)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def wrk(url, *, seconds, connections):
    """Requests per second wrk measured, and how many answers were not 2xx/3xx."""
    command = [wrk_path(), "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    )
    rate = re.search(r"Requests/sec:\s*([\d.]+)", result.stdout)
    errors = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", result.stdout)
    return (float(rate.group(1)) if rate else 0.0), (int(errors.group(1)) if errors else 0)


def measure(paths, *, seconds=5, connections=8, workers=2, progress=None):
    """{path: {rps, static_rps, ratio, errors}} for each path, or None without wrk."""
    if not wrk_path():
        return None
    found = {}
    with ProductionServer(workers=workers) as server:
        if server.get(STATIC_PATH) != 200:
            raise RuntimeError(f"The static file {STATIC_PATH} is not served.")
        for path in paths:
            try:
                server.get(path, timeout=120)  # warm: the worker's first request, the cache
                static_rps, _errors = wrk(
                    server.url(STATIC_PATH), seconds=seconds, connections=connections
                )
                rps, errors = wrk(server.url(path), seconds=seconds, connections=connections)
                found[path] = {
                    "rps": rps,
                    "static_rps": static_rps,
                    "ratio": rps / static_rps if static_rps else 0.0,
                    "errors": errors,
                }
            except (OSError, subprocess.SubprocessError) as error:
                # Reported in the table (a page too slow to answer), not hidden.
                found[path] = {"failed": f"{type(error).__name__}: {error}"[:200]}
            # A light request, answered once the requests wrk left in flight (a slow
            # page) are done: CPU-bound requests do not yield to other greenlets.
            server.get("/robots.txt", timeout=300)
            if progress:
                progress(1)
    return found
