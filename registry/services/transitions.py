"""Every status change, stated once: from which statuses, to which, who may make it,
what it logs and which notice it sends.

The services make each transition through this table (``require``, then the row's
``log``); the admin, the coordinators' pages, their templates and the commands ask
``allowed_transitions`` or ``may`` which transitions a user may make on an object now.
A list of statuses outside the models belongs here, and nowhere else.

A row is asked about one object: a community, recommendation, review round or
recognition, or, for a transition that creates one, the model itself
(``may(user, ReviewRound, "open")``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry import permissions
from registry.models import Community, Recognition, Recommendation, ReviewRound
from registry.services.common import log_transition, refuse

CommunityStatus = Community.Status
RecommendationStatus = Recommendation.Status
RoundStatus = ReviewRound.Status

# A recognition has no status field: it is active until withdrawn.
ACTIVE = "active"
WITHDRAWN = "withdrawn"

# The transition log names its subject by the model whose status changed.
LOG_SUBJECT = {
    Community: "community",
    Recommendation: "recommendation",
    ReviewRound: "review_round",
    Recognition: "recognition",
}


@dataclass(frozen=True)
class Transition:
    """One row of the table."""

    name: str
    on: type  # the model of the object it is asked about
    sources: tuple  # that object's statuses it may be made from; () when it creates one
    target: str  # the status it leads to
    may: Callable  # who may make it: (user, obj) -> bool, from registry.permissions
    refusal: str  # the message when the actor may not
    wrong_state: str = ""  # the message when the object is not in a source status
    # Conditions on the object: each returns the refusal, or "" when it holds.
    # ``guards`` also decide whether the transition is offered; ``checks`` are made
    # when it is attempted only, so that the refusal tells the person what to do.
    guards: tuple = ()
    checks: tuple = ()
    subject: type | None = None  # the model whose status changes, when not ``on``
    logs: str = ""  # what the transition log's note holds
    notice: str = ""  # the notification template it sends (registry/notifications)
    part_of: str = ""  # made only within that other transition, never on its own
    label: str = ""  # what a choice offering it says, where a form lists several

    def log(self, *, actor, at, obj, from_status="", note=""):
        """Append this transition of ``obj`` to the transition log."""
        return log_transition(
            actor=actor,
            at=at,
            from_status=from_status,
            to_status=self.target,
            note=note,
            **{LOG_SUBJECT[type(obj)]: obj},
        )


# --- Named guards -------------------------------------------------------------------


def is_recognised(community):
    """Whether the community holds an active (not withdrawn) recognition."""
    return Recognition.objects.active().filter(community=community).exists()


def _not_recognised(community):
    if is_recognised(community):
        return _("This community is already recognised as a collaborative supporter.")
    return ""


def _no_open_recommendation(community):
    # At most one open recommendation per community (also a database constraint).
    if Recommendation.objects.open().filter(community=community).exists():
        return _("This community already has an open recommendation.")
    return ""


def _community_recommendable(recommendation):
    community = recommendation.community
    if community.status not in RECOMMEND.sources:
        return RECOMMEND.wrong_state
    return _not_recognised(community)


def _in_open_round(recommendation):
    review_round = recommendation.round
    if review_round is None or review_round.status != RoundStatus.OPEN:
        return _("A recommendation is decided in an open review round.")
    return ""


def _no_open_round(model):
    if ReviewRound.objects.filter(status=RoundStatus.OPEN).exists():
        return _("Close the open review round before opening another.")
    return ""


def _all_decided(review_round):
    undecided = review_round.recommendations.filter(status=RecommendationStatus.SUBMITTED).count()
    if undecided:
        return gettext(
            "%(count)d recommendation(s) in this round are not yet decided or deferred."
        ) % {"count": undecided}
    return ""


def _has_a_topic(community):
    if not community.topics.exists():
        return _("Choose at least one topic before submitting.")
    return ""


def archived_unconfirmed(community):
    """Whether the community is archived because no one confirmed it: its last move
    to archived was the registry's own (a transition without an actor)."""
    if community.status != CommunityStatus.ARCHIVED:
        return False
    last = community.transitions.filter(to_status=CommunityStatus.ARCHIVED).first()
    return last is not None and last.actor_id is None


