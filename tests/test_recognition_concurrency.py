"""Exactly once: two Bureau members decide the same recommendation at the same moment.

``services.recommendation_decide`` locks the row (SELECT ... FOR UPDATE), which only
PostgreSQL honours; SQLite runs skip (CI's PostgreSQL run sets REQUIRE_POSTGRES=1).
"""

import threading

import pytest
from django.db import connection

from registry import services
from registry.models import Recognition, Recommendation, TransitionLog
from tests.conftest import require


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        require("POSTGRES", "row locks need PostgreSQL (set DATABASE_URL)")


def decide_at_once(recommendation, deciders):
    """Each (user, decision) in its own thread and connection, released together."""
    barrier = threading.Barrier(len(deciders))
    outcomes = [None] * len(deciders)

    def run(index, user, decision):
        try:
            barrier.wait(timeout=10)
            services.recommendation_decide(
                recommendation=Recommendation.objects.get(pk=recommendation.pk),
                user=user,
                decision=decision,
                note=f"{decision} by {user.email}",
            )
            outcomes[index] = "decided"
        except services.TransitionNotAllowed as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, user, decision))
        for index, (user, decision) in enumerate(deciders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a decision hung"
    return outcomes


@pytest.mark.postgres
# serialized_rollback: the flush after a transactional test would lose the
# reference data and groups that migrations created, for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("decisions", [("endorsed", "endorsed"), ("endorsed", "declined")])
def test_two_simultaneous_decisions_record_exactly_one(
    postgres_only, make_user, make_community, make_round, make_recommendation, decisions
):
    recommendation = make_recommendation(
        make_community(), status=Recommendation.Status.SUBMITTED, round=make_round()
    )
    first = make_user("first@example.org", groups=["Bureau"])
    second = make_user("second@example.org", groups=["Bureau"])

    outcomes = decide_at_once(recommendation, list(zip((first, second), decisions, strict=True)))

    assert outcomes.count("decided") == 1, outcomes
    (refusal,) = [o for o in outcomes if isinstance(o, services.TransitionNotAllowed)]
    assert "already been decided" in str(refusal)
    recommendation.refresh_from_db()
    winner = outcomes.index("decided")
    assert recommendation.status == decisions[winner]
    assert recommendation.decided_by == (first, second)[winner]
    assert (
        TransitionLog.objects.filter(
            recommendation=recommendation, from_status=Recommendation.Status.SUBMITTED
        ).count()
        == 1
    )
    assert Recognition.objects.filter(recommendation=recommendation).count() == (
        1 if recommendation.status == Recommendation.Status.ENDORSED else 0
    )
    assert Recognition.objects.count() <= 1
