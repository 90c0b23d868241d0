"""Tallies: the counts of the unfiltered public lists and of the coverage tables, kept
in the database as the data changes, so that the first visitor after a change (or
after the cache is cleared) reads them in one query instead of counting 100,000
contributions nine times.

What is kept (registry/models/tallies.py): for each listing with a ``TALLY`` name
(the communities and the contributions lists), every facet that does not change with
the clock, exactly as ``ListingFilterSet.counts()`` counts it, and the number of rows;
and the pairs of the coverage tables (``PAIRS``). Facets that change with the clock
("upcoming", "confirmed") are always counted.

How it stays true: each published community's share (``CommunityTally``) is what it
adds to every count. The receivers below note the communities a write touches; once
the transaction commits, ``flush()`` recounts those communities alone (their rows
only, through the listings' own declarations), subtracts their old shares from the
tallies and adds the new ones. Flushes hold one lock (an UPDATE of the marker row,
which also takes SQLite's write lock), so two of them never interleave, and each
recounts what is committed, so the last one leaves the truth. A write the receivers
cannot follow (a vocabulary term deleted: its links go without a signal; bulk loads)
rebuilds everything (``rebuild()``, also ``manage.py rebuild_tallies``).

Until the tallies are built (a new database before its first migrate ends, or after
a failed flush, which removes the marker), ``read()`` answers None and the listings
count as before: slower, never wrong.
"""

import logging
import secrets
import sys
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, F
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save
from django.http import QueryDict
from tqdm import tqdm

from registry import data_version
from registry.filters import CommunityFilterSet, ContributionFilterSet
from registry.models import (
    ActivityType,
    Community,
    CommunityTally,
    Contribution,
    Deliverable,
    Function,
    Language,
    MemberType,
    Recognition,
    Region,
    Scale,
    Tally,
    Topic,
)
from registry.models.tallies import (
    EPOCH,
    GENERATION,
    MARKER,
    REBUILT,
    on_read,
    pending,
    read,  # noqa: F401 (tallies.read, for callers)
    read_pairs,
)

# The listings whose unfiltered counts are kept, by their TALLY name.
LISTINGS = {f.TALLY: f for f in (CommunityFilterSet, ContributionFilterSet)}

logger = logging.getLogger(__name__)

CHUNK = 500  # communities per recount when many are recounted at once

# The coverage tables' pairs: name → (listing, first path, second path), each path
# from a listed row (pair_counts()).
PAIRS = {
    "communities:topic×region": ("communities", "topics", "regions"),
    "communities:topic×function": ("communities", "topics", "functions"),
    "contributions:topic×region": ("contributions", "topics", "community__regions"),
    "contributions:topic×function": ("contributions", "topics", "activity_type__functions"),
}


def pair_counts(name):
    """{(first id, second id): number of rows} of one of PAIRS: from the tallies when
    built, else counted (one grouped query; a row appears once per pair, so COUNT(*)
    counts rows without a DISTINCT)."""
    kept = read_pairs(name)
    if kept is not None:
        return kept
    listing, first, second = PAIRS[name]
    counted = (
        LISTINGS[listing]
        .listed_rows()
        .order_by()
        .filter(**{f"{first}__isnull": False, f"{second}__isnull": False})
        .values_list(first, second)
        .annotate(n=Count("*"))
    )
    return {(a, b): n for a, b, n in counted}


# --- Counting one community's share -----------------------------------------------------


