"""``manage.py housekeeping``: the registry's scheduled work (registry/housekeeping.py):
confirmation reminders and archiving the communities no one confirmed.

Once (from cron), or ``--loop`` as a long-running worker that runs every
``--interval`` seconds until stopped: SIGTERM lets the current run finish, Ctrl-C
stops at once (the row being handled rolls back, and is done by the next run). Safe
to run on several machines at once.
"""

import signal
import sys
import threading

from django.core.management.base import BaseCommand

from registry import housekeeping


class Command(BaseCommand):
    help = "Send the confirmation reminders and archive unconfirmed communities (once, or --loop)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Run forever, every --interval seconds."
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=300,
            help="Seconds between runs with --loop (default 300).",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            default=None,
            help="Show progress bars (the default when run in a terminal).",
        )
        parser.add_argument("--no-progress", action="store_false", dest="progress")

    def handle(self, *args, loop=False, interval=300, progress=None, **options):
        if progress is None:
            progress = sys.stderr.isatty()
        if not loop:
            self._run_once(progress)
            return
        stopping = threading.Event()

        def stop(signum, frame):
            stopping.set()

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping.is_set():
                self._run_once(progress)
                stopping.wait(max(interval, 1))
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write("Housekeeping stopped.")

    def _run_once(self, progress):
        for name, summary in housekeeping.run(progress=progress):
            self.stdout.write(f"{name}: {summary}")
