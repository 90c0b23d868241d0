"""The machine a benchmark ran on, in one line: CPU, cores, Python, database, load."""

import os
import platform
from pathlib import Path

from django.db import connection


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def database_version():
    """ "SQLite 3.40.1" or "PostgreSQL 15.18" (of the default connection)."""
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    return f"{connection.display_name} {version}"


def describe():
    """A dict of what the report shows about the machine."""
    try:
        load = "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    except OSError:
        load = "?"
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "database": database_version(),
        "load": load,
    }
