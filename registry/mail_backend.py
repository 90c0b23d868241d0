"""The EMAIL_BACKEND for all mail, allauth's included."""

from django.db import transaction
from mailer.backend import DbBackend

from registry.notifications import flush_queue


class QueueThenSendBackend(DbBackend):
    """Queue in the database like django-mailer's DbBackend; once the transaction
    commits, deliver at once only if the delivering backend is in-process
    (registry.notifications.flush_queue), else leave it to `manage.py runmailer`.
    Failures stay queued for retry."""

    def send_messages(self, email_messages):
        count = super().send_messages(email_messages)
        transaction.on_commit(flush_queue)
        return count
