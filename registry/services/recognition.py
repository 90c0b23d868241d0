"""Recognition: recommendations, review rounds, decisions and withdrawal."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import permissions
from registry.models import (
    Community,
    Contribution,
    Recognition,
    Recommendation,
    RecommendationEvidence,
    ReviewRound,
)
from registry.notifications import notify
from registry.services.common import (
    coordinator_emails,
    emails_of_people_who_may,
    locked,
    log_transition,
    refuse,
)

Status = Community.Status


def open_round():
    return ReviewRound.objects.filter(status=ReviewRound.Status.OPEN).first()


def is_recognised(community):
    """Whether the community holds an active (not withdrawn) recognition."""
    return Recognition.objects.active().filter(community=community).exists()


def _refuse_if_recognised(community):
    if is_recognised(community):
        refuse(_("This community is already recognised as a collaborative supporter."))


@transaction.atomic
def recommendation_create(
    *, community, user, task_force, rationale, conflict_of_interest, contributions=(), now=None
):
    """A task force member drafts a recommendation for a published community."""
    now = now or timezone.now()
    if not permissions.can_recommend(user):
        refuse(_("Only task force members can recommend a community."))
    community = locked(Community, community)
    if community.status != Status.PUBLISHED:
        refuse(_("Only a published community can be recommended."))
    _refuse_if_recognised(community)
    if Recommendation.objects.open().filter(community=community).exists():
        refuse(_("This community already has an open recommendation."))
    if not (conflict_of_interest or "").strip():
        refuse(_('Declare any conflict of interest, or write "none".'))
    if not (rationale or "").strip():
        refuse(_("Give the rationale for the recommendation."))
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
    log_transition(
        actor=user, at=now, recommendation=recommendation, to_status=Recommendation.Status.DRAFT
    )
    return recommendation


def recommendation_set_evidence(*, recommendation, user, contributions):
    """Replace the supporting contributions of a draft; only the community's own count."""
    if recommendation.status != Recommendation.Status.DRAFT:
        refuse(_("A submitted recommendation can no longer be changed."))
    if recommendation.recommended_by_id != user.pk:
        refuse(_("Only the recommending member can change this recommendation."))
    ids = {c.pk if isinstance(c, Contribution) else int(c) for c in contributions}
    valid = set(
        Contribution.objects.filter(
            pk__in=ids, community_id=recommendation.community_id
        ).values_list("pk", flat=True)
    )
    if ids - valid:
        refuse(_("Only the recommended community's contributions can support it."))
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
def recommendation_submit(*, recommendation, user, now=None):
    """The recommending task force member submits the draft into the open round
    (or to wait for the next round to open). Read-only to them afterwards."""
    now = now or timezone.now()
    recommendation = locked(Recommendation, recommendation)
    if not permissions.can_recommend(user) or recommendation.recommended_by_id != user.pk:
        refuse(_("Only the task force member who drafted it can submit this recommendation."))
    if recommendation.status != Recommendation.Status.DRAFT:
        refuse(_("Only a draft recommendation can be submitted."))
    if recommendation.community.status != Status.PUBLISHED:
        refuse(_("Only a published community can be recommended."))
    _refuse_if_recognised(recommendation.community)
    # Lock the open round: a round_close waiting on it then counts this one as
    # undecided, and one that closed first is no longer found here.
    current = ReviewRound.objects.select_for_update().filter(status=ReviewRound.Status.OPEN).first()
    recommendation.status = Recommendation.Status.SUBMITTED
    recommendation.round = current
    recommendation.submitted_at = now
    recommendation.save(update_fields=["status", "round", "submitted_at"])
    log_transition(
        actor=user,
        at=now,
        recommendation=recommendation,
        from_status=Recommendation.Status.DRAFT,
        to_status=recommendation.status,
        note=str(current) if current else _("Waiting for the next review round"),
    )
    notify(
        recipients=emails_of_people_who_may(permissions.DECIDES),
        template="recommendation_submitted",
        context={"recommendation": recommendation, "round": current},
    )
    return recommendation