def shares(community_ids):
    """{community id: {name: {key: count}}}: what each of these communities adds to the
    tallies now (nothing for one that is not published, or no longer exists)."""
    found = defaultdict(dict)
    ids = list(community_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for listing, filterset_class in LISTINGS.items():
            rows = filterset_class.listed_rows().filter(
                **{f"{filterset_class.COMMUNITY}__in": chunk}
            )
            filterset = filterset_class(QueryDict(), queryset=rows)
            for community, counts in filterset.counts_by_community().items():
                for tag, keys in counts.items():
                    found[community][f"{listing}:{tag}"] = keys
            for name, (pair_listing, first, second) in PAIRS.items():
                if pair_listing != listing:
                    continue
                pairs = (
                    rows.order_by()
                    .filter(**{f"{first}__isnull": False, f"{second}__isnull": False})
                    .values_list(filterset_class.COMMUNITY, first, second)
                    .annotate(n=Count("*"))
                )
                for community, a, b, n in pairs:
                    found[community].setdefault(name, {})[f"{a}:{b}"] = n
    return dict(found)


# --- Keeping them ---------------------------------------------------------------------


def _lock():
    """Take the tallies' lock (the marker row, updated in place); False if not built."""
    return Tally.objects.filter(name=MARKER[0], key=MARKER[1]).update(count=F("count")) == 1


def _next_generation():
    """Move the generation on (the lock held) and return it."""
    row = Tally.objects.filter(name=GENERATION[0], key=GENERATION[1])
    if not row.update(count=F("count") + 1):
        Tally.objects.create(name=GENERATION[0], key=GENERATION[1], count=1)
        Tally.objects.filter(name=EPOCH[0], key=EPOCH[1]).delete()
        epoch = secrets.randbelow(2**31 - 1) + 1
        Tally.objects.create(name=EPOCH[0], key=EPOCH[1], count=epoch)
    return row.get().count


def _apply(delta):
    """Add ``delta`` ({(name, key): change}) to the tallies (the lock held)."""
    delta = {k: v for k, v in delta.items() if v}
    if not delta:
        return
    names = {name for name, _ in delta}
    existing = {(t.name, t.key): t for t in Tally.objects.filter(name__in=names)}
    changed, added, emptied = [], [], []
    for (name, key), change in delta.items():
        row = existing.get((name, key))
        if row is None:
            added.append(Tally(name=name, key=key, count=change))
            continue
        row.count += change
        (emptied if row.count == 0 else changed).append(row)
    Tally.objects.bulk_update(changed, ["count"], batch_size=1000)
    Tally.objects.bulk_create(added, batch_size=1000)
    Tally.objects.filter(pk__in=[row.pk for row in emptied]).delete()


def _delta(old, new, sign=1):
    delta = defaultdict(int)
    for counts, factor in ((old, -sign), (new, sign)):
        for name, keys in counts.items():
            for key, n in keys.items():
                delta[(name, key)] += factor * n
    return delta


def recount(community_ids):
    """Bring the tallies up to date for these communities (the lock taken here)."""
    ids = sorted(set(community_ids))
    with transaction.atomic():
        if not ids or not _lock():
            return
        old = dict(CommunityTally.objects.filter(pk__in=ids).values_list("pk", "counts"))
        new = shares(ids)
        delta = defaultdict(int)
        for community in ids:
            for key, change in _delta(old.get(community, {}), new.get(community, {})).items():
                delta[key] += change
        _apply(delta)
        generation = _next_generation()
        CommunityTally.objects.filter(pk__in=ids).delete()
        # One row per community recounted, {} for one no longer listed: what reads the
        # shares since a generation (registry/filters/bitmaps.py) sees it go too.
        CommunityTally.objects.bulk_create(
            (
                CommunityTally(community_id=c, counts=new.get(c, {}), generation=generation)
                for c in ids
            ),
            batch_size=1000,
        )


def rebuild(progress=None):
    """Count every published community's share again and the tallies from them.
    ``progress(done, total)`` is called after each chunk."""
    with transaction.atomic():
        if not _lock():
            Tally.objects.create(name=MARKER[0], key=MARKER[1], count=1)
            _lock()
        Tally.objects.exclude(name=MARKER[0]).delete()
        CommunityTally.objects.all().delete()
        generation = _next_generation()
        rebuilt = Tally.objects.filter(name=REBUILT[0], key=REBUILT[1])
        if not rebuilt.update(count=generation):
            Tally.objects.create(name=REBUILT[0], key=REBUILT[1], count=generation)
        ids = list(Community.objects.published().order_by("pk").values_list("pk", flat=True))
        totals = defaultdict(int)
        for start in range(0, len(ids), CHUNK):
            found = shares(ids[start : start + CHUNK])
            for counts in found.values():
                for key, change in _delta({}, counts).items():
                    totals[key] += change
            CommunityTally.objects.bulk_create(
                (
                    CommunityTally(community_id=c, counts=counts, generation=generation)
                    for c, counts in found.items()
                ),
                batch_size=1000,
            )
            if progress:
                progress(min(start + CHUNK, len(ids)), len(ids))
        Tally.objects.bulk_create(
            (Tally(name=n, key=k, count=v) for (n, k), v in totals.items() if v),
            batch_size=1000,
        )
        # What was kept under the old counts (pages, the listings' counts) goes.
        data_version.bump()


def forget():
    """Mark the tallies unbuilt: the listings count until rebuild() runs."""
    Tally.objects.filter(name=MARKER[0], key=MARKER[1]).delete()


def is_built():
    return Tally.objects.filter(name=MARKER[0], key=MARKER[1]).exists()


def rebuild_if_forgotten(*, now=None, progress=False):
    """The housekeeping job: build the tallies again when a failed write forgot them."""
    if is_built():
        return "tallies kept"
    with tqdm(desc="Tallies", unit="community", file=sys.stderr, disable=not progress) as bar:

        def counted(done, total):
            bar.total = total
            bar.update(done - bar.n)

        rebuild(progress=counted)
    return "tallies rebuilt"


# --- After each commit ------------------------------------------------------------------

_EVERYTHING = "everything"


def flush():
    """Recount what this connection's writes touched (on commit, or before a read)."""
    touched_ids = pending()
    ids = set(touched_ids)
    touched_ids.clear()
    if not ids:
        return
    try:
        if _EVERYTHING in ids:
            rebuild()
        else:
            recount(ids)
    except Exception:
        # Never serve counts that may be wrong: forget them, count live until rebuilt
        # (the housekeeping job rebuilds them).
        logger.exception("The tallies could not be kept; counting live until rebuilt")
        try:
            forget()
        except Exception:
            logger.exception("The tallies could not be marked unbuilt")


def touched(community_ids):
    """Note communities whose share may have changed; recount them once the current
    transaction commits (at once outside one), or before the tallies are next read on
    this connection, whichever comes first: a read inside the writing transaction sees
    its own writes counted (and a rollback takes the recount back with them).

    A test's own transaction never commits: there, the next read recounts (and
    tests/conftest.py's query-count fixtures, standing in for the commit)."""
    ids = {c for c in community_ids if c is not None}
    if not ids:
        return
    pending().update(ids)
    if not connection.in_atomic_block:
        flush()
        return
    if getattr(connection.atomic_blocks[0], "_from_testcase", False):
        return
    if not any(func is flush for _ids, func, _robust in connection.run_on_commit):
        transaction.on_commit(flush, robust=True)


def everything_touched():
    """A write the receivers cannot follow: rebuild once the transaction commits."""
    touched({_EVERYTHING})


# --- Receivers ---------------------------------------------------------------------------


def _community_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touched([instance.pk])


def _community_of_row_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        touched([instance.community_id, getattr(instance, "_tally_was_of", None)])


def _remember_community(sender, instance, raw=False, **kwargs):
    # A contribution moved to another community changes the old one's share too.
    if not raw and instance.pk is not None:
        instance._tally_was_of = (
            type(instance)
            .objects.filter(pk=instance.pk)
            .values_list("community_id", flat=True)
            .first()
        )


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A many-to-many of communities or contributions changed (either side)."""
    if not action.startswith("post_"):
        return
    row_model = sender._meta.get_field(_row_field(sender)).related_model
    if not reverse:
        rows = [instance.pk]
    elif pk_set is not None:
        rows = pk_set
    else:  # cleared from the term's side: every row that had it (already gone) is unknown
        everything_touched()
        return
    if row_model is Community:
        touched(rows)
    else:
        touched(row_model.objects.filter(pk__in=rows).values_list("community_id", flat=True))


def _row_field(through):
    """The name of a link table's foreign key to the community or contribution."""
    for field in through._meta.get_fields():
        if getattr(field, "related_model", None) in (Community, Contribution):
            return field.name
    raise LookupError(through)


def _terms_changed(sender, action="post_delete", **kwargs):
    if action.startswith("post_"):
        everything_touched()


def _migrated(app_config=None, **kwargs):
    """Build the tallies after migrate when they are not (a new database, a deploy of
    this change); keep them otherwise."""
    if app_config is None or app_config.label != "registry":
        return
    try:
        if not is_built():
            rebuild()
    except Exception:
        logger.warning("The tallies could not be built after migrate", exc_info=True)


def connect_signals():
    """Connected when this module is imported (by registry.services, which
    django.setup() loads through the admin), after the derived links' receivers (so
    the links a share reads are already in step when it is recounted)."""
    uid = "registry.tallies"
    post_migrate.connect(_migrated, dispatch_uid=f"{uid}.migrate", weak=False)
    for model in (Community,):
        post_save.connect(_community_changed, sender=model, dispatch_uid=f"{uid}.c", weak=False)
        post_delete.connect(_community_changed, sender=model, dispatch_uid=f"{uid}.c", weak=False)
    for model in (Contribution, Recognition):
        name = f"{uid}.{model._meta.model_name}"
        pre_save.connect(_remember_community, sender=model, dispatch_uid=name, weak=False)
        post_save.connect(_community_of_row_changed, sender=model, dispatch_uid=name, weak=False)
        post_delete.connect(_community_of_row_changed, sender=model, dispatch_uid=name, weak=False)
    for model in (Community, Contribution):
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _links_changed,
                sender=through,
                dispatch_uid=f"{uid}.{through._meta.label_lower}",
                weak=False,
            )
    for term in (
        Topic,
        Function,
        Region,
        Scale,
        MemberType,
        Language,
        ActivityType,
        Deliverable,
    ):
        post_delete.connect(
            _terms_changed, sender=term, dispatch_uid=f"{uid}.{term._meta.model_name}", weak=False
        )
    m2m_changed.connect(
        _terms_changed,
        sender=ActivityType.functions.through,
        dispatch_uid=f"{uid}.activity-functions",
        weak=False,
    )


connect_signals()
on_read(flush)
