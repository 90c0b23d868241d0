"""The filtered communities list counts from bitmaps each process keeps of the tallies'
shares (registry/filters/bitmaps.py): after committed writes of every kind the counts
equal those made in SQL, the bitmaps change only the communities written since (a
rebuild or a rolled-back read reads them whole), a second process's bitmaps follow
the first one's writes, and without tallies the list counts in SQL.

(tests/test_facet_counts.py checks the same counts against a brute force inside a
test's transaction, where the bitmaps are read whole at every request.)"""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from registry import tallies
from registry.filters import CommunityFilterSet, bitmaps
from registry.models import Community, Function, Region, Topic
from registry.models import tallies as kept_tallies

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUERIES = [
    "topic=pollination",
    "topic=pollination&region=africa",
    "region=africa&region=americas&function=policy-support",
    "country=KE&country=BR",
    "recognised=1",
    "confirmed=1&topic=pollination",
    "q=pollinator",
    "q=network&region=africa",
    "topic=no-such-topic",
]


def in_sql(query):
    filterset = CommunityFilterSet(QueryDict(query))
    filterset.uses_bitmaps = lambda: False
    return filterset.counts()


def from_bitmaps(query, index=None):
    filterset = CommunityFilterSet(QueryDict(query))
    assert filterset.uses_bitmaps()
    if index is None:
        return filterset.counts()
    assert index.current()
    return index.counts(filterset, list(filterset.FACETS), _vocabularies())


def _vocabularies():
    from registry.vocabulary_lookup import load

    return load()


def assert_equal_to_sql(index=None):
    for query in QUERIES:
        assert from_bitmaps(query, index) == in_sql(query), query


@pytest.fixture
def catalogue(make_community):
    tallies.rebuild()
    made = []
    for n, (topics, regions, countries) in enumerate(
        [
            (("pollination",), ("africa",), ["KE"]),
            (("pollination", "nexus"), ("africa", "americas"), ["BR", "KE"]),
            (("nexus",), ("americas",), ["BR"]),
            (("pollination",), ("europe-central-asia",), []),
        ]
    ):
        community = make_community(
            f"Pollinator network {n}", topics=topics, regions=regions, countries=countries
        )
        community.functions.set(Function.objects.filter(slug="policy-support")[: n % 2])
        made.append(community)
    return made


def _shares_read(monkeypatch):
    """The ``generation`` arguments the bitmaps read the shares with (None: whole)."""
    calls = []
    real = kept_tallies.shares_since

    def recording(generation, names):
        calls.append(generation)
        return list(real(generation, names))

    monkeypatch.setattr(kept_tallies, "shares_since", recording)
    return calls


@committed
def test_after_every_kind_of_write_the_bitmaps_count_as_sql_does(
    catalogue, make_community, make_contribution, monkeypatch
):
    index = bitmaps.Bitmaps(CommunityFilterSet)
    assert_equal_to_sql(index)
    calls = _shares_read(monkeypatch)
    first, second, third, fourth = catalogue

    first.topics.add(Topic.objects.get(slug="nexus"))  # a link added
    assert_equal_to_sql(index)
    second.regions.remove(Region.objects.get(slug="americas"))  # and taken away
    assert_equal_to_sql(index)
    third.countries = ["FR"]
    third.save()  # a field the list filters on
    assert_equal_to_sql(index)
    make_contribution(fourth, activity="expert-nomination")  # what it does
    assert_equal_to_sql(index)
    first.confirmed_at = timezone.now() - datetime.timedelta(days=800)  # overdue now
    first.save()  # a save: the share is recounted, the generation moves on
    second.status = Community.Status.ARCHIVED  # no longer listed
    second.save()
    assert_equal_to_sql(index)
    make_community("A new pollinator network", regions=("africa",))  # one more
    assert_equal_to_sql(index)
    fourth.delete()  # one gone
    assert_equal_to_sql(index)

    # Each time only the shares written since were read, never all of them.
    assert calls and None not in calls
    assert calls == sorted(calls)


@committed
def test_a_second_process_bitmaps_follow_the_first_ones_writes(catalogue):
    here, elsewhere = bitmaps.Bitmaps(CommunityFilterSet), bitmaps.Bitmaps(CommunityFilterSet)
    assert_equal_to_sql(here)
    assert_equal_to_sql(elsewhere)
    catalogue[0].topics.set(Topic.objects.filter(slug="nexus"))
    assert from_bitmaps("topic=pollination", elsewhere) == in_sql("topic=pollination")
    assert from_bitmaps("topic=pollination", here) == in_sql("topic=pollination")


@committed
def test_a_rebuild_reads_the_bitmaps_whole(catalogue, monkeypatch):
    index = bitmaps.Bitmaps(CommunityFilterSet)
    assert index.current()
    calls = _shares_read(monkeypatch)
    tallies.rebuild()
    assert_equal_to_sql(index)
    assert calls[0] is None


