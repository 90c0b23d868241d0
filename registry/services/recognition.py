"""Recognition: recommendations, review rounds, decisions and withdrawal."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import data_version, permissions
from registry.models import (
    Community,
    Contribution,
    Recognition,
    Recommendation,
    RecommendationEvidence,
    ReviewRound,
)
from registry.models.recognition import CONFLICT_NOT_DECLARED
from registry.notifications import notify
from registry.services import transitions
from registry.services.common import (
    coordinator_emails,
    emails_of_people_who_may,
    locked,
    refuse,
)
from registry.services.transitions import is_recognised

__all__ = ["is_recognised"]  # re-exported: the guard lives with the transition table


def open_round():
    return ReviewRound.objects.filter(status=ReviewRound.Status.OPEN).first()


@transaction.atomic
def recommendation_create(
    *, community, user, task_force, rationale, conflict_of_interest, contributions=(), now=None
):
    """A task force member drafts a recommendation for a published community."""
    now = now or timezone.now()
    transitions.require_actor(user, community, "recommend")
    community = locked(Community, community)
    row = transitions.require(user, community, "recommend")
    if not (conflict_of_interest or "").strip():
        refuse(str(CONFLICT_NOT_DECLARED))
    if not (rationale or "").strip():
        refuse(_("Give the rationale for the recommendation."))
    recommendation = Recommendation.objects.create(
        community=community,
        task_force=task_force,
        rationale=rationale,
        conflict_of_interest=conflict_of_interest,
        recommended_by=user,
        status=row.target,
    )
    recommendation_set_evidence(
        recommendation=recommendation, user=user, contributions=contributions
    )
    row.log(actor=user, at=now, obj=recommendation)
    return recommendation


def recommendation_set_evidence(*, recommendation, user, contributions):
    """Replace the supporting contributions of a draft; only the community's own count."""
    # The state first: once submitted, nobody may change it.
    transitions.require_state(recommendation, "edit")
    transitions.require_actor(user, recommendation, "edit")
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
    data_version.bump()  # bulk_create sends no signal


@transaction.atomic
def recommendation_submit(*, recommendation, user, now=None):
    """The recommending task force member submits the draft into the open round
    (or to wait for the next round to open). Read-only to them afterwards."""
    now = now or timezone.now()
    recommendation = locked(Recommendation, recommendation)
    row = transitions.require(user, recommendation, "submit")
    # Lock the open round: a round_close waiting on it then counts this one as
    # undecided, and one that closed first is no longer found here.
    current = ReviewRound.objects.select_for_update().filter(status=ReviewRound.Status.OPEN).first()
    previous = recommendation.status
    recommendation.status = row.target
    recommendation.round = current
    recommendation.submitted_at = now
    recommendation.save(update_fields=["status", "round", "submitted_at"])
    row.log(
        actor=user,
        at=now,
        obj=recommendation,
        from_status=previous,
        note=str(current) if current else _("Waiting for the next review round"),
    )
    notify(
        recipients=emails_of_people_who_may(permissions.DECIDES),
        template=row.notice,
        context={"recommendation": recommendation, "round": current},
    )
    return recommendation


@transaction.atomic
def recommendation_decide(*, recommendation, user, decision, note, now=None):
    """A Bureau member endorses, declines or defers a submitted recommendation in an
    open round, with a note. Exactly once, even when two decide at the same moment.
    Endorsing creates the public Recognition."""
    now = now or timezone.now()
    # Every decision has the same deciders: ask with any of them before the lock.
    transitions.require_actor(user, recommendation, transitions.ENDORSE.name)
    recommendation = locked(Recommendation, recommendation)
    row = transitions.DECISIONS.get(decision)
    if row is None:
        refuse(_("Choose endorse, decline or defer."))
    transitions.require_state(recommendation, row.name)
    review_round = recommendation.round
    note = (note or "").strip()
    if not note:
        refuse(_("Write a note explaining the decision."))
    previous = recommendation.status
    recommendation.status = row.target
    recommendation.decision_note = note
    recommendation.decided_by = user
    recommendation.decided_at = now
    recommendation.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    row.log(actor=user, at=now, obj=recommendation, from_status=previous, note=note)
    recognition = None
    if row is transitions.ENDORSE:
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
        transitions.RECOGNISE.log(actor=user, at=now, obj=recognition, note=note)
    notify(
        recipients=coordinator_emails(recommendation.community)
        + [recommendation.recommended_by.email],
        template=row.notice,
        context={"recommendation": recommendation, "recognition": recognition},
    )
    return recommendation


