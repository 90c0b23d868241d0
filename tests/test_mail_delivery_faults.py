"""No request waits on a mail server: with the SMTP backend, mail queued by a
request is delivered only by the mail worker (`manage.py runmailer`), which gives
up after EMAIL_TIMEOUT, keeps the message queued and logs a WARNING."""

import logging
import socket
import threading
import time

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from mailer import engine
from mailer.models import Message

from registry.models import Community, TransitionLog
from registry.notifications import delivers_on_commit

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def silent_smtp_server(settings):
    """A mail server on 127.0.0.1 that accepts connections and never answers;
    the SMTP backend points at it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(connection)  # held open, never written to

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    # Django's test set-up replaces EMAIL_BACKEND with locmem: restore the project's.
    settings.EMAIL_BACKEND = "registry.mail_backend.QueueThenSendBackend"
    settings.MAILER_EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = listener.getsockname()[1]
    settings.EMAIL_USE_TLS = False
    try:
        yield accepted
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in accepted:
            connection.close()
        listener.close()


class RefusingBackend(BaseEmailBackend):
    """An in-process backend whose mail server refuses every connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server is down")


def test_only_the_worker_delivers_through_smtp_while_in_process_backends_deliver_on_commit(
    settings,
):
    settings.MAIL_DELIVER_ON_COMMIT = None
    settings.MAILER_EMAIL_BACKEND = SMTP
    assert not delivers_on_commit()
    for backend in ("locmem", "console", "filebased", "dummy"):
        settings.MAILER_EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
        assert delivers_on_commit()
    settings.MAIL_DELIVER_ON_COMMIT = False
    assert not delivers_on_commit()
    settings.MAIL_DELIVER_ON_COMMIT = True
    settings.MAILER_EMAIL_BACKEND = SMTP
    assert delivers_on_commit()


def test_the_worker_waits_on_the_mail_server_for_a_bounded_time_by_default(settings):
    assert settings.EMAIL_TIMEOUT == 10


@pytest.mark.django_db
def test_a_silent_mail_server_does_not_delay_a_community_submission(
    client, make_user, make_community, secretariat, silent_smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    owner = make_user()
    community = make_community("Patient network", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    client.get(reverse("coordinator:dashboard"))  # first request: imports and templates

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("coordinator:community_submit", args=[community.slug]))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 1.0, f"the request waited {elapsed:.1f} s on the mail server"
    community.refresh_from_db()
    assert community.status == Community.Status.SUBMITTED
    assert TransitionLog.objects.filter(community=community, to_status="submitted").exists()
    queued = Message.objects.non_deferred()
    assert [m.to_addresses for m in queued] == [["secretariat@example.org"]]


@pytest.mark.django_db
def test_a_silent_mail_server_does_not_delay_a_password_reset(
    client, make_user, silent_smtp_server, django_capture_on_commit_callbacks
):
    make_user("forgetful@example.org")
    client.get(reverse("account_reset_password"))  # first request: imports and templates

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_reset_password"), {"email": "forgetful@example.org"}
        )
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 1.0, f"the request waited {elapsed:.1f} s on the mail server"
    assert [m.to_addresses for m in Message.objects.non_deferred()] == [["forgetful@example.org"]]


@pytest.mark.django_db
def test_the_worker_gives_up_on_a_silent_mail_server_keeps_the_message_and_warns(
    settings, caplog, silent_smtp_server
):
    from mailer import send_mail

    settings.EMAIL_TIMEOUT = 1
    send_mail("Subject", "Body", "registry@localhost", ["someone@example.org"])
    assert Message.objects.count() == 1

    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        engine.send_all()
    elapsed = time.monotonic() - started

    assert elapsed < 5, "the worker waits EMAIL_TIMEOUT, not for ever"
    assert [m.to_addresses for m in Message.objects.deferred()] == [["someone@example.org"]]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any("someone@example.org" in r.getMessage() for r in warnings)


@pytest.mark.django_db
def test_a_failed_delivery_after_a_request_is_logged_as_a_warning(
    client, settings, caplog, make_user, make_community, secretariat,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.MAILER_EMAIL_BACKEND = "tests.test_mail_delivery_faults.RefusingBackend"
    owner = make_user()
    community = make_community("Warned network", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordinator:community_submit", args=[community.slug]))

    assert Message.objects.deferred().count() == 1
    assert any(
        r.levelno >= logging.WARNING and "secretariat@example.org" in r.getMessage()
        for r in caplog.records
    )
