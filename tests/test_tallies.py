"""The tallies (registry/tallies.py) always equal a count made from the rows: after
every kind of write a listing's unfiltered counts, read from them, equal the same
FilterSet's counts made live, and the coverage pairs equal a brute-force count."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.http import QueryDict

from registry import services, tallies
from registry.filters import CommunityFilterSet, ContributionFilterSet
from registry.models import (
    ActivityType,
    Community,
    CommunityTally,
    Contribution,
    Deliverable,
    Function,
    Recommendation,
    Region,
    Tally,
    Topic,
)
from tests.conftest import require

TODAY = datetime.date.today()


def live(filterset_class):
    """The counts made from the rows (a queryset given: never from the tallies)."""
    return filterset_class(QueryDict(), queryset=filterset_class.listed_rows()).counts()


def kept(filterset_class):
    counts = tallies.read(filterset_class.TALLY)
    assert counts is not None, "the tallies are not built"
    return filterset_class(QueryDict()).counts()


def brute_force_pairs(name):
    """Each pair counted row by row in Python."""
    listing, first, second = tallies.PAIRS[name]
    found = {}
    if listing == "communities":
        for community in Community.objects.published():
            for a in community.topics.all():
                for b in getattr(community, second).all():
                    found[(a.pk, b.pk)] = found.get((a.pk, b.pk), 0) + 1
        return found
    for contribution in Contribution.objects.published():
        seconds = (
            contribution.community.regions.all()
            if second == "community__regions"
            else contribution.activity_type.functions.all()
        )
        for a in contribution.topics.all():
            for b in seconds:
                found[(a.pk, b.pk)] = found.get((a.pk, b.pk), 0) + 1
    return found


def assert_true_to_the_rows():
    for filterset_class in (CommunityFilterSet, ContributionFilterSet):
        assert kept(filterset_class) == live(filterset_class), filterset_class.__name__
    for name in tallies.PAIRS:
        assert tallies.pair_counts(name) == brute_force_pairs(name), name


@pytest.fixture
def built(db):
    tallies.rebuild()


pytestmark = pytest.mark.django_db


def test_every_kind_of_write_keeps_the_tallies_equal_to_the_rows(
    built,
    make_community,
    make_contribution,
    make_recommendation,
    make_round,
    bureau,
    task_force,
    secretariat,
):
    africa = make_community("Pollinators of Africa", regions=("africa",), countries=["KE"])
    make_contribution(africa, topics=("pollination",), deliverables=("pollinators",))
    assert_true_to_the_rows()

    # The community's own links, from either side.
    africa.topics.add(Topic.objects.get(slug="nexus"))
    Region.objects.get(slug="americas").communities.add(africa)
    africa.countries = ["KE", "TZ"]
    africa.save()
    assert_true_to_the_rows()

    # A contribution: added, its topics changed from the topic's side, moved, deleted.
    later = make_contribution(africa, start_date=TODAY + datetime.timedelta(days=30))
    Topic.objects.get(slug="nexus").contributions.add(later)
    later.activity_type = ActivityType.objects.exclude(pk=later.activity_type_id).first()
    later.save()
    other = make_community("Soil Circle", regions=("europe-and-central-asia",))
    later.community = other
    later.save()
    assert_true_to_the_rows()
    later.delete()
    assert_true_to_the_rows()

    # Status changes through the services: archived, published again.
    services.community_archive(community=africa, user=secretariat)
    assert_true_to_the_rows()
    services.community_publish(community=africa, user=secretariat)
    assert_true_to_the_rows()

    # A recognition (the "recognised" facet).
    review_round = make_round()
    recommendation = make_recommendation(
        other, by=task_force, status=Recommendation.Status.SUBMITTED, round=review_round
    )
    services.recommendation_decide(
        recommendation=recommendation, user=bureau, decision="endorsed", note="Yes."
    )
    assert_true_to_the_rows()

    # A draft counts nowhere; a deleted community is taken out.
    make_community("Draft Network", status=Community.Status.DRAFT)
    make_community("Short-lived", regions=("africa",)).delete()
    africa.contributions.all().delete()
    assert_true_to_the_rows()


def test_deleting_a_vocabulary_term_recounts_everything(built, make_community, make_contribution):
    community = make_community(topics=("pollination", "nexus"))
    make_contribution(community, topics=("nexus",), deliverables=("pollinators",))
    Deliverable.objects.get(slug="pollinators").delete()  # its links go without a signal
    assert_true_to_the_rows()


def test_a_change_of_what_an_activity_serves_recounts_everything(
    built, make_community, make_contribution
):
    community = make_community(regions=("africa",))
    contribution = make_contribution(community, topics=("pollination",))
    contribution.activity_type.functions.set(Function.objects.all()[:2])
    assert_true_to_the_rows()


def test_a_rebuild_gives_what_the_writes_kept(built, make_community, make_contribution):
    for n in range(4):
        community = make_community(f"Network {n}", regions=("africa",), countries=["BR"])
        make_contribution(community, topics=("nexus",))
    tallies.read("communities")  # this connection's writes counted
    counts = Tally.objects.exclude(name="*")  # not the lock and generation rows
    before = set(counts.values_list("name", "key", "count"))
    shares = dict(CommunityTally.objects.exclude(counts={}).values_list("pk", "counts"))
    tallies.rebuild()
    assert set(counts.values_list("name", "key", "count")) == before
    assert dict(CommunityTally.objects.values_list("pk", "counts")) == shares


def test_without_tallies_the_lists_count_from_the_rows(client, built, make_community):
    make_community("Pollinators of Africa")
    tallies.forget()
    assert tallies.read("communities") is None
    assert tallies.pair_counts("communities:topic×region") == brute_force_pairs(
        "communities:topic×region"
    )
    response = client.get("/communities/")
    assert response.context["page_obj"].paginator.count == 1
    facets = {f.name: f for f in response.context["facets"]}
    assert [c.count for c in facets["topic"].choices if c.value == "pollination"] == [1]


def test_the_lists_read_their_counts_from_the_tallies(client, built, make_community):
    make_community("Pollinators of Africa", topics=("pollination",))
    tallies.read("communities")
    # A wrong number put in the tally shows: the page read it, not the rows.
    Tally.objects.filter(name="communities:", key="0").update(count=41)
    assert client.get("/communities/").context["page_obj"].paginator.count == 41
    tallies.rebuild()
    assert client.get("/communities/").context["page_obj"].paginator.count == 1


def test_counts_that_change_with_the_clock_are_always_counted(
    built, make_community, make_contribution
):
    community = make_community()
    make_contribution(community, start_date=TODAY + datetime.timedelta(days=3))
    make_contribution(community, start_date=TODAY - datetime.timedelta(days=3))
    counts, total = ContributionFilterSet(QueryDict()).counts()
    assert total == 2
    assert counts["upcoming"] == {"1": 1}
    assert not Tally.objects.filter(name__in=["contributions:upcoming", "communities:confirmed"])


# --- Transactions and concurrent writers -----------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_is_counted_when_its_transaction_commits(make_community):
    tallies.rebuild()
    with transaction.atomic():
        make_community("Pollinators of Africa")
        assert connection._tallies_pending  # noted, not yet recounted
        assert CommunityTally.objects.count() == 0
    assert not connection._tallies_pending
    assert CommunityTally.objects.count() == 1
    assert_true_to_the_rows()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_write_leaves_the_tallies_as_they_were(make_community):
    tallies.rebuild()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_community("Pollinators of Africa")
        tallies.read("communities")  # counted inside the transaction...
        raise RuntimeError
    assert Tally.objects.filter(name="communities:").count() == 0  # ...and taken back
    assert_true_to_the_rows()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_at_the_same_time_leave_the_tallies_true(make_community, make_contribution):
    if connection.vendor != "postgresql":
        require("POSTGRES", "concurrent writers need PostgreSQL (set DATABASE_URL)")
    tallies.rebuild()
    communities = [make_community(f"Network {n}", regions=("africa",)) for n in range(4)]
    errors = []

    def write(community):
        try:
            for n in range(5):
                with transaction.atomic():
                    make_contribution(community, topics=("nexus",), title=f"Event {n}")
                    community.topics.add(Topic.objects.get(slug="nexus"))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(c,)) for c in communities]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert_true_to_the_rows()


# --- The command and the scheduler --------------------------------------------------------


def test_rebuild_tallies_checks_and_rebuilds(built, make_community):
    from django.core.management import CommandError, call_command

    make_community("Pollinators of Africa")
    call_command("rebuild_tallies", "--check", verbosity=0)
    Tally.objects.filter(name="communities:", key="0").update(count=7)
    with pytest.raises(CommandError, match="differ from the rows: communities"):
        call_command("rebuild_tallies", "--check", verbosity=0)
    call_command("rebuild_tallies", verbosity=0)
    call_command("rebuild_tallies", "--check", verbosity=0)


def test_the_scheduler_rebuilds_tallies_a_failed_write_forgot(built, make_community):
    from registry import housekeeping

    make_community("Pollinators of Africa")
    tallies.forget()
    assert tallies.rebuild_if_forgotten in housekeeping.JOBS
    assert tallies.rebuild_if_forgotten() == "tallies rebuilt"
    assert tallies.rebuild_if_forgotten() == "tallies kept"
    assert_true_to_the_rows()


def test_a_recount_that_fails_forgets_the_tallies_instead_of_keeping_wrong_ones(
    built, make_community, monkeypatch
):
    make_community("Pollinators of Africa")

    def broken(ids):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tallies, "shares", broken)
    assert tallies.read("communities") is None  # the pending recount failed: forgotten
    monkeypatch.undo()
    tallies.rebuild_if_forgotten()
    assert_true_to_the_rows()
