"""Every state change of the registry.

Each transition is one function with keyword-only arguments: it locks the row,
checks the current state and the actor's right (``registry.permissions``), saves
with ``update_fields``, appends to the transition log and queues its notices
(``registry.notifications``), all in one transaction. A refused transition raises
``TransitionNotAllowed``; views and admin actions turn it into a message.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from registry import audit, permissions
from registry.audit import AuditEntry
from registry.models import (
    Community,
    Contribution,
    Invitation,
    InvitationSending,
    Membership,
    Recognition,
    Recommendation,
    RecommendationEvidence,
    ReviewRound,
    TransitionLog,
)
from registry.notifications import notify

Status = Community.Status


class TransitionNotAllowed(Exception):
    """A transition the actor may not make, or not from the current state."""


def _refuse(message):
    raise TransitionNotAllowed(message)


def _log(*, actor, to_status, from_status="", note="", **subject):
    return TransitionLog.objects.create(
        actor=actor, from_status=from_status, to_status=to_status, note=note, **subject
    )


def _coordinator_emails(community):
    return list(community.memberships.values_list("user__email", flat=True))


def _emails_of_people_who_may(permission):
    """Addresses of the active people holding a permission (through a role or directly)."""
    app_label, codename = permission.split(".")
    User = get_user_model()
    holds = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    return list(
        User.objects.filter(holds, is_active=True).values_list("email", flat=True).distinct()
    )


def _locked(model, instance):
    return model.objects.select_for_update().get(pk=instance.pk)


# --- Communities ------------------------------------------------------------------


def unique_community_slug(name, *, exclude_pk=None):
    """A URL slug from the name, made unique with a number where needed."""
    base = slugify(name)[:90] or "community"
    slug, number = base, 2
    existing = Community.objects.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def community_register(*, owner, form):
    """Save a new community from a valid ModelForm as a draft owned by ``owner``."""
    if not permissions.can_register_community(owner):
        _refuse(_("Sign in to register a community."))
    community = form.save(commit=False)
    community.slug = unique_community_slug(community.name)
    community.status = Status.DRAFT
    community.save()
    form.save_m2m()
    Membership.objects.create(user=owner, community=community, role=Membership.Role.OWNER)
    permissions.forget(owner)
    _log(actor=owner, community=community, to_status=Status.DRAFT, note=_("Registered"))
    return community


@transaction.atomic
def community_submit(*, community, user):
    """An owner (or the Secretariat) submits a draft or returned community for review."""
    community = _locked(Community, community)
    if not permissions.can_submit_community(user, community):
        _refuse(_("Only an owner of this community can submit it."))
    if community.status not in (Status.DRAFT, Status.RETURNED):
        _refuse(_("Only a draft or returned community can be submitted."))
    if not community.topics.exists():
        _refuse(_("Choose at least one topic before submitting."))
    previous = community.status
    community.status = Status.SUBMITTED
    community.save(update_fields=["status", "updated_at"])
    _log(actor=user, community=community, from_status=previous, to_status=community.status)
    notify(
        recipients=_emails_of_people_who_may(permissions.MODERATES),
        template="community_submitted",
        context={"community": community},
    )
    return community


@transaction.atomic
def community_publish(*, community, user):
    """The Secretariat publishes a submitted (or re-publishes an archived) community."""
    community = _locked(Community, community)
    if not permissions.can_moderate_community(user):
        _refuse(_("Only the Secretariat can publish a community."))
    if community.status not in (Status.SUBMITTED, Status.ARCHIVED):
        _refuse(_("Only a submitted or archived community can be published."))
    previous = community.status
    community.status = Status.PUBLISHED
    community.published_at = community.published_at or timezone.now()
    community.save(update_fields=["status", "published_at", "updated_at"])
    _log(actor=user, community=community, from_status=previous, to_status=community.status)
    notify(
        recipients=_coordinator_emails(community),
        template="community_published",
        context={"community": community},
    )
    return community


@transaction.atomic
def community_return(*, community, user, reason):
    """The Secretariat returns a submitted community to its owners, with a reason."""
    community = _locked(Community, community)
    if not permissions.can_moderate_community(user):
        _refuse(_("Only the Secretariat can return a community."))
    if community.status != Status.SUBMITTED:
        _refuse(_("Only a submitted community can be returned."))
    reason = (reason or "").strip()
    if not reason:
        _refuse(_("Give the reason for returning the community."))
    community.status = Status.RETURNED
    community.save(update_fields=["status", "updated_at"])
    _log(
        actor=user,
        community=community,
        from_status=Status.SUBMITTED,
        to_status=community.status,
        note=reason,
    )
    notify(
        recipients=_coordinator_emails(community),
        template="community_returned",
        context={"community": community, "reason": reason},
    )
    return community


@transaction.atomic
def community_archive(*, community, user, note=""):
    """An owner or the Secretariat archives a published community."""
    community = _locked(Community, community)
    if not permissions.can_archive_community(user, community):
        _refuse(_("Only an owner or the Secretariat can archive this community."))
    if community.status != Status.PUBLISHED:
        _refuse(_("Only a published community can be archived."))
    community.status = Status.ARCHIVED
    community.save(update_fields=["status", "updated_at"])
    _log(
        actor=user,
        community=community,
        from_status=Status.PUBLISHED,
        to_status=community.status,
        note=note,
    )
    notify(
        recipients=_coordinator_emails(community),
        template="community_archived",
        context={"community": community, "note": note},
    )
    return community


def last_return_reason(community):
    """The Secretariat's reason, when the community is currently returned."""
    if community.status != Status.RETURNED:
        return ""
    entry = community.transitions.filter(to_status=Status.RETURNED).order_by("-at", "-pk").first()
    return entry.note if entry else ""


