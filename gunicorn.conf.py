"""gunicorn's configuration for production (read from the working directory).

Start from the project root:  gunicorn ipbes_cop.wsgi --no-control-socket
Command-line options override these values (e.g. ``-w 4``, ``-b 0.0.0.0:8000``);
each setting can also be changed with the environment variable named beside it.

Worker model: gevent. Every connection is a greenlet, so a client that sends its
headers slowly (or never finishes) costs one greenlet, not a worker: measured
with 30 clients sending one header line every 3 s, sync workers stopped the site
for everyone (every other request waited 30 s or more), and gthread workers read
headers inside their pool threads, so the same clients fill every thread. With
gevent, other requests were answered at once. Put a buffering proxy in front all
the same (docs/deployment.md): it also limits body sizes and slow uploads.
"""

import multiprocessing
import os
import time

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gevent"
# Connections (greenlets) per worker, slow ones included.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))

# A worker silent for this long is killed and replaced (a request stuck in
# Python code); a stop or reload gives running requests this long to finish.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
# Idle keep-alive connections are closed after this many seconds (behind a
# proxy that reuses connections, keep it above the proxy's idle timeout).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Request head limits: a long URL (filters, search) fits; header floods do not.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Logs: access and errors to stdout/stderr, for the process manager to collect.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
capture_output = False

# X-Forwarded-* is trusted only from the proxy on this machine (the default);
# set FORWARDED_ALLOW_IPS to the proxy's address when it runs elsewhere.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Under gevent each request runs in its own greenlet and so gets its own
# database connection: persistent connections would pile up (one per greenlet
# ever used), so they close at the end of each request unless told otherwise.
os.environ.setdefault("CONN_MAX_AGE", "0")


def post_worker_init(worker):
    """Each worker reads the communities list's bitmaps before its first request
    (registry/filters/bitmaps.py), which would otherwise wait for them: about 0.6 s
    at 10k communities. A worker that cannot still serves: it reads them later."""
    from django.db import connections  # noqa: PLC0415

    from registry.filters import read_bitmaps  # noqa: PLC0415 (Django is set up by now)

    started = time.monotonic()
    try:
        held = read_bitmaps()
    except Exception:
        worker.log.exception("The bitmaps could not be read; the first filtered list will")
        return
    finally:
        connections.close_all()  # opened in this greenlet, not a request's
    if held is not None:
        worker.log.info("Bitmaps read: %d communities in %.2f s", held, time.monotonic() - started)
