"""Workflows hold under races: a community keeps an owner, a closed round takes no
recommendation, one round opens at a time, a recognised community is not recommended.

The concurrent tests force the interleaving on PostgreSQL (``select_for_update`` does
nothing on SQLite): thread A runs a transition and keeps its transaction open; thread
B starts the conflicting transition and must be seen waiting for a lock
(pg_stat_activity); then A commits and B finishes against the new state. Each rule
also has a test of the same refusal one step at a time, which runs on SQLite too.
"""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from registry import permissions, services
from registry.models import Membership, Recommendation, ReviewRound
from tests.conftest import require

WAIT_SECONDS = 10
POLL_SECONDS = 0.05

# Concurrent tests use serialized_rollback: the flush after a transactional test would
# lose the reference data and groups that migrations created, for the tests that follow.


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        require("POSTGRES", "row locks need PostgreSQL (set DATABASE_URL)")


class Holding(threading.Thread):
    """Thread A: runs ``work`` in a transaction on its own connection and keeps that
    transaction, with its locks, open until ``commit()``."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work = work
        self.worked = threading.Event()
        self.may_commit = threading.Event()
        self.error = None

    def run(self):
        try:
            with transaction.atomic():
                self.work()
                self.worked.set()
                if not self.may_commit.wait(WAIT_SECONDS):
                    raise TimeoutError("thread A was never told to commit")
        except Exception as error:
            self.error = error
        finally:
            self.worked.set()
            connection.close()

    def commit(self):
        self.may_commit.set()
        self.join(WAIT_SECONDS)


class Transition(threading.Thread):
    """Thread B: runs ``work`` (a service call) on its own connection."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work = work
        self.started = threading.Event()
        self.finished = threading.Event()
        self.pid = self.result = self.refusal = self.error = None

    def run(self):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]
            self.started.set()
            self.result = self.work()
        except services.TransitionNotAllowed as refusal:
            self.refusal = refusal
        except Exception as error:
            self.error = error
        finally:
            self.finished.set()
            self.started.set()
            connection.close()


def waits_for_a_lock(transition):
    """Whether B's backend is seen waiting for a lock before it finishes (bounded)."""
    for _attempt in range(int(WAIT_SECONDS / POLL_SECONDS)):
        if transition.finished.is_set():
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [transition.pid]
            )
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            return True
        time.sleep(POLL_SECONDS)
    return False


def race(first, second):
    """``first`` runs and holds its transaction; ``second`` starts and must wait for it;
    ``first`` commits; ``second`` finishes. Returns ``second``'s thread."""
    holding = Holding(first)
    holding.start()
    assert holding.worked.wait(WAIT_SECONDS)
    assert holding.error is None, holding.error
    transition = Transition(second)
    transition.start()
    try:
        assert transition.started.wait(WAIT_SECONDS)
        waited = waits_for_a_lock(transition)
    finally:
        holding.commit()
        transition.join(WAIT_SECONDS)
    assert not holding.is_alive() and not transition.is_alive(), "a transaction hung"
    assert holding.error is None, holding.error
    assert waited, "the second transition did not wait for the first one's lock"
    if transition.error is not None:
        raise transition.error
    return transition


def owners_of(community):
    return set(
        community.memberships.filter(role=Membership.Role.OWNER).values_list(
            "user__email", flat=True
        )
    )


@pytest.fixture
def coordinators(make_user, make_community):
    """A community with two owners and an editor."""
    first = make_user("first-owner@example.org")
    second = make_user("second-owner@example.org")
    editor = make_user("editor@example.org")
    community = make_community("Shared network", owner=first)
    Membership.objects.create(user=second, community=community, role=Membership.Role.OWNER)
    Membership.objects.create(user=editor, community=community, role=Membership.Role.EDITOR)
    return community, first, second, editor


def membership(community, user):
    return Membership.objects.get(community=community, user=user)


def recognise(community, *, bureau, make_round, make_recommendation):
    recommendation = make_recommendation(
        community, status=Recommendation.Status.SUBMITTED, round=make_round()
    )
    services.recommendation_decide(
        recommendation=recommendation, user=bureau, decision="endorsed", note="Sustained work."
    )
    return recommendation.recognition


