"""The registry's scheduled work, run by ``manage.py housekeeping`` (once, from cron;
or ``--loop``, as a worker process).

``JOBS`` are run in order by ``run()``; each is ``job(*, now, progress)`` and returns a
one-line summary. Every job is safe on several machines at once: a row is claimed by a
conditional update (or a row lock) in the transaction that queues its mail, so two
workers never send the same e-mail twice, and a mail server that is down leaves the
mail queued (``registry.notifications``), never lost.
"""

import logging
import sys

from django.utils import timezone
from tqdm import tqdm

from registry import services, tallies
from registry.models import Community
from registry.models.communities import SECOND_REMINDER_AFTER

logger = logging.getLogger(__name__)


def _each(queryset, *, progress, desc):
    """The rows (their pks only, read once), with a progress bar when asked."""
    rows = list(queryset.only("pk").order_by("pk"))
    return tqdm(rows, desc=desc, unit="community", file=sys.stderr, disable=not progress)


def archive_unconfirmed(*, now, progress=False):
    """Archive the communities ARCHIVE_AFTER past their due date, reminded twice.
    First, so that no community gets a reminder on the day it is archived."""
    archived = skipped = 0
    for community in _each(Community.objects.to_archive(now), progress=progress, desc="Archive"):
        try:
            services.community_archive_unconfirmed(community=community, now=now)
        except services.TransitionNotAllowed:
            skipped += 1  # confirmed meanwhile, or archived by another worker
        else:
            archived += 1
    return f"{archived} archived as not confirmed, {skipped} skipped"


def _remind(queryset, *, sent_before, now, progress, desc):
    sent = skipped = 0
    for community in _each(queryset, progress=progress, desc=desc):
        if services.confirmation_remind(community=community, now=now, sent_before=sent_before):
            sent += 1
        else:
            skipped += 1  # confirmed meanwhile, or claimed by another worker
    return sent, skipped


def send_second_reminders(*, now, progress=False):
    """A second reminder SECOND_REMINDER_AFTER the first, to those still due."""
    due = Community.objects.due(now).filter(
        reminders_sent=1, reminded_at__lte=now - SECOND_REMINDER_AFTER
    )
    sent, skipped = _remind(due, sent_before=1, now=now, progress=progress, desc="Second reminders")
    return f"{sent} second reminders sent, {skipped} skipped"


def send_first_reminders(*, now, progress=False):
    """The first reminder to the owners of each community that fell due."""
    due = Community.objects.due(now).filter(reminders_sent=0)
    sent, skipped = _remind(due, sent_before=0, now=now, progress=progress, desc="Reminders")
    return f"{sent} reminders sent, {skipped} skipped"


JOBS = (
    archive_unconfirmed,
    send_second_reminders,
    send_first_reminders,
    services.subscriptions_expire,
    services.digests_send,
    # Retention (the privacy notice): unverified accounts after 30 days, invitations
    # 90 days after they expired.
    services.accounts_unverified_remove,
    services.invitations_expired_remove,
    # The lists' counts, if a failed write forgot them (registry/tallies.py).
    tallies.rebuild_if_forgotten,
)


def run(now=None, progress=False):
    """Run every job once, in order; log and return [(job name, summary)]. A job that
    fails is logged and the others still run (its rows are retried on the next run)."""
    now = now or timezone.now()
    done = []
    for job in JOBS:
        try:
            summary = job(now=now, progress=progress)
        except Exception:
            logger.exception("Housekeeping job %s failed; it runs again next time.", job.__name__)
            summary = "failed (see the log)"
        else:
            logger.info("%s: %s", job.__name__, summary)
        done.append((job.__name__, summary))
    return done
