"""The scheduler (registry/housekeeping.py, ``manage.py housekeeping``): its jobs run
in order and say what they did; it is safe on several machines at once (each reminder
is claimed by a conditional update before its mail is queued, so two workers send it
exactly once); a mail server that is down loses no reminder; ``--loop`` stops cleanly.
What the jobs decide (when a community is due, archived, brought back) is in
test_confirmation.py."""

import logging
import os
import signal
import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from mailer import engine
from mailer.models import Message

from registry import housekeeping
from registry.models import Community, TransitionLog
from registry.models.communities import CONFIRM_EVERY
from tests.conftest import require

PUBLISHED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DUE = PUBLISHED + CONFIRM_EVERY


@pytest.fixture
def due_communities(make_user, make_community):
    """Three published communities, each with its owner, due at DUE."""

    def make(count=3):
        communities = []
        for n in range(count):
            owner = make_user(f"owner{n}@example.org")
            community = make_community(f"Network {n}", owner=owner, published_at=PUBLISHED)
            Community.objects.filter(pk=community.pk).update(confirmed_at=PUBLISHED)
            communities.append(community)
        return communities

    return make


def queued_reminders():
    return [message for message in Message.objects.all() if "still current" in message.subject]


@pytest.mark.django_db
def test_the_jobs_run_in_order_and_each_says_what_it_did(due_communities, caplog):
    due_communities()
    caplog.set_level(logging.INFO, logger="registry.housekeeping")

    done = housekeeping.run(now=DUE)

    names = [name for name, _ in done]
    assert names == [job.__name__ for job in housekeeping.JOBS]
    # The confirmation's jobs, archiving first (other jobs may follow).
    assert names[:3] == ["archive_unconfirmed", "send_second_reminders", "send_first_reminders"]
    assert done[:3] == [
        ("archive_unconfirmed", "0 archived as not confirmed, 0 skipped"),
        ("send_second_reminders", "0 second reminders sent, 0 skipped"),
        ("send_first_reminders", "3 reminders sent, 0 skipped"),
    ]
    logged = [r.getMessage() for r in caplog.records if r.name == "registry.housekeeping"]
    assert logged == [f"{name}: {summary}" for name, summary in done]


@pytest.mark.django_db
def test_a_failing_job_is_logged_and_the_others_still_run(monkeypatch, due_communities, caplog):
    due_communities()

    def broken(*, now, progress):
        raise RuntimeError("the job broke")

    monkeypatch.setattr(housekeeping, "JOBS", (broken, *housekeeping.JOBS))

    done = dict(housekeeping.run(now=DUE))

    assert done["broken"].startswith("failed")
    assert done["send_first_reminders"] == "3 reminders sent, 0 skipped"
    assert "the job broke" in caplog.text


@pytest.mark.django_db
def test_the_command_runs_once_and_prints_a_line_per_job(due_communities):
    due_communities()
    out = StringIO()

    with time_machine.travel(DUE, tick=False):
        call_command("housekeeping", "--no-progress", stdout=out)

    lines = out.getvalue().splitlines()
    assert len(lines) == len(housekeeping.JOBS)
    assert lines[:3] == [
        "archive_unconfirmed: 0 archived as not confirmed, 0 skipped",
        "send_second_reminders: 0 second reminders sent, 0 skipped",
        "send_first_reminders: 3 reminders sent, 0 skipped",
    ]
    assert len(queued_reminders()) == 3


@pytest.mark.django_db
def test_when_asked_it_shows_progress_bars_on_stderr(due_communities, capsys):
    due_communities()

    with time_machine.travel(DUE, tick=False):
        call_command("housekeeping", "--progress", stdout=StringIO())

    assert "Reminders: 100%" in capsys.readouterr().err
    assert len(queued_reminders()) == 3


@pytest.mark.django_db
def test_the_loop_runs_until_sigterm_and_then_stops_cleanly(monkeypatch):
    runs = []
    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setattr(housekeeping, "JOBS", (lambda *, now, progress: runs.append(now) or "ok",))
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    out = StringIO()

    try:
        call_command("housekeeping", "--loop", "--interval", "60", "--no-progress", stdout=out)
    finally:
        timer.cancel()

    assert len(runs) == 1  # stopped while waiting, without waiting out the interval
    assert out.getvalue().splitlines()[-1] == "Housekeeping stopped."
    assert signal.getsignal(signal.SIGTERM) is before


