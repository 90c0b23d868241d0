"""Who coordinates a community: invitations, roles, hand-over, removal."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from registry import data_version, permissions
from registry.models import (
    Community,
    Invitation,
    InvitationSending,
    Membership,
    audit,
)
from registry.models.audit import AuditEntry
from registry.notifications import notify
from registry.services.common import locked, refuse

Status = Community.Status


# How many invitation e-mails (first sendings and re-sendings) one community may
# send in any 24 hours: enough for a real team, too few for a spam relay.
DAILY_INVITATION_LIMIT = 20


def _has_verified_own_address(user):
    from allauth.account.models import EmailAddress

    return bool(user.email) and (
        EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )


def invitation_sendings_today(community, *, now=None):
    """The invitation e-mails the community sent in the 24 hours before ``now``."""
    since = (now or timezone.now()) - timedelta(days=1)
    return community.invitation_sendings.filter(sent_at__gt=since)


def _check_may_send(*, community, user, now):
    """Refuse unless ``user`` may send an invitation e-mail for ``community`` now.
    The caller holds the community's row lock, so two sendings never both pass."""
    if not permissions.can_manage_community(user, community):
        refuse(_("Only an owner can invite coordinators."))
    if not community.is_public and not _has_verified_own_address(user):
        refuse(
            _(
                "Verify your own e-mail address (%(email)s) before inviting co-coordinators "
                "to a community that is not yet published."
            )
            % {"email": user.email}
        )
    sendings = invitation_sendings_today(community, now=now)
    if sendings.count() >= DAILY_INVITATION_LIMIT:
        first = sendings.order_by("sent_at").values_list("sent_at", flat=True).first()
        refuse(
            _(
                "This community has sent %(limit)d invitations in the last 24 hours, the most "
                "allowed. You can send the next one after %(time)s."
            )
            % {
                "limit": DAILY_INVITATION_LIMIT,
                "time": date_format(timezone.localtime(first + timedelta(days=1)), "Y-m-d H:i T"),
            }
        )


def _send_invitation(*, invitation, user, now):
    InvitationSending.objects.create(
        community=invitation.community, invitation=invitation, sent_by=user, sent_at=now
    )
    notify(
        recipients=[invitation.email],
        template="invitation",
        context={"invitation": invitation, "community": invitation.community, "inviter": user},
    )


@transaction.atomic
def invitation_create(*, community, user, email, role=Membership.Role.EDITOR, now=None):
    """An owner invites a co-coordinator by e-mail (single-use link, valid 14 days).

    Only from a published community, or by an owner whose own address is
    verified; at most DAILY_INVITATION_LIMIT e-mails per community a day."""
    now = now or timezone.now()
    community = locked(Community, community)
    email = email.strip().lower()
    _check_may_send(community=community, user=user, now=now)
    if community.memberships.filter(user__email__iexact=email).exists():
        refuse(_("This person already coordinates the community."))
    if role not in Membership.Role.values:
        refuse(_("Choose a valid role."))
    # A new invitation replaces an unused one to the same address (kept, revoked).
    community.invitations.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        community=community,
        email=email,
        role=role,
        invited_by=user,
        created_at=now,
        expires_at=now + timedelta(days=Invitation.VALID_DAYS),
    )
    _send_invitation(invitation=invitation, user=user, now=now)
    audit.record(
        actor=user,
        action=AuditEntry.Action.INVITED,
        community=community,
        detail=f"{email} as {role}",
    )
    return invitation


def _locked_open_invitation(*, invitation, user):
    community = locked(Community, invitation.community)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not permissions.can_manage_community(user, community):
        refuse(_("Only an owner can invite coordinators."))
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        refuse(_("This invitation was already accepted or revoked."))
    return community, invitation


@transaction.atomic
def invitation_resend(*, invitation, user, now=None):
    """An owner sends a pending invitation again: same link, valid 14 days from now.
    Counts toward the community's daily limit."""
    now = now or timezone.now()
    community, invitation = _locked_open_invitation(invitation=invitation, user=user)
    _check_may_send(community=community, user=user, now=now)
    invitation.expires_at = now + timedelta(days=Invitation.VALID_DAYS)
    invitation.save(update_fields=["expires_at"])
    _send_invitation(invitation=invitation, user=user, now=now)
    audit.record(
        actor=user,
        action=AuditEntry.Action.INVITATION_RESENT,
        community=community,
        detail=invitation.email,
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation, user, now=None):
    """An owner withdraws a pending invitation: its link no longer works."""
    now = now or timezone.now()
    community, invitation = _locked_open_invitation(invitation=invitation, user=user)
    invitation.revoked_at = now
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        actor=user,
        action=AuditEntry.Action.INVITATION_REVOKED,
        community=community,
        detail=invitation.email,
    )
    return invitation