def _confirmable(community):
    # A published one, or one the registry archived for want of confirmation (an owner
    # brings it back by confirming; one archived by a person is published again only
    # by the Secretariat).
    if community.status == CommunityStatus.ARCHIVED and not archived_unconfirmed(community):
        return _("Only the Secretariat can publish this archived community again.")
    return ""


def communities_open_to_recommendation(communities):
    """Those of ``communities`` a recommendation may be made for now: the "recommend"
    row's statuses and guards, as a query (for the admin's community search)."""
    return (
        communities.filter(status__in=RECOMMEND.sources)
        .exclude(pk__in=Recommendation.objects.open().values("community"))
        .exclude(pk__in=Recognition.objects.active().values("community"))
    )


# --- Who may -------------------------------------------------------------------------


def _anyone_signed_in(user, model):
    return permissions.can_register_community(user)


def _secretariat(user, obj):
    return permissions.can_moderate_community(user)


def _task_force(user, obj):
    return permissions.can_recommend(user)


def _drafter(user, recommendation):
    """The task force member who drafted the recommendation."""
    return permissions.can_recommend(user) and recommendation.recommended_by_id == user.pk


def _bureau(user, obj):
    return permissions.can_decide(user)


def _round_managers(user, obj):
    return permissions.can_manage_rounds(user)


def _withdrawers(user, recognition):
    return permissions.can_withdraw_recognition(user)


def _confirmers(user, community):
    """A coordinator confirms a published community; bringing back an archived one
    is an owner's (as archiving it is). The Secretariat may do both. The bearer of a
    signed confirmation link is let through by the service, which checks the link."""
    if permissions.can_moderate_community(user):
        return True
    if community.status == CommunityStatus.ARCHIVED:
        return permissions.is_owner(user, community)
    return permissions.is_coordinator(user, community)


def _the_registry(user, community):
    """No person: the scheduler (registry.housekeeping) acts as the registry."""
    return user is None


# --- The table ----------------------------------------------------------------------