@transaction.atomic
def recommendation_decide(*, recommendation, user, decision, note, now=None):
    """A Bureau member endorses, declines or defers a submitted recommendation in an
    open round, with a note. Exactly once, even when two decide at the same moment.
    Endorsing creates the public Recognition."""
    now = now or timezone.now()
    if not permissions.can_decide(user):
        refuse(_("Only Bureau members can decide on recommendations."))
    recommendation = locked(Recommendation, recommendation)
    if decision not in Recommendation.DECISIONS:
        refuse(_("Choose endorse, decline or defer."))
    if recommendation.status != Recommendation.Status.SUBMITTED:
        refuse(
            _("This recommendation has already been decided (%(status)s).")
            % {"status": recommendation.get_status_display()}
        )
    review_round = recommendation.round
    if review_round is None or review_round.status != ReviewRound.Status.OPEN:
        refuse(_("A recommendation is decided in an open review round."))
    note = (note or "").strip()
    if not note:
        refuse(_("Write a note explaining the decision."))
    recommendation.status = decision
    recommendation.decision_note = note
    recommendation.decided_by = user
    recommendation.decided_at = now
    recommendation.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    log_transition(
        actor=user,
        at=now,
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
                    since=timezone.localdate(now),
                    round=review_round,
                    task_force=recommendation.task_force,
                )
        except IntegrityError:
            refuse(_("This community is already recognised as a collaborative supporter."))
        log_transition(actor=user, at=now, recognition=recognition, to_status="active", note=note)
    notify(
        recipients=coordinator_emails(recommendation.community)
        + [recommendation.recommended_by.email],
        template="recommendation_decided",
        context={"recommendation": recommendation, "recognition": recognition},
    )
    return recommendation


@transaction.atomic
def round_open(*, user, title, meeting_date, now=None):
    """The Bureau or Secretariat opens a review round; waiting and deferred
    recommendations move into it."""
    now = now or timezone.now()
    if not permissions.can_manage_rounds(user):
        refuse(_("Only the Bureau or the Secretariat can open a review round."))
    # Lock the open rounds so two people cannot open two at once.
    if list(ReviewRound.objects.select_for_update().filter(status=ReviewRound.Status.OPEN)):
        refuse(_("Close the open review round before opening another."))
    if not (title or "").strip():
        refuse(_("Give the round a title."))
    try:
        # With no open round there is no row to lock: a concurrent opening waits on
        # the one-open-round index here and fails once the first commits.
        with transaction.atomic():
            review_round = ReviewRound.objects.create(
                title=title.strip(), meeting_date=meeting_date, opened_at=now
            )
    except IntegrityError:
        refuse(_("Close the open review round before opening another."))
    log_transition(actor=user, at=now, review_round=review_round, to_status=ReviewRound.Status.OPEN)
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
        log_transition(
            actor=user,
            at=now,
            recommendation=recommendation,
            from_status=Recommendation.Status.DEFERRED,
            to_status=Recommendation.Status.SUBMITTED,
            note=_("Moved to %(round)s") % {"round": review_round},
        )
    return review_round


@transaction.atomic
def round_close(*, review_round, user, now=None):
    """Close a round once every recommendation in it is decided or deferred."""
    now = now or timezone.now()
    if not permissions.can_manage_rounds(user):
        refuse(_("Only the Bureau or the Secretariat can close a review round."))
    review_round = locked(ReviewRound, review_round)
    if review_round.status != ReviewRound.Status.OPEN:
        refuse(_("This review round is already closed."))
    undecided = review_round.recommendations.filter(status=Recommendation.Status.SUBMITTED).count()
    if undecided:
        refuse(
            _("%(count)d recommendation(s) in this round are not yet decided or deferred.")
            % {"count": undecided}
        )
    review_round.status = ReviewRound.Status.CLOSED
    review_round.closed_at = now
    review_round.save(update_fields=["status", "closed_at"])
    log_transition(
        actor=user,
        at=now,
        review_round=review_round,
        from_status=ReviewRound.Status.OPEN,
        to_status=ReviewRound.Status.CLOSED,
    )
    return review_round


@transaction.atomic
def recognition_withdraw(*, recognition, user, reason, now=None):
    """A Bureau member withdraws a recognition, with a reason; it stays on record."""
    now = now or timezone.now()
    if not permissions.can_withdraw_recognition(user):
        refuse(_("Only Bureau members can withdraw a recognition."))
    recognition = locked(Recognition, recognition)
    if recognition.withdrawn_at is not None:
        refuse(_("This recognition has already been withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        refuse(_("Give the reason for withdrawing the recognition."))
    recognition.withdrawn_at = now
    recognition.withdrawal_reason = reason
    recognition.withdrawn_by = user
    recognition.save(update_fields=["withdrawn_at", "withdrawal_reason", "withdrawn_by"])
    log_transition(
        actor=user,
        at=now,
        recognition=recognition,
        from_status="active",
        to_status="withdrawn",
        note=reason,
    )
    notify(
        recipients=coordinator_emails(recognition.community),
        template="recognition_withdrawn",
        context={"recognition": recognition, "reason": reason},
    )
    return recognition