# --- A community keeps an owner ------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hand_over_to_a_coordinator_who_leaves_at_that_moment_is_refused_and_the_owner_stays(
    postgres_only, coordinators
):
    community, first, second, editor = coordinators
    membership(community, second).delete()  # the first owner is the only owner
    leaving = membership(community, editor)

    hand_over = race(
        lambda: services.membership_remove(membership=leaving, user=editor),
        lambda: services.ownership_hand_over(
            community=community, user=first, to_membership=leaving
        ),
    )

    assert str(hand_over.refusal) == "This person no longer coordinates the community."
    assert owners_of(community) == {first.email}
    assert not community.memberships.filter(user=editor).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hand_over_to_a_coordinator_whose_account_is_deleted_at_that_moment_is_refused(
    postgres_only, coordinators
):
    # Deleting an account removes its memberships without the community lock: only the
    # lock on the membership row itself makes the hand-over wait.
    community, first, second, editor = coordinators
    membership(community, second).delete()
    target = membership(community, editor)

    hand_over = race(
        lambda: get_user_model().objects.get(pk=editor.pk).delete(),
        lambda: services.ownership_hand_over(community=community, user=first, to_membership=target),
    )

    assert str(hand_over.refusal) == "This person no longer coordinates the community."
    assert owners_of(community) == {first.email}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_owner_removed_at_that_moment_can_no_longer_hand_over(postgres_only, coordinators):
    community, first, second, editor = coordinators
    assert permissions.is_owner(first, community)  # as the view checked, before the lock

    hand_over = race(
        lambda: services.membership_remove(membership=membership(community, first), user=second),
        lambda: services.ownership_hand_over(
            community=community, user=first, to_membership=membership(community, editor)
        ),
    )

    assert str(hand_over.refusal) == "Only an owner can hand over ownership."
    assert owners_of(community) == {second.email}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_owners_stepping_down_at_once_leave_one_owner(postgres_only, coordinators):
    community, first, second, _editor = coordinators

    second_steps_down = race(
        lambda: services.membership_set_role(
            membership=membership(community, first), user=first, role=Membership.Role.EDITOR
        ),
        lambda: services.membership_set_role(
            membership=membership(community, second), user=second, role=Membership.Role.EDITOR
        ),
    )

    assert str(second_steps_down.refusal) == "A community must keep at least one owner."
    assert owners_of(community) == {second.email}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_owners_leaving_at_once_leave_one_owner(postgres_only, coordinators):
    community, first, second, _editor = coordinators

    second_leaves = race(
        lambda: services.membership_remove(membership=membership(community, first), user=first),
        lambda: services.membership_remove(membership=membership(community, second), user=second),
    )

    assert "must keep at least one owner" in str(second_leaves.refusal)
    assert owners_of(community) == {second.email}


def test_hand_over_to_a_removed_coordinator_is_refused(coordinators):
    community, first, second, editor = coordinators
    membership(community, second).delete()
    removed = membership(community, editor)
    services.membership_remove(membership=removed, user=editor)

    with pytest.raises(services.TransitionNotAllowed, match="no longer coordinates"):
        services.ownership_hand_over(community=community, user=first, to_membership=removed)

    assert owners_of(community) == {first.email}


def test_removing_a_coordinator_already_removed_is_refused_with_a_message(coordinators):
    community, first, _second, editor = coordinators
    removed = membership(community, editor)
    services.membership_remove(membership=removed, user=first)

    with pytest.raises(services.TransitionNotAllowed, match="no longer coordinates"):
        services.membership_remove(membership=removed, user=first)
    with pytest.raises(services.TransitionNotAllowed, match="no longer coordinates"):
        services.membership_set_role(membership=removed, user=first, role=Membership.Role.OWNER)


# --- Review rounds --------------------------------------------------------------------


@pytest.fixture
def draft(make_user, make_community, make_recommendation):
    recommender = make_user("recommender@example.org", groups=["Task force"])
    return make_recommendation(make_community("Pollinator network"), by=recommender)