# --- Mail outage -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_mail_outage_loses_no_reminder_and_sends_none_twice(
    settings, due_communities, django_capture_on_commit_callbacks
):
    settings.MAILER_EMAIL_BACKEND = "tests.test_mail_queue.FailingBackend"
    communities = due_communities()

    with django_capture_on_commit_callbacks(execute=True):
        housekeeping.run(now=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        housekeeping.run(now=DUE + timedelta(hours=1))

    assert mail.outbox == []
    assert Message.objects.deferred().count() == 3  # queued, waiting for the mail server
    assert all(
        c.reminders_sent == 1 for c in Community.objects.filter(pk__in=[c.pk for c in communities])
    )

    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert Message.objects.retry_deferred() == 3
    engine.send_all()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "owner0@example.org",
        "owner1@example.org",
        "owner2@example.org",
    ]


# --- Several workers at once (PostgreSQL) -----------------------------------------------


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        require("POSTGRES", "concurrent workers need PostgreSQL (set DATABASE_URL)")


class Worker(threading.Thread):
    """One scheduler on its own database connection."""

    def __init__(self, job, now):
        super().__init__(daemon=True)
        self.job, self.now = job, now
        self.summary = self.error = None

    def run(self):
        try:
            self.summary = self.job(now=self.now, progress=False)
        except Exception as error:
            self.error = error
        finally:
            connection.close()


def run_two_workers(monkeypatch, job, now):
    """Run ``job`` in two workers at once, both having read the whole list of rows
    before either claims one, so that every claim is contested."""
    listed = threading.Barrier(2, timeout=30)
    each = housekeeping._each

    def each_after_both_listed(queryset, **options):
        rows = list(each(queryset, **options))
        listed.wait()
        return rows

    monkeypatch.setattr(housekeeping, "_each", each_after_both_listed)
    workers = [Worker(job, now) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.error for worker in workers] == [None, None]
    return workers


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("job", "when", "reminders_before"),
    [
        ("send_first_reminders", DUE, 0),
        ("send_second_reminders", DUE + timedelta(days=31), 1),
    ],
)
def test_two_workers_at_once_send_each_reminder_exactly_once(
    postgres_only, settings, monkeypatch, due_communities, job, when, reminders_before
):
    settings.MAIL_DELIVER_ON_COMMIT = False  # keep the mail queued, to count it
    communities = due_communities(count=12)
    Community.objects.filter(pk__in=[c.pk for c in communities]).update(
        reminders_sent=reminders_before, reminded_at=DUE if reminders_before else None
    )
    workers = run_two_workers(monkeypatch, getattr(housekeeping, job), when)

    assert sum(int(worker.summary.split()[0]) for worker in workers) == 12
    recipients = sorted(m.to_addresses[0] for m in queued_reminders())
    assert recipients == sorted(f"owner{n}@example.org" for n in range(12))
    assert set(Community.objects.values_list("reminders_sent", flat=True)) == {reminders_before + 1}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_archive_each_community_once_with_one_notice(
    postgres_only, settings, monkeypatch, due_communities
):
    settings.MAIL_DELIVER_ON_COMMIT = False
    communities = due_communities(count=8)
    Community.objects.filter(pk__in=[c.pk for c in communities]).update(
        reminders_sent=2, reminded_at=DUE + timedelta(days=30)
    )

    workers = run_two_workers(
        monkeypatch, housekeeping.archive_unconfirmed, DUE + timedelta(days=181)
    )

    assert sum(int(worker.summary.split()[0]) for worker in workers) == 8
    assert set(Community.objects.values_list("status", flat=True)) == {"archived"}
    assert TransitionLog.objects.filter(to_status="archived", actor=None).count() == 8
    notices = [m for m in Message.objects.all() if m.subject.startswith("Archived")]
    assert len(notices) == 8
