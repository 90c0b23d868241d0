"""Retention, in the scheduled housekeeping: unverified accounts and unconfirmed
subscriptions go after 30 days, invitations 90 days after they expired."""

import datetime

import pytest
from django.utils import timezone

from registry import housekeeping
from registry.models import Invitation, Subscription, User

NOW = timezone.make_aware(datetime.datetime(2027, 3, 1, 12, 0))
DAY = datetime.timedelta(days=1)


@pytest.mark.django_db
def test_unverified_accounts_are_removed_after_30_days(make_user):
    old = make_user("old.unverified@example.org", verified=False, date_joined=NOW - 31 * DAY)
    young = make_user("young.unverified@example.org", verified=False, date_joined=NOW - 29 * DAY)
    verified = make_user("old.verified@example.org", date_joined=NOW - 400 * DAY)
    staff = make_user("staff@example.org", verified=False, staff=True, date_joined=NOW - 99 * DAY)
    done = dict(housekeeping.run(now=NOW))
    assert done["accounts_unverified_remove"] == "1 unverified account(s) removed, 0 skipped"
    assert not User.objects.filter(pk=old.pk).exists()
    assert set(User.objects.values_list("pk", flat=True)) == {young.pk, verified.pk, staff.pk}


@pytest.mark.django_db
def test_unconfirmed_subscriptions_are_removed_after_30_days():
    def subscription(email, sent, confirmed=None):
        return Subscription.objects.create(
            email=email, kind="communities", language="en",
            confirmation_sent_at=sent, confirmed_at=confirmed,
        )  # fmt: skip

    subscription("old@example.org", NOW - 31 * DAY)
    young = subscription("young@example.org", NOW - 29 * DAY)
    confirmed = subscription("kept@example.org", NOW - 300 * DAY, confirmed=NOW - 299 * DAY)
    housekeeping.run(now=NOW)
    assert set(Subscription.objects.all()) == {young, confirmed}


@pytest.mark.django_db
def test_invitations_are_removed_90_days_after_they_expired(make_community, make_user):
    community = make_community()

    def invitation(email, expired_days_ago, **fields):
        expires = NOW - expired_days_ago * DAY
        return Invitation.objects.create(
            community=community, email=email, created_at=expires - 14 * DAY,
            expires_at=expires, **fields,
        )  # fmt: skip

    invitation("old@example.org", 91)
    invitation("revoked@example.org", 95, revoked_at=NOW - 100 * DAY)
    young = invitation("young@example.org", 89)
    accepted = invitation(
        "accepted@example.org", 300, accepted_at=NOW - 310 * DAY, accepted_by=make_user()
    )
    done = dict(housekeeping.run(now=NOW))
    assert done["invitations_expired_remove"] == "2 expired invitation(s) removed"
    assert set(Invitation.objects.all()) == {young, accepted}


@pytest.mark.django_db
def test_retention_is_logged(caplog, make_user):
    make_user("gone@example.org", verified=False, date_joined=NOW - 40 * DAY)
    with caplog.at_level("INFO", logger="registry.housekeeping"):
        housekeeping.run(now=NOW)
    assert "accounts_unverified_remove: 1 unverified account(s) removed" in caplog.text
    assert "invitations_expired_remove: 0 expired invitation(s) removed" in caplog.text