REGISTER = Transition(
    name="register",
    on=Community,
    sources=(),
    target=CommunityStatus.DRAFT,
    may=_anyone_signed_in,
    refusal=_("Sign in to register a community."),
    logs="Registered",
)
SUBMIT = Transition(
    name="submit",
    on=Community,
    sources=(CommunityStatus.DRAFT, CommunityStatus.RETURNED),
    target=CommunityStatus.SUBMITTED,
    may=permissions.can_submit_community,
    refusal=_("Only an owner of this community can submit it."),
    wrong_state=_("Only a draft or returned community can be submitted."),
    checks=(_has_a_topic,),
    notice="community_submitted",
)
PUBLISH = Transition(
    name="publish",
    on=Community,
    sources=(CommunityStatus.SUBMITTED, CommunityStatus.ARCHIVED),
    target=CommunityStatus.PUBLISHED,
    may=_secretariat,
    refusal=_("Only the Secretariat can publish a community."),
    wrong_state=_("Only a submitted or archived community can be published."),
    notice="community_published",
)
RETURN = Transition(
    name="return",
    on=Community,
    sources=(CommunityStatus.SUBMITTED,),
    target=CommunityStatus.RETURNED,
    may=_secretariat,
    refusal=_("Only the Secretariat can return a community."),
    wrong_state=_("Only a submitted community can be returned."),
    logs="the reason",
    notice="community_returned",
)
ARCHIVE = Transition(
    name="archive",
    on=Community,
    sources=(CommunityStatus.PUBLISHED,),
    target=CommunityStatus.ARCHIVED,
    may=permissions.can_archive_community,
    refusal=_("Only an owner or the Secretariat can archive this community."),
    wrong_state=_("Only a published community can be archived."),
    logs="the note, if any",
    notice="community_archived",
)
CONFIRM = Transition(
    name="confirm",
    on=Community,
    sources=(CommunityStatus.PUBLISHED, CommunityStatus.ARCHIVED),
    target=CommunityStatus.PUBLISHED,
    may=_confirmers,
    refusal=_("Only a coordinator of this community can confirm it."),
    wrong_state=_("Only a published community can be confirmed."),
    guards=(_confirmable,),
    logs="only a change of status (archived → published): how it was confirmed",
)
ARCHIVE_UNCONFIRMED = Transition(
    name="archive_unconfirmed",
    on=Community,
    sources=(CommunityStatus.PUBLISHED,),
    target=CommunityStatus.ARCHIVED,
    may=_the_registry,
    refusal=_("Only the registry archives a community for want of confirmation."),
    wrong_state=_("Only a published community can be archived."),
    logs="since when it was not confirmed",
    notice="community_archived_unconfirmed",
)
RECOMMEND = Transition(
    name="recommend",
    on=Community,
    subject=Recommendation,
    sources=(CommunityStatus.PUBLISHED,),
    target=RecommendationStatus.DRAFT,
    may=_task_force,
    refusal=_("Only task force members can recommend a community."),
    wrong_state=_("Only a published community can be recommended."),
    guards=(_not_recognised, _no_open_recommendation),
)
EDIT_RECOMMENDATION = Transition(
    name="edit",
    on=Recommendation,
    sources=(RecommendationStatus.DRAFT,),
    target=RecommendationStatus.DRAFT,
    may=_drafter,
    refusal=_("Only the recommending member can change this recommendation."),
    wrong_state=_("A submitted recommendation can no longer be changed."),
    logs="nothing: a change of the draft is not a status change",
)
SUBMIT_RECOMMENDATION = Transition(
    name="submit",
    on=Recommendation,
    sources=(RecommendationStatus.DRAFT,),
    target=RecommendationStatus.SUBMITTED,
    may=_drafter,
    refusal=_("Only the task force member who drafted it can submit this recommendation."),
    wrong_state=_("Only a draft recommendation can be submitted."),
    checks=(_community_recommendable,),
    logs="the review round, or that it waits for the next one",
    notice="recommendation_submitted",
)


def _decision(name, target, label):
    return Transition(
        name=name,
        on=Recommendation,
        sources=(RecommendationStatus.SUBMITTED,),
        target=target,
        may=_bureau,
        refusal=_("Only Bureau members can decide on recommendations."),
        wrong_state=_("This recommendation has already been decided (%(status)s)."),
        guards=(_in_open_round,),
        logs="the decision note",
        notice="recommendation_decided",
        label=label,
    )


ENDORSE = _decision("endorse", RecommendationStatus.ENDORSED, _("Endorse"))
DECLINE = _decision("decline", RecommendationStatus.DECLINED, _("Decline"))
DEFER = _decision("defer", RecommendationStatus.DEFERRED, _("Defer to the next round"))
CARRY_OVER = Transition(
    name="carry_over",
    on=Recommendation,
    sources=(RecommendationStatus.DEFERRED,),
    target=RecommendationStatus.SUBMITTED,
    may=_round_managers,
    refusal=_("Only the Bureau or the Secretariat can open a review round."),
    logs="the round it moved to",
    part_of="open",
)
OPEN_ROUND = Transition(
    name="open",
    on=ReviewRound,
    sources=(),
    target=RoundStatus.OPEN,
    may=_round_managers,
    refusal=_("Only the Bureau or the Secretariat can open a review round."),
    guards=(_no_open_round,),
)
CLOSE_ROUND = Transition(
    name="close",
    on=ReviewRound,
    sources=(RoundStatus.OPEN,),
    target=RoundStatus.CLOSED,
    may=_round_managers,
    refusal=_("Only the Bureau or the Secretariat can close a review round."),
    wrong_state=_("This review round is already closed."),
    checks=(_all_decided,),
)
RECOGNISE = Transition(
    name="recognise",
    on=Recognition,
    sources=(),
    target=ACTIVE,
    may=_bureau,
    refusal=_("Only Bureau members can decide on recommendations."),
    logs="the decision note",
    part_of="endorse",
)
WITHDRAW = Transition(
    name="withdraw",
    on=Recognition,
    sources=(ACTIVE,),
    target=WITHDRAWN,
    may=_withdrawers,
    refusal=_("Only Bureau members can withdraw a recognition."),
    wrong_state=_("This recognition has already been withdrawn."),
    logs="the reason",
    notice="recognition_withdrawn",
)

