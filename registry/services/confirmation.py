"""The yearly confirmation (DESIGN.md, "Keeping the registry true over time").

A published community is due CONFIRM_EVERY after a coordinator last confirmed it
(publication, an edit or a confirmation: ``confirmed_at``). Its owners are reminded
(``confirmation_remind``, sent by ``registry.housekeeping``) with a signed link that
confirms it without a password (``confirmation_token``, checked by
``confirmation_link_community``); ARCHIVE_AFTER past the due date the registry archives
it (``community_archive_unconfirmed``) and an owner's confirmation publishes it again
(``community_confirm``).

E-mails go out in the site's default language (settings.LANGUAGE_CODE): accounts hold
no language of their own yet.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import data_version, permissions, tallies
from registry.links import absolute_url
from registry.models import Community, Membership
from registry.models.communities import ARCHIVE_AFTER, SECOND_REMINDER_AFTER
from registry.notifications import notify
from registry.services import transitions
from registry.services.common import TransitionNotAllowed, locked, refuse

# A signature made for one purpose is refused for any other.
LINK_SALT = "registry.confirm"
LINK_VALID_FOR = timedelta(days=60)


class ConfirmationLinkRefused(TransitionNotAllowed):
    """A confirmation link that no longer (or never did) confirm anything: ``reason``
    is "expired", "used" (the community was confirmed since it was sent) or "altered"."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason


def _stamp(community):
    # The confirmation a link answers: once the community is confirmed again (by the
    # link, an edit or publication) the link is used up.
    last = community.last_confirmed_at
    return last.isoformat() if last else ""


def confirmation_token(community):
    """A signed token that confirms ``community`` once, for LINK_VALID_FOR."""
    signer = signing.TimestampSigner(salt=LINK_SALT)
    return signer.sign_object({"community": community.pk, "confirmed": _stamp(community)})


def confirmation_url(community):
    """The absolute address of the confirmation page a reminder links to."""
    path = reverse(
        "registry:community_confirm", args=[community.slug, confirmation_token(community)]
    )
    return absolute_url(path)


def confirmation_link_community(token, *, slug=None):
    """The community a confirmation link is for, or ``ConfirmationLinkRefused``."""
    signer = signing.TimestampSigner(salt=LINK_SALT)
    try:
        payload = signer.unsign_object(token, max_age=LINK_VALID_FOR)
    except signing.SignatureExpired:
        raise ConfirmationLinkRefused("expired", _("This confirmation link has expired.")) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise ConfirmationLinkRefused(
            "altered", _("This confirmation link is not valid.")
        ) from None
    community = (
        Community.objects.filter(pk=payload.get("community")).first()
        if isinstance(payload, dict)
        else None
    )
    if community is None or (slug is not None and community.slug != slug):
        raise ConfirmationLinkRefused("altered", _("This confirmation link is not valid."))
    if payload.get("confirmed") != _stamp(community):
        raise ConfirmationLinkRefused(
            "used", _("This confirmation link has been used: the community was confirmed since.")
        )
    return community