# --- Coordinators -----------------------------------------------------------------


# How many invitation e-mails (first sendings and re-sendings) one community may
# send in any 24 hours: enough for a real team, too few for a spam relay.
DAILY_INVITATION_LIMIT = 20


def _has_verified_own_address(user):
    from allauth.account.models import EmailAddress

    return bool(user.email) and (
        EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )


def invitation_sendings_today(community):
    """The invitation e-mails the community sent in the last 24 hours."""
    since = timezone.now() - timedelta(days=1)
    return community.invitation_sendings.filter(sent_at__gt=since)


def _check_may_send(*, community, user):
    """Refuse unless ``user`` may send an invitation e-mail for ``community`` now.
    The caller holds the community's row lock, so two sendings never both pass."""
    if not permissions.can_manage_community(user, community):
        _refuse(_("Only an owner can invite coordinators."))
    if community.status != Status.PUBLISHED and not _has_verified_own_address(user):
        _refuse(
            _(
                "Verify your own e-mail address (%(email)s) before inviting co-coordinators "
                "to a community that is not yet published."
            )
            % {"email": user.email}
        )
    sendings = invitation_sendings_today(community)
    if sendings.count() >= DAILY_INVITATION_LIMIT:
        first = sendings.order_by("sent_at").values_list("sent_at", flat=True).first()
        _refuse(
            _(
                "This community has sent %(limit)d invitations in the last 24 hours, the most "
                "allowed. You can send the next one after %(time)s."
            )
            % {
                "limit": DAILY_INVITATION_LIMIT,
                "time": date_format(timezone.localtime(first + timedelta(days=1)), "Y-m-d H:i T"),
            }
        )


def _send_invitation(*, invitation, user):
    InvitationSending.objects.create(
        community=invitation.community, invitation=invitation, sent_by=user
    )
    notify(
        recipients=[invitation.email],
        template="invitation",
        context={"invitation": invitation, "community": invitation.community, "inviter": user},
    )


@transaction.atomic
def invitation_create(*, community, user, email, role=Membership.Role.EDITOR):
    """An owner invites a co-coordinator by e-mail (single-use link, valid 14 days).

    Only from a published community, or by an owner whose own address is
    verified; at most DAILY_INVITATION_LIMIT e-mails per community a day."""
    community = _locked(Community, community)
    email = email.strip().lower()
    _check_may_send(community=community, user=user)
    if community.memberships.filter(user__email__iexact=email).exists():
        _refuse(_("This person already coordinates the community."))
    if role not in Membership.Role.values:
        _refuse(_("Choose a valid role."))
    # A new invitation replaces an unused one to the same address (kept, revoked).
    community.invitations.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        community=community, email=email, role=role, invited_by=user
    )
    _send_invitation(invitation=invitation, user=user)
    audit.record(
        actor=user,
        action=AuditEntry.Action.INVITED,
        community=community,
        detail=f"{email} as {role}",
    )
    return invitation


def _locked_open_invitation(*, invitation, user):
    community = _locked(Community, invitation.community)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not permissions.can_manage_community(user, community):
        _refuse(_("Only an owner can invite coordinators."))
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        _refuse(_("This invitation was already accepted or revoked."))
    return community, invitation