TRANSITIONS = (
    REGISTER,
    SUBMIT,
    PUBLISH,
    RETURN,
    ARCHIVE,
    CONFIRM,
    ARCHIVE_UNCONFIRMED,
    RECOMMEND,
    EDIT_RECOMMENDATION,
    SUBMIT_RECOMMENDATION,
    ENDORSE,
    DECLINE,
    DEFER,
    CARRY_OVER,
    OPEN_ROUND,
    CLOSE_ROUND,
    RECOGNISE,
    WITHDRAW,
)

# Bureau decisions by the status they lead to: "endorsed" -> ENDORSE.
DECISIONS = {row.target: row for row in (ENDORSE, DECLINE, DEFER)}


# --- Asking the table ---------------------------------------------------------------


def _model_of(obj):
    return obj if isinstance(obj, type) else type(obj)


def status_of(obj):
    """The object's status as the table names it; None for a model (a creation)."""
    if isinstance(obj, type):
        return None
    if isinstance(obj, Recognition):
        return ACTIVE if obj.withdrawn_at is None else WITHDRAWN
    return obj.status


def _rows_for(obj):
    """The rows asked about ``obj``: those that create one when it is a model, the
    others when it is an object."""
    creating = isinstance(obj, type)
    model = _model_of(obj)
    return [row for row in TRANSITIONS if row.on is model and (not row.sources) == creating]


def transition(obj, name):
    """The row ``name`` of the transitions asked about ``obj``."""
    for row in _rows_for(obj):
        if row.name == name:
            return row
    raise KeyError(f"No transition {name!r} on {obj!r}")


def _actor_refusal(user, obj, row):
    return "" if row.may(user, obj) else str(row.refusal)


def _state_refusal(obj, row, *, attempted):
    if row.sources and status_of(obj) not in row.sources:
        label = obj.get_status_display() if hasattr(obj, "get_status_display") else ""
        return str(row.wrong_state) % {"status": label}
    for condition in row.guards + (row.checks if attempted else ()):
        message = condition(obj)
        if message:
            return str(message)
    return ""


def refusal(user, obj, name):
    """Why ``user`` may not make transition ``name`` on ``obj`` now, or "" if they may."""
    row = transition(obj, name)
    return _actor_refusal(user, obj, row) or _state_refusal(obj, row, attempted=True)


def may(user, obj, name):
    """Whether ``user`` may make transition ``name`` on ``obj`` now (as offered: the
    ``checks`` that only explain a refusal are not asked)."""
    row = transition(obj, name)
    return not (_actor_refusal(user, obj, row) or _state_refusal(obj, row, attempted=False))


def allowed_transitions(user, obj):
    """The names of the transitions ``user`` may make on ``obj`` now, in table order."""
    return [row.name for row in _rows_for(obj) if not row.part_of and may(user, obj, row.name)]


def state_refusal(obj, name):
    """Why ``obj`` is not now in a state transition ``name`` may start from, or "";
    whoever asks (for a form's message before the actor is known)."""
    return _state_refusal(obj, transition(obj, name), attempted=True)


def require_actor(user, obj, name):
    """Refuse unless ``user`` is one who may make transition ``name``."""
    message = _actor_refusal(user, obj, transition(obj, name))
    if message:
        refuse(message)


def require_state(obj, name):
    """Refuse unless ``obj`` is in a status, and meets the conditions, ``name`` starts from."""
    message = state_refusal(obj, name)
    if message:
        refuse(message)


def require(user, obj, name):
    """Refuse (``TransitionNotAllowed``) unless ``user`` may make ``name`` on ``obj`` now;
    return the row. The actor's right is checked first, then the state."""
    require_actor(user, obj, name)
    require_state(obj, name)
    return transition(obj, name)
