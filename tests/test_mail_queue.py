"""Notices are never lost: when the mail server fails, the submission is still
saved and logged and its notice stays queued; a retry delivers it later."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse
from mailer import engine
from mailer.models import Message

from registry import services
from registry.models import Community, Membership, TransitionLog
from registry.notifications import flush_queue, notify
from tests.conftest import PASSWORD


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server is down")


@pytest.mark.django_db
def test_a_failing_mail_server_does_not_lose_the_submission_or_its_notice(
    client, settings, make_user, make_community, secretariat, django_capture_on_commit_callbacks
):
    settings.MAILER_EMAIL_BACKEND = "tests.test_mail_queue.FailingBackend"
    owner = make_user()
    community = make_community("Queued network", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("coordinator:community_submit", args=[community.slug]))
    assert callbacks, "delivery is attempted after the commit"
    assert response.status_code == 302

    community.refresh_from_db()
    assert community.status == Community.Status.SUBMITTED
    assert TransitionLog.objects.filter(
        community=community, from_status="draft", to_status="submitted", actor=owner
    ).exists()
    assert mail.outbox == []
    queued = Message.objects.deferred()
    assert [m.to_addresses for m in queued] == [["secretariat@example.org"]]

    # The mail server is back: retry the deferred messages and deliver them.
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert Message.objects.retry_deferred() == 1
    engine.send_all()
    assert Message.objects.count() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["secretariat@example.org"]
    assert "Queued network" in mail.outbox[0].subject + mail.outbox[0].body


@pytest.mark.django_db
def test_with_a_working_mail_server_the_notice_goes_out_after_the_commit(
    client, make_user, make_community, secretariat, django_capture_on_commit_callbacks
):
    owner = make_user()
    community = make_community("Prompt network", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordinator:community_submit", args=[community.slug]))
    assert [m.to for m in mail.outbox] == [["secretariat@example.org"]]
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_a_transaction_with_several_notices_delivers_them_in_one_run(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for index in range(3):
            notify(
                recipients=[f"person{index}@example.org"],
                template="community_submitted",
                context={"community": Community(name="Queued", slug="queued")},
            )
    assert [callback for callback in callbacks if callback is flush_queue] == [flush_queue]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "person0@example.org",
        "person1@example.org",
        "person2@example.org",
    ]


@pytest.mark.django_db
def test_each_recipient_gets_a_notice_in_the_language_they_last_signed_in_with(
    client, settings, make_user, make_community, secretariat, django_capture_on_commit_callbacks
):
    french = make_user("francoise@example.org")
    english = make_user("ann@example.org")
    community = make_community("Réseau bilingue", status=Community.Status.SUBMITTED, owner=french)
    Membership.objects.create(user=english, community=community, role=Membership.Role.EDITOR)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.post(reverse("account_login"), {"login": french.email, "password": PASSWORD})
    assert response.status_code == 302
    french.refresh_from_db()
    english.refresh_from_db()
    assert (french.language, english.language) == ("fr", "")

    with django_capture_on_commit_callbacks(execute=True):
        services.community_publish(community=community, user=secretariat)

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "francoise@example.org": "Publiée : Réseau bilingue",
        "ann@example.org": "Published: Réseau bilingue",
    }
