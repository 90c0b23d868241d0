"""The counts of the unfiltered public lists and of the coverage tables, kept as the
data changes (registry/tallies.py keeps them; the listings read them).

``Tally``: how many public rows have one value, by name (``communities:topic``,
``contributions:year``, ``contributions:topic×region``...) and key (an id, a year, a
country code, ``"<id>:<id>"`` for a pair; ``"0"`` under ``communities:`` for the
number of rows). ``CommunityTally``: what one published community adds to them,
subtracted when it changes, before what it adds now is added.
"""

from django.db import connection, models
from django.db.models import Q
from django.db.models.fields.json import KeyTransform

MARKER = ("*", "built")  # the lock row; its presence says the tallies are built
# Moves on at every recount and rebuild (never removed, so never repeats): the shares
# written by a recount carry its generation, and what read them knows what changed.
GENERATION = ("*", "generation")
REBUILT = ("*", "rebuilt")  # the generation of the last rebuild
# A random number drawn when the generation row is made: if the tallies' rows are ever
# all removed (a restore, a test's flush), generations counted again from 1 are told
# apart from the old ones.
EPOCH = ("*", "epoch")


class Tally(models.Model):
    name = models.CharField(max_length=60)
    key = models.CharField(max_length=60)
    count = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="tally_once")]

    def __str__(self):
        return f"{self.name} {self.key}: {self.count}"


class CommunityTally(models.Model):
    """{name: {key: count}} for one community ({} once it is no longer listed). No
    foreign key: the row outlives a deleted community, its share subtracted.
    ``generation``: the recount that wrote it (GENERATION)."""

    community_id = models.BigIntegerField(primary_key=True)
    counts = models.JSONField(default=dict)
    generation = models.IntegerField(default=0, db_index=True)

    def __str__(self):
        return f"community {self.community_id}"


# Derived, never edited: no admin (the public data is the truth; rebuild_tallies).
DERIVED = (Tally, CommunityTally)


# --- Reading (the listings: registry/filters/facets.py) ---------------------------------
#
# registry/tallies.py keeps the rows and registers its flush() here: a read first counts
# this connection's writes not yet counted (a test's transaction never commits).

_flush = None


def on_read(flush):
    """Register what counts this connection's pending writes before a read."""
    global _flush  # noqa: PLW0603 (one hook, set once by registry/tallies.py)
    _flush = flush


def pending():
    """The communities this connection's writes touched, not yet recounted."""
    found = getattr(connection, "_tallies_pending", None)
    if found is None:
        found = connection._tallies_pending = set()
    return found


def kept(condition):
    """The tally rows matching ``condition``, [(name, key, count)], or None when the
    tallies are not built."""
    if pending() and _flush is not None:
        _flush()
    rows = list(
        Tally.objects.filter(condition | Q(name=MARKER[0], key=MARKER[1])).values_list(
            "name", "key", "count"
        )
    )
    if not any((name, key) == MARKER for name, key, _ in rows):
        return None
    return [row for row in rows if (row[0], row[1]) != MARKER]


def state():
    """(epoch, generation, generation of the last rebuild) of the tallies, or None when
    they are not built; this connection's pending writes counted first."""
    if pending() and _flush is not None:
        _flush()
    rows = {
        (name, key): count
        for name, key, count in Tally.objects.filter(name=MARKER[0]).values_list(
            "name", "key", "count"
        )
    }
    if MARKER not in rows:
        return None
    return rows.get(EPOCH, 0), rows.get(GENERATION, 0), rows.get(REBUILT, 0)


def shares_since(generation, names):
    """(community id, {name: {key: count}}) of each share written after ``generation``
    (every share for None), with only the tallies ``names`` (read in the database:
    the rest of each share is never sent). A generator, reading in chunks: all 50,000
    shares held at once took some 140 MB."""
    rows = CommunityTally.objects.order_by()
    if generation is not None:
        rows = rows.filter(generation__gt=generation)
    names = list(names)
    parts = rows.values_list("community_id", *(KeyTransform(name, "counts") for name in names))
    for row in parts.iterator(chunk_size=2000):
        yield row[0], dict(zip(names, row[1:], strict=True))


def read(listing):
    """{facet name: {key: count}} of a listing ("" → {"0": number of rows}), or None
    when the tallies are not built."""
    prefix = f"{listing}:"
    rows = kept(Q(name__startswith=prefix) & ~Q(name__contains="×"))
    if rows is None:
        return None
    found = {"": {}}
    for name, key, count in rows:
        found.setdefault(name[len(prefix) :], {})[key] = count
    return found


def read_pairs(name):
    """{(first id, second id): count} of a pair tally, or None when not built."""
    rows = kept(Q(name=name))
    if rows is None:
        return None
    return {tuple(int(part) for part in key.split(":")): count for _, key, count in rows}