def submit(draft):
    return services.recommendation_submit(recommendation=draft, user=draft.recommended_by)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_recommendation_submitted_while_the_round_closes_waits_for_the_next_round(
    postgres_only, bureau, make_round, draft
):
    review_round = make_round()

    race(
        lambda: services.round_close(review_round=review_round, user=bureau),
        lambda: submit(draft),
    )

    draft.refresh_from_db()
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.CLOSED
    assert (draft.status, draft.round) == (Recommendation.Status.SUBMITTED, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_round_does_not_close_while_a_recommendation_is_being_submitted_into_it(
    postgres_only, bureau, make_round, draft
):
    review_round = make_round()

    close = race(
        lambda: submit(draft),
        lambda: services.round_close(review_round=review_round, user=bureau),
    )

    assert "not yet decided" in str(close.refusal)
    draft.refresh_from_db()
    review_round.refresh_from_db()
    assert review_round.status == ReviewRound.Status.OPEN
    assert draft.round == review_round


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_recommendation_submitted_while_a_round_opens_goes_into_it(postgres_only, bureau, draft):
    race(
        lambda: services.round_open(user=bureau, title="Next meeting", meeting_date="2027-05-10"),
        lambda: submit(draft),
    )

    draft.refresh_from_db()
    assert draft.round == ReviewRound.objects.get(status=ReviewRound.Status.OPEN)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_round_opened_while_a_recommendation_is_submitted_takes_it_in(
    postgres_only, bureau, draft
):
    race(
        lambda: submit(draft),
        lambda: services.round_open(user=bureau, title="Next meeting", meeting_date="2027-05-10"),
    )

    draft.refresh_from_db()
    assert draft.status == Recommendation.Status.SUBMITTED
    assert draft.round == ReviewRound.objects.get(status=ReviewRound.Status.OPEN)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_round_openings_give_one_round_and_a_clear_refusal(
    postgres_only, bureau, secretariat
):
    second = race(
        lambda: services.round_open(user=bureau, title="May meeting", meeting_date="2027-05-10"),
        lambda: services.round_open(
            user=secretariat, title="June meeting", meeting_date="2027-06-10"
        ),
    )

    assert str(second.refusal) == "Close the open review round before opening another."
    assert list(ReviewRound.objects.values_list("title", flat=True)) == ["May meeting"]


def test_opening_a_round_while_one_is_open_is_refused_with_a_clear_message(bureau, make_round):
    make_round("May meeting")

    with pytest.raises(
        services.TransitionNotAllowed, match="Close the open review round before opening another"
    ):
        services.round_open(user=bureau, title="June meeting", meeting_date="2027-06-10")

    assert ReviewRound.objects.count() == 1


# --- A recognised community is not recommended again -----------------------------------


def test_a_recognised_community_cannot_be_recommended_again(
    bureau, task_force, make_community, make_round, make_recommendation
):
    community = make_community("Pollinator network")
    recognise(
        community, bureau=bureau, make_round=make_round, make_recommendation=make_recommendation
    )

    with pytest.raises(services.TransitionNotAllowed, match="already recognised"):
        services.recommendation_create(
            community=community,
            user=task_force,
            task_force=community.recognitions.get().task_force,
            rationale="Still active.",
            conflict_of_interest="none",
        )

    assert community.recommendations.count() == 1


def test_a_draft_for_a_community_recognised_since_cannot_be_submitted(
    bureau, task_force, make_community, make_round, make_recommendation
):
    community = make_community("Pollinator network")
    recognise(
        community, bureau=bureau, make_round=make_round, make_recommendation=make_recommendation
    )
    # A draft from before the rule, or written while the endorsement went through.
    draft = make_recommendation(community, by=task_force)

    with pytest.raises(services.TransitionNotAllowed, match="already recognised"):
        submit(draft)

    draft.refresh_from_db()
    assert draft.status == Recommendation.Status.DRAFT


def test_after_a_withdrawal_the_community_can_be_recommended_again(
    bureau, task_force, make_community, make_round, make_recommendation
):
    community = make_community("Pollinator network")
    recognition = recognise(
        community, bureau=bureau, make_round=make_round, make_recommendation=make_recommendation
    )
    services.recognition_withdraw(recognition=recognition, user=bureau, reason="Inactive.")

    recommendation = services.recommendation_create(
        community=community,
        user=task_force,
        task_force=recognition.task_force,
        rationale="Active again.",
        conflict_of_interest="none",
    )

    assert recommendation.status == Recommendation.Status.DRAFT
