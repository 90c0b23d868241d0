"""Notices by e-mail that are never lost.

A notice is queued in the database (django-mailer) inside the same transaction
as the change it reports, so both commit or neither does. Who delivers it
depends on the delivering backend (settings.MAILER_EMAIL_BACKEND):

- a backend that talks to a mail server (Django's SMTP backend): only the mail
  worker, `manage.py runmailer`, so no request ever waits on a slow or silent
  mail server;
- an in-process backend (locmem, console, file, dummy, ...): right after the
  commit, so the developer's console and the tests' outbox see it at once.

settings.MAIL_DELIVER_ON_COMMIT (True/False) overrides the choice. If delivery
fails the messages stay queued (deferred, logged at WARNING) and
`manage.py retry_deferred` plus `runmailer` send them later. A failing mail
server never rolls back or loses a transition.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from registry.links import site_url
from registry.models import User

logger = logging.getLogger(__name__)


def delivers_on_commit():
    """Whether mail is delivered right after the commit (else by the worker only)."""
    choice = getattr(settings, "MAIL_DELIVER_ON_COMMIT", None)
    if choice is not None:
        return bool(choice)
    from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
    from django.utils.module_loading import import_string

    backend = import_string(settings.MAILER_EMAIL_BACKEND)
    return not issubclass(backend, SMTPBackend)


def flush_queue():
    """Deliver queued mail now when the backend is in-process (see the module
    docstring); failures leave it queued for retry and are logged."""
    if not delivers_on_commit():
        return
    from mailer import engine

    try:
        engine.send_all()
    except Exception:  # the transition is already committed: log, never raise
        logger.exception("Could not deliver queued mail; it stays queued for retry.")


def defer_and_warn(connection, message, exc):
    """django-mailer's MAILER_ERROR_HANDLER: its own handling (defer the message
    on mail-server and network errors, re-raise others), logged at WARNING."""
    from mailer.engine import handle_delivery_exception

    logger.warning(
        "Mail delivery to %s failed (%s: %s); the message stays queued for retry.",
        ", ".join(message.to_addresses),
        type(exc).__name__,
        exc,
    )
    return handle_delivery_exception(connection, message, exc)


def languages_of(addresses):
    """Each address's language: the one its account last used, else the site's."""
    known = dict(User.objects.filter(email__in=addresses).values_list("email", "language"))
    return {address: known.get(address) or settings.LANGUAGE_CODE for address in addresses}


def notify(*, recipients, template, context):
    """Queue one e-mail per recipient from ``registry/email/<template>_subject.txt``
    and ``_body.txt``, each in the recipient's language; delivery is attempted after
    the transaction commits."""
    from mailer import send_mail

    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    context = {"site_url": site_url(), **context}
    by_language = {}
    for address, language in languages_of(recipients).items():
        by_language.setdefault(language, []).append(address)
    for language, addresses in sorted(by_language.items()):
        with translation.override(language):
            subject = " ".join(
                render_to_string(f"registry/email/{template}_subject.txt", context).split()
            )
            body = render_to_string(f"registry/email/{template}_body.txt", context)
        for address in addresses:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    _flush_after_commit()


def _flush_after_commit():
    """One delivery per transaction, however many notices it queued (a savepoint
    rolled back drops its callback, so the next notice registers it again)."""
    pending = transaction.get_connection().run_on_commit
    if not any(callback is flush_queue for _, callback, _ in pending):
        transaction.on_commit(flush_queue)