def _owner_emails(community):
    return list(
        community.memberships.filter(role=Membership.Role.OWNER, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def mark_confirmed(community, now):
    """Set ``community`` (unsaved) as confirmed at ``now``, so the reminders start again
    a year on; returns the fields to save. Publication, an edit and a confirmation."""
    community.confirmed_at = now
    community.reminders_sent = 0
    community.reminded_at = None
    return ["confirmed_at", "reminders_sent", "reminded_at"]


@transaction.atomic
def community_confirm(*, community, user=None, token="", now=None):
    """Confirm that ``community`` is current: a coordinator or the Secretariat signed
    in (``user``), or, with ``user`` None, whoever holds a valid signed link
    (``token``: the signature is the proof). A community the registry archived for want
    of confirmation is published again (an owner's, the Secretariat's or the link's),
    logged as a transition."""
    now = now or timezone.now()
    community = locked(Community, community)
    if user is None:
        if not token:
            refuse(_("Sign in, or use the link from the reminder, to confirm this community."))
        # Checked under the row lock: of two uses of one link at once, the second is
        # refused as used.
        if confirmation_link_community(token).pk != community.pk:
            raise ConfirmationLinkRefused("altered", _("This confirmation link is not valid."))
        transitions.require_state(community, "confirm")
        row = transitions.transition(community, "confirm")
    else:
        row = transitions.require(user, community, "confirm")
    previous = community.status
    community.status = row.target
    fields = ["status", *mark_confirmed(community, now), "updated_at"]
    community.save(update_fields=fields)
    if previous != row.target:
        note = (
            _("Confirmed through the signed link of a reminder")
            if user is None
            else _("Confirmed as current")
        )
        row.log(actor=user, at=now, obj=community, from_status=previous, note=note)
    return community


def community_edited(*, community, user, now=None):
    """A coordinator's edit of the profile counts as a confirmation (not the
    Secretariat's: it may correct a profile without vouching for it)."""
    if not permissions.is_coordinator(user, community):
        return
    now = now or timezone.now()
    fields = {name: getattr(community, name) for name in mark_confirmed(community, now)}
    Community.objects.filter(pk=community.pk).update(**fields)
    # A queryset update sends no signal: the pages' version moves on, and the community
    # is recounted, which the list's "confirmed" choice follows (registry/filters/bitmaps.py).
    data_version.bump()
    tallies.touched([community.pk])


def _reminder_context(community, number, now):
    due = community.confirmation_due_at
    # The earliest day it may be archived: ARCHIVE_AFTER past the due date, and only
    # once both reminders have had their time (CommunityQuerySet.to_archive).
    archive_on = max(due + ARCHIVE_AFTER, now + (3 - min(number, 2)) * SECOND_REMINDER_AFTER)
    return {
        "community": community,
        "number": number,
        # Dates, not text: the template formats them in the e-mail's language.
        "due": due,
        "archive_on": archive_on,
        "valid_days": LINK_VALID_FOR.days,
        "confirm_url": confirmation_url(community),
        "edit_url": absolute_url(reverse("coordinator:community_edit", args=[community.slug])),
    }


@transaction.atomic
def confirmation_remind(*, community, now=None, sent_before=None):
    """Remind the owners of a due community to confirm it, and count the reminder.
    The row is claimed by a conditional update before the mail is queued (in the same
    transaction), so the reminder goes out at most once: with ``sent_before`` (the
    scheduler's), only while exactly that many reminders were sent. Returns whether
    it was sent (False when the community is no longer due, or another worker sent it)."""
    now = now or timezone.now()
    claim = Community.objects.due(now).filter(pk=community.pk)
    if sent_before is not None:
        claim = claim.filter(reminders_sent=sent_before)
    if claim.update(reminders_sent=F("reminders_sent") + 1, reminded_at=now) != 1:
        return False
    data_version.bump()  # a queryset update sends no signal
    community = Community.objects.get(pk=community.pk)
    notify(
        recipients=_owner_emails(community),
        template="confirmation_reminder",
        context=_reminder_context(community, community.reminders_sent, now),
    )
    return True


@transaction.atomic
def community_archive_unconfirmed(*, community, now=None):
    """The registry (no actor) archives a published community ARCHIVE_AFTER past its
    due date, once its owners had both reminders (``CommunityQuerySet.to_archive``),
    logs the transition and tells the owners how to bring it back."""
    now = now or timezone.now()
    community = locked(Community, community)
    row = transitions.require(None, community, "archive_unconfirmed")
    if not Community.objects.to_archive(now).filter(pk=community.pk).exists():
        refuse(_("This community is not yet archived for want of confirmation."))
    previous = community.status
    community.status = row.target
    community.save(update_fields=["status", "updated_at"])
    since = community.last_confirmed_at
    row.log(
        actor=None,
        at=now,
        obj=community,
        from_status=previous,
        note=_("Not confirmed since %(date)s") % {"date": timezone.localdate(since).isoformat()},
    )
    notify(
        recipients=_owner_emails(community),
        template=row.notice,
        context={
            "community": community,
            "since": since,
            "valid_days": LINK_VALID_FOR.days,
            "confirm_url": confirmation_url(community),
        },
    )
    return community
