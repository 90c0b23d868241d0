"""`make bench`: seed a database per size (or reuse it), benchmark each, one report.

Each size gets its own database, never the one in DATABASE_URL: a SQLite file under
``data_dir`` (/tmp/ipbes-bench by default), or with a PostgreSQL base URL
(BENCH_DATABASE_URL) a database named after it with the size appended
(``ipbes_bench`` -> ``ipbes_bench_10000``), created when missing. A marker file in
``data_dir`` records what was seeded; a database whose marker and row counts match
is reused, so a second run does not seed again. A database is only ever dropped to
be reseeded when its marker says this suite made it.

Seeding and benchmarking run as child processes (``manage.py seed_demo`` and
``manage.py benchmark --json``) with DATABASE_URL pointing at the size's database;
their progress bars show on stderr.
"""

import datetime
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

START = "<!-- make bench: results start -->"
END = "<!-- make bench: results end -->"
SEED = 2026


class SuiteError(Exception):
    pass


def _manage(*args, env, capture=False):
    """Run ``manage.py`` with ``env``; its stderr (progress) goes to ours."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else sys.stderr,
        text=True,
    )


def _hide_password(url):
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class SizedDatabase:
    """The database of one size: its URL, marker, and how to create or drop it."""

    def __init__(self, size, *, base_url, data_dir):
        self.size = size
        self.data_dir = Path(data_dir)
        if base_url:
            parts = urlsplit(base_url)
            if not parts.scheme.startswith("postgres"):
                raise SuiteError("BENCH_DATABASE_URL must be a postgres:// URL.")
            self.name = f"{parts.path.lstrip('/') or 'ipbes_bench'}_{size}"
            if not re.fullmatch(r"[A-Za-z0-9_]+", self.name):
                raise SuiteError(f"Unusable database name: {self.name}")
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self.base_parts = parts
        else:
            self.name = f"bench-{size}"
            self.url = f"sqlite:///{self.data_dir / f'{self.name}.sqlite3'}"
            self.base_parts = None
        self.marker = self.data_dir / f"{self.name}.seeded.json"

    @property
    def is_postgresql(self):
        return self.base_parts is not None

    def env(self, **extra):
        return {**os.environ, "DATABASE_URL": self.url, **extra}

    def _admin(self, sql, params=()):
        import psycopg

        parts = self.base_parts
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            result = admin.execute(sql, params)
            return result.fetchall() if sql.startswith("SELECT") else None

    def exists(self):
        if self.is_postgresql:
            return bool(self._admin("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]))
        return Path(self.url.removeprefix("sqlite:///")).exists()

    def create(self):
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.is_postgresql and not self.exists():
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        """Only a database this suite seeded (its marker says so)."""
        if not self.marker.exists():
            if self.exists():
                raise SuiteError(
                    f"{_hide_password(self.url)} exists but was not seeded by this suite: "
                    "drop it yourself or choose another BENCH_DATABASE_URL."
                )
            return
        if self.is_postgresql:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
        else:
            Path(self.url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        self.marker.unlink()

    def counts(self):
        out = _manage("benchmark", "--print-counts", env=self.env(), capture=True).stdout
        return [int(n) for n in out.split()[-2:]]

    def read_marker(self):
        try:
            return json.loads(self.marker.read_text())
        except (OSError, ValueError):
            return None


def prepare(database, *, per_community, log):
    """Seed ``database`` unless its marker and counts show it is seeded already:
    {"seconds": seeding time, "reused": bool, "communities": n, "contributions": n}."""
    wanted = {"communities": database.size, "per_community": per_community, "seed": SEED}
    marker = database.read_marker()
    if marker and {key: marker.get(key) for key in wanted} == wanted and database.exists():
        _manage("migrate", "--no-input", "-v0", env=database.env())
        if database.counts() == marker["counts"]:
            log(f"{database.name}: reusing the database seeded earlier.")
            return {**marker, "reused": True}
    database.drop()
    database.create()
    log(f"{database.name}: migrating and seeding {database.size} communities.")
    _manage("migrate", "--no-input", "-v0", env=database.env())
    started = time.perf_counter()
    _manage(
        "seed_demo",
        "--communities",
        str(database.size),
        "--contributions",
        str(database.size * per_community),
        "--seed",
        str(SEED),
        env=database.env(DEBUG="1"),
    )
    seconds = time.perf_counter() - started
    marker = {
        **wanted,
        "counts": database.counts(),
        "seconds": round(seconds, 1),
        "seeded_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    database.marker.write_text(json.dumps(marker, indent=1))
    return {**marker, "reused": False}


def run(sizes, *, per_community, base_url, data_dir, benchmark_args, log):
    """Seed (or reuse) and benchmark each size; a list of per-size results."""
    results = []
    for size in sizes:
        database = SizedDatabase(size, base_url=base_url, data_dir=data_dir)
        seeding = prepare(database, per_community=per_community, log=log)
        out = database.data_dir / f"{database.name}.results.json"
        log(f"{database.name}: benchmarking.")
        _manage("benchmark", *benchmark_args, "--json", str(out), env=database.env())
        result = json.loads(out.read_text())
        result["seeding"] = seeding
        result["database_name"] = database.name
        results.append(result)
    return results


def write_docs(path, markdown):
    """Put ``markdown`` between the markers in ``path`` (after "## Results" the first time)."""
    path = Path(path)
    text = path.read_text()
    block = f"{START}\n\n{markdown.strip()}\n\n{END}"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    elif "\n## Results\n" in text:
        text = text.replace("\n## Results\n", f"\n## Results\n\n{block}\n", 1)
    else:
        text = text.rstrip("\n") + f"\n\n## Results\n\n{block}\n"
    path.write_text(text)