@committed
def test_bitmaps_read_inside_a_rolled_back_transaction_are_read_whole_after(catalogue, monkeypatch):
    index = bitmaps.Bitmaps(CommunityFilterSet)
    assert index.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        catalogue[0].topics.clear()
        catalogue[0].topics.add(Topic.objects.get(slug="nexus"))
        assert from_bitmaps("topic=pollination", index) == in_sql("topic=pollination")
        raise RuntimeError
    calls = _shares_read(monkeypatch)
    assert from_bitmaps("topic=pollination", index) == in_sql("topic=pollination")
    assert calls == [None]  # what the rollback took back is not kept


def _meanwhile(monkeypatch, act):
    """Run ``act`` once, right after the next read of the shares: another request
    reading (or writing) while this one is outside the bitmaps' lock."""
    real = kept_tallies.shares_since
    calls = []

    def read_then_act(generation, names):
        calls.append(generation)
        shares = list(real(generation, names))
        if len(calls) == 1:
            act()
        return shares

    monkeypatch.setattr(kept_tallies, "shares_since", read_then_act)
    return calls


@committed
def test_a_read_overtaken_by_a_whole_read_starts_again(catalogue, monkeypatch):
    index = bitmaps.Bitmaps(CommunityFilterSet)
    assert index.current()
    catalogue[0].topics.set(Topic.objects.filter(slug="nexus"))  # a new generation

    def whole_read_elsewhere():  # e.g. after a rebuild: a new epoch for these bitmaps
        index.epoch = -1
        index.generation = 0

    calls = _meanwhile(monkeypatch, whole_read_elsewhere)
    assert_equal_to_sql(index)
    assert len(calls) >= 2 and calls[0] is not None and calls[1] is None  # then whole


@committed
def test_a_read_overtaken_by_a_newer_one_keeps_the_newer(catalogue, monkeypatch):
    index = bitmaps.Bitmaps(CommunityFilterSet)
    assert index.current()
    catalogue[0].topics.set(Topic.objects.filter(slug="nexus"))
    other = bitmaps.Bitmaps(CommunityFilterSet)

    def newer_write_and_read():  # another request writes, and reads up to its write
        catalogue[1].topics.set(Topic.objects.filter(slug="nexus"))
        monkeypatch.undo()
        assert index.current()

    _meanwhile(monkeypatch, newer_write_and_read)
    assert index.current()  # its own, older read: not applied over the newer one
    assert_equal_to_sql(index)
    assert_equal_to_sql(other)


@committed
def test_without_tallies_the_filtered_list_counts_in_sql(catalogue):
    tallies.forget()
    assert bitmaps.for_listing(CommunityFilterSet) is None
    filterset = CommunityFilterSet(QueryDict("topic=pollination"))
    assert filterset.counts() == in_sql("topic=pollination")


@pytest.mark.django_db
def test_a_filtered_page_shows_the_counts_the_bitmaps_give(client, catalogue):
    response = client.get("/communities/?topic=pollination&region=africa")
    shown = {
        facet.name: {c.value: c.count for c in facet.choices if c.count}
        for facet in response.context["facets"]
    }
    assert shown["topic"] == {"pollination": 2, "nexus": 1}
    assert shown["region"] == {"africa": 2, "americas": 1, "europe-central-asia": 1}
    assert shown["country"] == {"KE": 2, "BR": 1}
    assert response.context["page_obj"].paginator.count == 2


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["name", "newest", "contributions"])
def test_a_filtered_list_found_by_the_bitmaps_ids_has_the_rows_and_order_sql_gives(catalogue, sort):
    for query in QUERIES:
        filterset = CommunityFilterSet(QueryDict(f"{query}&sort={sort}"))
        in_order = list(filterset.listing().values_list("pk", flat=True))
        plain = CommunityFilterSet(QueryDict(f"{query}&sort={sort}"))
        plain.uses_bitmaps = lambda: False
        assert plain.matching_ids() is None
        assert in_order == list(plain.listing().values_list("pk", flat=True)), query
    assert CommunityFilterSet(QueryDict("topic=pollination")).matching_ids() is not None
    assert CommunityFilterSet(QueryDict("q=pollinator")).matching_ids() is None  # a search
    assert CommunityFilterSet(QueryDict("topic=pollination")).matching_ids(most=1) is None


@committed
def test_a_filtered_export_leaves_the_bitmaps_as_a_list_read_them(client, catalogue, monkeypatch):
    # On PostgreSQL the export reads its rows in a transaction: the bitmaps are brought
    # up to date before it, so the next request need not read them whole again.
    assert client.get("/communities/?topic=pollination").status_code == 200
    catalogue[0].topics.set(Topic.objects.filter(slug="nexus"))  # a new generation
    calls = _shares_read(monkeypatch)
    response = client.get("/communities/export.csv?topic=pollination")
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1:]
    assert sorted(row.split(",")[0] for row in rows) == [
        catalogue[1].slug,
        catalogue[3].slug,
    ]
    assert client.get("/communities/?topic=pollination").status_code == 200
    assert calls and None not in calls  # only the shares written since, each time