@transaction.atomic
def round_open(*, user, title, meeting_date, now=None):
    """The Bureau or Secretariat opens a review round; waiting and deferred
    recommendations move into it."""
    now = now or timezone.now()
    transitions.require_actor(user, ReviewRound, "open")
    # Lock the open rounds so two people cannot open two at once.
    list(ReviewRound.objects.select_for_update().filter(status=ReviewRound.Status.OPEN))
    row = transitions.require(user, ReviewRound, "open")
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
    row.log(actor=user, at=now, obj=review_round)
    # Drafts are locked too: one being submitted right now (which could not yet see
    # this round) is waited for, and then moved in with the others.
    submit = transitions.SUBMIT_RECOMMENDATION
    waiting = Recommendation.objects.select_for_update().filter(
        status__in=(*submit.sources, submit.target), round__isnull=True
    )
    for recommendation in waiting:
        if recommendation.status != submit.target:
            continue
        recommendation.round = review_round
        recommendation.save(update_fields=["round"])
    carry_over = transitions.CARRY_OVER
    deferred = Recommendation.objects.select_for_update().filter(status__in=carry_over.sources)
    for recommendation in deferred:
        # Undecided again; the deferral (who, when, why) stays in the transition log.
        previous = recommendation.status
        recommendation.status = carry_over.target
        recommendation.round = review_round
        recommendation.decision_note = ""
        recommendation.decided_by = None
        recommendation.decided_at = None
        recommendation.save(
            update_fields=["status", "round", "decision_note", "decided_by", "decided_at"]
        )
        carry_over.log(
            actor=user,
            at=now,
            obj=recommendation,
            from_status=previous,
            note=_("Moved to %(round)s") % {"round": review_round},
        )
    return review_round


@transaction.atomic
def round_close(*, review_round, user, now=None):
    """Close a round once every recommendation in it is decided or deferred."""
    now = now or timezone.now()
    transitions.require_actor(user, review_round, "close")
    review_round = locked(ReviewRound, review_round)
    row = transitions.require(user, review_round, "close")
    previous = review_round.status
    review_round.status = row.target
    review_round.closed_at = now
    review_round.save(update_fields=["status", "closed_at"])
    row.log(actor=user, at=now, obj=review_round, from_status=previous)
    return review_round


@transaction.atomic
def recognition_withdraw(*, recognition, user, reason, now=None):
    """A Bureau member withdraws a recognition, with a reason; it stays on record."""
    now = now or timezone.now()
    transitions.require_actor(user, recognition, "withdraw")
    recognition = locked(Recognition, recognition)
    row = transitions.require(user, recognition, "withdraw")
    reason = (reason or "").strip()
    if not reason:
        refuse(_("Give the reason for withdrawing the recognition."))
    recognition.withdrawn_at = now
    recognition.withdrawal_reason = reason
    recognition.withdrawn_by = user
    recognition.save(update_fields=["withdrawn_at", "withdrawal_reason", "withdrawn_by"])
    row.log(actor=user, at=now, obj=recognition, from_status=transitions.ACTIVE, note=reason)
    notify(
        recipients=coordinator_emails(recognition.community),
        template=row.notice,
        context={"recognition": recognition, "reason": reason},
    )
    return recognition