@transaction.atomic
def invitation_resend(*, invitation, user):
    """An owner sends a pending invitation again: same link, valid 14 days from now.
    Counts toward the community's daily limit."""
    community, invitation = _locked_open_invitation(invitation=invitation, user=user)
    _check_may_send(community=community, user=user)
    invitation.expires_at = timezone.now() + timedelta(days=Invitation.VALID_DAYS)
    invitation.save(update_fields=["expires_at"])
    _send_invitation(invitation=invitation, user=user)
    audit.record(
        actor=user,
        action=AuditEntry.Action.INVITATION_RESENT,
        community=community,
        detail=invitation.email,
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation, user):
    """An owner withdraws a pending invitation: its link no longer works."""
    community, invitation = _locked_open_invitation(invitation=invitation, user=user)
    invitation.revoked_at = timezone.now()
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
def invitation_accept(*, token, user):
    """The invited person, signed in with the invited address verified, accepts:
    they become a coordinator and the owners are told. Single use."""
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        _refuse(_("This invitation is no longer valid. Ask the community's owner for a new one."))
    if not holds_verified_address(user, invitation.email):
        _refuse(
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
    invitation.accepted_at = timezone.now()
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
    community = _locked(Community, membership.community)
    membership = _locked_membership(community, membership.pk)
    if membership is None:
        _refuse(_("This person no longer coordinates the community."))
    permissions.forget(user)
    leaving = membership.user_id == user.pk
    if not (leaving or permissions.can_manage_community(user, community)):
        _refuse(_("Only an owner can remove coordinators."))
    if membership.role == Membership.Role.OWNER and _owner_count(community) <= 1:
        _refuse(_("A community must keep at least one owner: hand over ownership first."))
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
    community = _locked(Community, membership.community)
    membership = _locked_membership(community, membership.pk)
    if membership is None:
        _refuse(_("This person no longer coordinates the community."))
    permissions.forget(user)
    if not permissions.can_manage_community(user, community):
        _refuse(_("Only an owner can change roles."))
    if role not in Membership.Role.values:
        _refuse(_("Choose a valid role."))
    if (
        membership.role == Membership.Role.OWNER
        and role != Membership.Role.OWNER
        and _owner_count(community) <= 1
    ):
        _refuse(_("A community must keep at least one owner."))
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
    community = _locked(Community, community)
    mine = Membership.objects.select_for_update().filter(community=community, user=user).first()
    if mine is None or mine.role != Membership.Role.OWNER:
        _refuse(_("Only an owner can hand over ownership."))
    if to_membership.community_id != community.pk or to_membership.user_id == user.pk:
        _refuse(_("Choose another coordinator of this community."))
    target = _locked_membership(community, to_membership.pk)
    if target is None:
        _refuse(_("This person no longer coordinates the community."))
    promoted = Membership.objects.filter(pk=target.pk).update(role=Membership.Role.OWNER)
    demoted = Membership.objects.filter(pk=mine.pk, role=Membership.Role.OWNER).update(
        role=Membership.Role.EDITOR
    )
    if (promoted, demoted) != (1, 1):
        # Cannot happen while the rows are locked; never leave a half hand-over.
        _refuse(_("The coordinators changed meanwhile: try again."))
    audit.record(
        actor=user,
        action=AuditEntry.Action.OWNERSHIP_HANDED_OVER,
        user=target.user,
        community=community,
        detail=f"from {user.email}",
    )
    permissions.forget(user)


# --- Recommendations and recognition ------------------------------------------------


def open_round():
    return ReviewRound.objects.filter(status=ReviewRound.Status.OPEN).first()


def is_recognised(community):
    """Whether the community holds an active (not withdrawn) recognition."""
    return Recognition.objects.active().filter(community=community).exists()


def _refuse_if_recognised(community):
    if is_recognised(community):
        _refuse(_("This community is already recognised as a collaborative supporter."))


@transaction.atomic
def recommendation_create(
    *, community, user, task_force, rationale, conflict_of_interest, contributions=()
):
    """A task force member drafts a recommendation for a published community."""
    if not permissions.can_recommend(user):
        _refuse(_("Only task force members can recommend a community."))
    community = _locked(Community, community)
    if community.status != Status.PUBLISHED:
        _refuse(_("Only a published community can be recommended."))
    _refuse_if_recognised(community)
    if Recommendation.objects.open().filter(community=community).exists():
        _refuse(_("This community already has an open recommendation."))
    if not (conflict_of_interest or "").strip():
        _refuse(_('Declare any conflict of interest, or write "none".'))
    if not (rationale or "").strip():
        _refuse(_("Give the rationale for the recommendation."))
    recommendation = Recommendation.objects.create(
        community=community,
        task_force=task_force,
        rationale=rationale,
        conflict_of_interest=conflict_of_interest,
        recommended_by=user,
    )
    recommendation_set_evidence(
        recommendation=recommendation, user=user, contributions=contributions
    )
    _log(actor=user, recommendation=recommendation, to_status=Recommendation.Status.DRAFT)
    return recommendation


def recommendation_set_evidence(*, recommendation, user, contributions):
    """Replace the supporting contributions of a draft; only the community's own count."""
    if recommendation.status != Recommendation.Status.DRAFT:
        _refuse(_("A submitted recommendation can no longer be changed."))
    if recommendation.recommended_by_id != user.pk:
        _refuse(_("Only the recommending member can change this recommendation."))
    ids = {c.pk if isinstance(c, Contribution) else int(c) for c in contributions}
    valid = set(
        Contribution.objects.filter(
            pk__in=ids, community_id=recommendation.community_id
        ).values_list("pk", flat=True)
    )
    if ids - valid:
        _refuse(_("Only the recommended community's contributions can support it."))
    RecommendationEvidence.objects.filter(recommendation=recommendation).exclude(
        contribution_id__in=valid
    ).delete()
    have = set(
        RecommendationEvidence.objects.filter(recommendation=recommendation).values_list(
            "contribution_id", flat=True
        )
    )
    RecommendationEvidence.objects.bulk_create(
        RecommendationEvidence(recommendation=recommendation, contribution_id=pk)
        for pk in sorted(valid - have)
    )


@transaction.atomic
def recommendation_submit(*, recommendation, user):
    """The recommending task force member submits the draft into the open round
    (or to wait for the next round to open). Read-only to them afterwards."""
    recommendation = _locked(Recommendation, recommendation)
    if not permissions.can_recommend(user) or recommendation.recommended_by_id != user.pk:
        _refuse(_("Only the task force member who drafted it can submit this recommendation."))
    if recommendation.status != Recommendation.Status.DRAFT:
        _refuse(_("Only a draft recommendation can be submitted."))
    if recommendation.community.status != Status.PUBLISHED:
        _refuse(_("Only a published community can be recommended."))
    _refuse_if_recognised(recommendation.community)
    # Lock the open round: a round_close waiting on it then counts this one as
    # undecided, and one that closed first is no longer found here.
    current = ReviewRound.objects.select_for_update().filter(status=ReviewRound.Status.OPEN).first()
    recommendation.status = Recommendation.Status.SUBMITTED
    recommendation.round = current
    recommendation.submitted_at = timezone.now()
    recommendation.save(update_fields=["status", "round", "submitted_at"])
    _log(
        actor=user,
        recommendation=recommendation,
        from_status=Recommendation.Status.DRAFT,
        to_status=recommendation.status,
        note=str(current) if current else _("Waiting for the next review round"),
    )
    notify(
        recipients=_emails_of_people_who_may(permissions.DECIDES),
        template="recommendation_submitted",
        context={"recommendation": recommendation, "round": current},
    )
    return recommendation


@transaction.atomic
def recommendation_decide(*, recommendation, user, decision, note):
    """A Bureau member endorses, declines or defers a submitted recommendation in an
    open round, with a note. Exactly once, even when two decide at the same moment.
    Endorsing creates the public Recognition."""
    if not permissions.can_decide(user):
        _refuse(_("Only Bureau members can decide on recommendations."))
    recommendation = _locked(Recommendation, recommendation)
    if decision not in Recommendation.DECISIONS:
        _refuse(_("Choose endorse, decline or defer."))
    if recommendation.status != Recommendation.Status.SUBMITTED:
        _refuse(
            _("This recommendation has already been decided (%(status)s).")
            % {"status": recommendation.get_status_display()}
        )
    review_round = recommendation.round
    if review_round is None or review_round.status != ReviewRound.Status.OPEN:
        _refuse(_("A recommendation is decided in an open review round."))
    note = (note or "").strip()
    if not note:
        _refuse(_("Write a note explaining the decision."))
    recommendation.status = decision
    recommendation.decision_note = note
    recommendation.decided_by = user
    recommendation.decided_at = timezone.now()
    recommendation.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    _log(
        actor=user,
        recommendation=recommendation,
        from_status=Recommendation.Status.SUBMITTED,
        to_status=decision,
        note=note,
    )
    recognition = None
    if decision == Recommendation.Status.ENDORSED:
        try:
            with transaction.atomic():
                recognition = Recognition.objects.create(
                    community=recommendation.community,
                    recommendation=recommendation,
                    since=timezone.localdate(),
                    round=review_round,
                    task_force=recommendation.task_force,
                )
        except IntegrityError:
            _refuse(_("This community is already recognised as a collaborative supporter."))
        _log(actor=user, recognition=recognition, to_status="active", note=note)
    notify(
        recipients=_coordinator_emails(recommendation.community)
        + [recommendation.recommended_by.email],
        template="recommendation_decided",
        context={"recommendation": recommendation, "recognition": recognition},
    )
    return recommendation


@transaction.atomic
def round_open(*, user, title, meeting_date):
    """The Bureau or Secretariat opens a review round; waiting and deferred
    recommendations move into it."""
    if not permissions.can_manage_rounds(user):
        _refuse(_("Only the Bureau or the Secretariat can open a review round."))
    # Lock the open rounds so two people cannot open two at once.
    if list(ReviewRound.objects.select_for_update().filter(status=ReviewRound.Status.OPEN)):
        _refuse(_("Close the open review round before opening another."))
    if not (title or "").strip():
        _refuse(_("Give the round a title."))
    try:
        # With no open round there is no row to lock: a concurrent opening waits on
        # the one-open-round index here and fails once the first commits.
        with transaction.atomic():
            review_round = ReviewRound.objects.create(
                title=title.strip(), meeting_date=meeting_date
            )
    except IntegrityError:
        _refuse(_("Close the open review round before opening another."))
    _log(actor=user, review_round=review_round, to_status=ReviewRound.Status.OPEN)
    # Drafts are locked too: one being submitted right now (which could not yet see
    # this round) is waited for, and then moved in with the others.
    waiting = Recommendation.objects.select_for_update().filter(
        status__in=(Recommendation.Status.DRAFT, Recommendation.Status.SUBMITTED),
        round__isnull=True,
    )
    for recommendation in waiting:
        if recommendation.status != Recommendation.Status.SUBMITTED:
            continue
        recommendation.round = review_round
        recommendation.save(update_fields=["round"])
    deferred = Recommendation.objects.select_for_update().filter(
        status=Recommendation.Status.DEFERRED
    )
    for recommendation in deferred:
        # Undecided again; the deferral (who, when, why) stays in the transition log.
        recommendation.status = Recommendation.Status.SUBMITTED
        recommendation.round = review_round
        recommendation.decision_note = ""
        recommendation.decided_by = None
        recommendation.decided_at = None
        recommendation.save(
            update_fields=["status", "round", "decision_note", "decided_by", "decided_at"]
        )
        _log(
            actor=user,
            recommendation=recommendation,
            from_status=Recommendation.Status.DEFERRED,
            to_status=Recommendation.Status.SUBMITTED,
            note=_("Moved to %(round)s") % {"round": review_round},
        )
    return review_round


@transaction.atomic
def round_close(*, review_round, user):
    """Close a round once every recommendation in it is decided or deferred."""
    if not permissions.can_manage_rounds(user):
        _refuse(_("Only the Bureau or the Secretariat can close a review round."))
    review_round = _locked(ReviewRound, review_round)
    if review_round.status != ReviewRound.Status.OPEN:
        _refuse(_("This review round is already closed."))
    undecided = review_round.recommendations.filter(status=Recommendation.Status.SUBMITTED).count()
    if undecided:
        _refuse(
            _("%(count)d recommendation(s) in this round are not yet decided or deferred.")
            % {"count": undecided}
        )
    review_round.status = ReviewRound.Status.CLOSED
    review_round.closed_at = timezone.now()
    review_round.save(update_fields=["status", "closed_at"])
    _log(
        actor=user,
        review_round=review_round,
        from_status=ReviewRound.Status.OPEN,
        to_status=ReviewRound.Status.CLOSED,
    )
    return review_round


@transaction.atomic
def recognition_withdraw(*, recognition, user, reason):
    """A Bureau member withdraws a recognition, with a reason; it stays on record."""
    if not permissions.can_withdraw_recognition(user):
        _refuse(_("Only Bureau members can withdraw a recognition."))
    recognition = _locked(Recognition, recognition)
    if recognition.withdrawn_at is not None:
        _refuse(_("This recognition has already been withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        _refuse(_("Give the reason for withdrawing the recognition."))
    recognition.withdrawn_at = timezone.now()
    recognition.withdrawal_reason = reason
    recognition.withdrawn_by = user
    recognition.save(update_fields=["withdrawn_at", "withdrawal_reason", "withdrawn_by"])
    _log(
        actor=user,
        recognition=recognition,
        from_status="active",
        to_status="withdrawn",
        note=reason,
    )
    notify(
        recipients=_coordinator_emails(recognition.community),
        template="recognition_withdrawn",
        context={"recognition": recognition, "reason": reason},
    )
    return recognition