# --- The "confirmed" choice, which changes with the clock ---------------------------


def _rows(query, index):
    filterset = CommunityFilterSet(QueryDict(query))
    assert filterset.is_valid()
    return index.rows(filterset, _vocabularies())


def _clock_reads(captured):
    """The statements that read which communities are confirmed: whole (NOT overdue)
    or only those that became overdue between two times (a range)."""
    found = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if "COALESCE" in sql and "confirmed_at" in sql:
            found.append("range" if " > " in sql else "whole")
    return found


@committed
def test_the_confirmed_choice_follows_the_clock_reading_only_who_became_overdue(catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry.models.communities import CONFIRM_EVERY, OVERDUE_AFTER

    first = catalogue[0]
    now = timezone.now().replace(second=30, microsecond=0)
    # Overdue in two days: the list must stop counting it as confirmed then.
    first.confirmed_at = now - CONFIRM_EVERY - OVERDUE_AFTER + datetime.timedelta(days=2)
    first.save()
    index = bitmaps.Bitmaps(CommunityFilterSet)
    query = "confirmed=1&topic=pollination"

    with time_machine.travel(now, tick=False):
        with CaptureQueriesContext(connection) as captured:
            assert from_bitmaps(query, index) == in_sql(query)
        assert _clock_reads(captured)[:1] == ["whole"]
        assert first.pk in _rows(query, index)
        with CaptureQueriesContext(connection) as captured:
            from_bitmaps(query, index)
        assert _clock_reads(captured) == []  # the same minute, no write: nothing read

    with time_machine.travel(now + datetime.timedelta(days=3), tick=False):
        with CaptureQueriesContext(connection) as captured:
            assert from_bitmaps(query, index) == in_sql(query)
        assert _clock_reads(captured)[:1] == ["range"]
        assert first.pk not in _rows(query, index)


@committed
def test_a_coordinators_edit_of_an_overdue_community_counts_it_as_confirmed(catalogue, make_user):
    from registry import services
    from registry.models import Membership

    first = catalogue[0]
    first.confirmed_at = timezone.now() - datetime.timedelta(days=800)
    first.save()
    coordinator = make_user("overdue-owner@example.org")
    Membership.objects.create(user=coordinator, community=first, role=Membership.Role.OWNER)
    index = bitmaps.Bitmaps(CommunityFilterSet)
    query = "confirmed=1"
    assert from_bitmaps(query, index) == in_sql(query)
    assert first.pk not in _rows(query, index)

    services.community_edited(community=first, user=coordinator)  # a queryset update

    assert from_bitmaps(query, index) == in_sql(query)
    assert first.pk in _rows(query, index)


@committed
def test_writes_while_the_confirmed_rows_are_read_are_read_again(catalogue, monkeypatch):
    """A community written while another request reads the confirmed rows (outside the
    bitmaps' lock) is not lost: it is read again at the next count."""
    from registry.models.communities import CommunityQuerySet

    index = bitmaps.Bitmaps(CommunityFilterSet)
    query = "confirmed=1"
    assert from_bitmaps(query, index) == in_sql(query)
    first, second = catalogue[0], catalogue[1]
    first.confirmed_at = timezone.now() - datetime.timedelta(days=800)
    first.save()  # recounted: its row is read again at the next count
    real_confirmed = CommunityQuerySet.confirmed
    meanwhile = []

    def confirmed_then_a_write(self, now=None):
        rows = list(real_confirmed(self, now).values_list("pk", flat=True))
        if not meanwhile:
            meanwhile.append(second.pk)
            second.confirmed_at = timezone.now() - datetime.timedelta(days=800)
            second.save()  # another request's write
            assert index.current()  # and its read of the shares
        return Community.objects.filter(pk__in=rows)

    monkeypatch.setattr(CommunityQuerySet, "confirmed", confirmed_then_a_write)
    assert index.current()
    from_bitmaps(query, index)  # reads the first again; the second is written meanwhile
    assert meanwhile == [second.pk]
    monkeypatch.undo()

    assert from_bitmaps(query, index) == in_sql(query)
    assert first.pk not in _rows(query, index) and second.pk not in _rows(query, index)


@committed
def test_a_server_process_reads_the_confirmed_rows_before_its_first_request(catalogue, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry.filters import read_bitmaps

    # A new process: none of this one's bitmaps (a test database restored under them
    # keeps the tallies' epoch and takes their generation back).
    monkeypatch.setattr(bitmaps, "_bitmaps", {})
    with time_machine.travel(timezone.now(), tick=False):  # one minute
        assert read_bitmaps() == len(catalogue)  # as gunicorn.conf.py's post_worker_init
        with CaptureQueriesContext(connection) as captured:
            counted = CommunityFilterSet(QueryDict("topic=pollination")).counts()
    assert _clock_reads(captured) == []
    assert counted == in_sql("topic=pollination")
