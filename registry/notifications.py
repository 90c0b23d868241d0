"""Notices by e-mail that are never lost.

A notice is queued in the database (django-mailer) inside the same transaction
as the change it reports, so both commit or neither does. After the commit we
try to deliver the queue at once; if the mail server is down the messages stay
queued (deferred) and `manage.py retry_deferred` plus `runmailer` (or the next
successful delivery attempt) send them later. A failing mail server never rolls
back or loses a transition.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def flush_queue():
    """Try to deliver queued mail now; failures leave it queued for retry."""
    from mailer import engine

    try:
        engine.send_all()
    except Exception:  # the transition is already committed: log, never raise
        logger.exception("Could not deliver queued mail; it stays queued for retry.")


def notify(*, recipients, template, context):
    """Queue one e-mail per recipient from ``registry/email/<template>_subject.txt``
    and ``_body.txt``; delivery is attempted after the transaction commits."""
    from mailer import send_mail

    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"registry/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"registry/email/{template}_body.txt", context)
    for address in recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    transaction.on_commit(flush_queue)