def holds_verified_address(user, email):
    """True when ``email`` is one of the user's verified addresses (any case)."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def invitation_accept(*, token, user, now=None):
    """The invited person, signed in with the invited address verified, accepts:
    they become a coordinator and the owners are told. Single use."""
    now = now or timezone.now()
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        refuse(_("This invitation is no longer valid. Ask the community's owner for a new one."))
    if not holds_verified_address(user, invitation.email):
        refuse(
            _(
                "This invitation was sent to %(email)s, which is not a verified address of "
                "your account. Add %(email)s on your account's e-mail page and verify it, "
                "then accept the invitation again."
            )
            % {"email": invitation.email}
        )
    community = invitation.community
    membership, created = Membership.objects.get_or_create(
        user=user, community=community, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Membership.Role.OWNER:
        membership.role = Membership.Role.OWNER
        membership.save(update_fields=["role"])
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        actor=user,
        action=AuditEntry.Action.INVITATION_ACCEPTED,
        user=user,
        community=community,
        detail=f"{invitation.email} as {membership.role}",
    )
    permissions.forget(user)
    owners = community.memberships.filter(role=Membership.Role.OWNER).exclude(user=user)
    notify(
        recipients=list(owners.values_list("user__email", flat=True)),
        template="invitation_accepted",
        context={"invitation": invitation, "community": community, "membership": membership},
    )
    return membership


def _owner_count(community):
    return community.memberships.filter(role=Membership.Role.OWNER).count()


def _locked_membership(community, pk):
    """Re-read a membership under lock; None once it has been removed."""
    return Membership.objects.select_for_update().filter(pk=pk, community=community).first()


# Every change of a community's coordinators first locks the community row, so
# owners are counted, and the actor's right is read, after any concurrent change
# has committed; the role cached by the view's earlier check is dropped.


@transaction.atomic
def membership_remove(*, membership, user):
    """An owner removes a coordinator (or anyone leaves); a community keeps an owner."""
    community = locked(Community, membership.community)
    membership = _locked_membership(community, membership.pk)
    if membership is None:
        refuse(_("This person no longer coordinates the community."))
    permissions.forget(user)
    leaving = membership.user_id == user.pk
    if not (leaving or permissions.can_manage_community(user, community)):
        refuse(_("Only an owner can remove coordinators."))
    if membership.role == Membership.Role.OWNER and _owner_count(community) <= 1:
        refuse(_("A community must keep at least one owner: hand over ownership first."))
    audit.record(
        actor=user,
        action=AuditEntry.Action.COORDINATOR_REMOVED,
        user=membership.user,
        community=community,
        detail="left" if leaving else f"was {membership.role}",
    )
    membership.delete()
    permissions.forget(user)


@transaction.atomic
def membership_set_role(*, membership, user, role):
    """An owner changes a coordinator's role; the last owner cannot step down."""
    community = locked(Community, membership.community)
    membership = _locked_membership(community, membership.pk)
    if membership is None:
        refuse(_("This person no longer coordinates the community."))
    permissions.forget(user)
    if not permissions.can_manage_community(user, community):
        refuse(_("Only an owner can change roles."))
    if role not in Membership.Role.values:
        refuse(_("Choose a valid role."))
    if (
        membership.role == Membership.Role.OWNER
        and role != Membership.Role.OWNER
        and _owner_count(community) <= 1
    ):
        refuse(_("A community must keep at least one owner."))
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    if previous != role:
        audit.record(
            actor=user,
            action=AuditEntry.Action.COORDINATOR_ROLE_CHANGED,
            user=membership.user,
            community=community,
            detail=f"{previous} → {role}",
        )
    permissions.forget(user)
    return membership


@transaction.atomic
def ownership_hand_over(*, community, user, to_membership):
    """An owner hands ownership to another coordinator and becomes an editor.

    Both memberships are re-read under lock: the new owner may have left, or the
    owner been removed, since the page was shown; the community never ends up
    without an owner."""
    community = locked(Community, community)
    mine = Membership.objects.select_for_update().filter(community=community, user=user).first()
    if mine is None or mine.role != Membership.Role.OWNER:
        refuse(_("Only an owner can hand over ownership."))
    if to_membership.community_id != community.pk or to_membership.user_id == user.pk:
        refuse(_("Choose another coordinator of this community."))
    target = _locked_membership(community, to_membership.pk)
    if target is None:
        refuse(_("This person no longer coordinates the community."))
    promoted = Membership.objects.filter(pk=target.pk).update(role=Membership.Role.OWNER)
    demoted = Membership.objects.filter(pk=mine.pk, role=Membership.Role.OWNER).update(
        role=Membership.Role.EDITOR
    )
    if (promoted, demoted) != (1, 1):
        # Cannot happen while the rows are locked; never leave a half hand-over.
        refuse(_("The coordinators changed meanwhile: try again."))
    data_version.bump()  # queryset updates send no signal
    audit.record(
        actor=user,
        action=AuditEntry.Action.OWNERSHIP_HANDED_OVER,
        user=target.user,
        community=community,
        detail=f"from {user.email}",
    )
    permissions.forget(user)
