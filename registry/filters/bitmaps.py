"""Facet counts of a filtered list of communities from bitmaps each process keeps.

The tallies (registry/tallies.py) keep what every published community adds to the
communities list's counts: a share that names each facet value it has. From those
shares each process holds, per facet value, the set of communities having it, as a
bitmap (a Python int with bit <community id> set). A filtered list's counts are then
intersections: the count beside a choice is the number of bits of its bitmap AND the
bitmaps of the other active filters (disjunctive, as ListingFilterSet.counts()
counts them in SQL), and the number of rows that of all of them. At 10,000
communities that is about 200 ANDs of 1.3 KB integers, well under a millisecond,
where the grouped queries it replaces scan the filtered rows once per facet.

Staying true: every recount of the tallies moves their generation on and stamps the
shares it writes with it (one per community recounted; {} for one no longer listed).
Each read asks for the generation (one small query) and, when it moved, reads the
shares written since and changes those communities' bits; after a rebuild, or when
the bitmaps were brought up to date inside a transaction (which may yet roll back),
they are read again whole. What the shares cannot say is read from the database: the
rows a search matches, at each request; and the rows of a facet that changes with the
clock ("confirmed"), once, then followed. Each minute only the rows that left it
since are read (``stops_keeping``: the communities that became overdue, an index range
scan of a few rows), and after a write only the communities recounted: at 50,000
communities, reading every confirmed one took 33 ms, the first filtered list of every
minute and after every change.

When the tallies are not built the listing counts in SQL as before.
"""

import threading
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from registry.models import tallies


def _bitmap(ids):
    """An int with bit ``i`` set for each ``i`` of ``ids``."""
    ids = list(ids)
    if not ids:
        return 0
    buffer = bytearray(max(ids) // 8 + 1)
    for i in ids:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


@dataclass
class _Clocked:
    """The rows a facet that changes with the clock keeps, as of ``at``."""

    epoch: int
    at: object  # a datetime (whole minutes)
    rows: int
    recounted: set = field(default_factory=set)  # communities written since: read again


class Bitmaps:
    """The bitmaps of one listing whose rows are communities (its FilterSet's TALLY)."""

    def __init__(self, filterset_class):
        prefix = f"{filterset_class.TALLY}:"
        # The tallies read: the number of rows ("" → "0") and every facet kept.
        self.names = {prefix: ""} | {
            prefix + d.name: d.name for d in filterset_class.FACETS if not d.changes_with_time
        }
        self.epoch = None  # of the tallies' generations (EPOCH)
        self.generation = None  # of the shares held; None: nothing read yet
        self.dirty = False  # read inside a transaction: a rollback may take it back
        self.masks = {}  # facet ("" for the rows) -> {key: bitmap}
        self.clocked = {}  # facet -> _Clocked
        self.lock = threading.Lock()

    # --- Keeping up with the tallies ---

    def current(self):
        """Brought up to date with the tallies (False when they are not built).

        The shares are read, and a whole set of bitmaps built, outside the lock: a
        first read at 10k communities takes about 0.6 s, and other requests go on
        counting from what is held meanwhile. Applying a read is safe whatever was
        applied since: a community's share is its current one (one row each, written
        at its last recount), so applying the shares written since generation g to
        bitmaps at g or later gives the bitmaps as of the read."""
        state = tallies.state()
        if state is None:
            return False
        if self._holds(*state):
            return True
        epoch, generation, rebuilt = state
        whole = self._stale(epoch, rebuilt)
        shares = tallies.shares_since(None if whole else self.generation, self.names)
        # Read here, outside the lock: whole, into new bitmaps as the rows come.
        built = self._built(shares) if whole else None
        shares = None if whole else list(shares)
        with self.lock:
            if self._holds(*state):
                return True  # another request read as far meanwhile
            # A whole read that came in between (new epoch, a rebuild, a transaction's
            # read) leaves nothing these shares can be applied to: start again.
            again = not whole and self._stale(epoch, rebuilt)
            if not again:
                if whole:
                    self.masks, self.clocked = built, {}
                else:
                    self._apply(shares)
                self.epoch, self.generation = epoch, generation
                # Read inside a transaction, they may show what a rollback takes back.
                self.dirty = connection.in_atomic_block
        return self.current() if again else True

    def size(self):
        """The number of rows the bitmaps hold (every listed community)."""
        with self.lock:
            return self.masks.get("", {}).get("0", 0).bit_count()

    def _stale(self, epoch, rebuilt):
        """Whether the bitmaps held cannot be brought up to date by the shares written
        since (none read yet, read inside a transaction, a new epoch, a rebuild since):
        they must be read whole."""
        return (
            self.generation is None
            or self.dirty
            or epoch != self.epoch
            or rebuilt > self.generation
        )

    def _holds(self, epoch, generation, rebuilt):
        """Whether the bitmaps held are as new as the tallies' state."""
        return not self._stale(epoch, rebuilt) and generation <= self.generation

    def _values(self, share):
        """(facet, key) of each value a community's share names."""
        for name, keys in share.items():
            for key, n in (keys or {}).items():
                if n:
                    yield self.names[name], key

    def _built(self, shares):
        """New bitmaps from every community's share, each made in a bytearray as the
        shares come (a list of ids per value held some 25 MB at 50k communities)."""
        buffers = {}  # (facet, key) -> bytearray with bit <community id> set
        for community, share in shares:
            byte, bit = community >> 3, 1 << (community & 7)
            for value in self._values(share):
                buffer = buffers.get(value)
                if buffer is None:
                    buffer = buffers[value] = bytearray()
                if len(buffer) <= byte:
                    buffer.extend(bytes(byte + 1 - len(buffer)))
                buffer[byte] |= bit
        masks = {}
        for (facet, key), buffer in buffers.items():
            masks.setdefault(facet, {})[key] = int.from_bytes(buffer, "little")
        return masks

    def _apply(self, shares):
        """The held bitmaps changed by the shares written since they were read."""
        for clocked in self.clocked.values():
            # Their rows for the clock's facets are read again at the next count.
            clocked.recounted.update(community for community, _share in shares)
        for community, share in shares:
            bit = 1 << community
            for keys in self.masks.values():  # its old values: wherever its bit is set
                for key in [key for key, mask in keys.items() if mask & bit]:
                    keys[key] &= ~bit
                    if not keys[key]:
                        del keys[key]
            for facet, key in self._values(share):
                keys = self.masks.setdefault(facet, {})
                keys[key] = keys.get(key, 0) | bit

    # --- Counting ---

    def _clocked(self, declaration, filterset):
        """The rows a facet that changes with the clock keeps now (this minute): read
        whole once, then followed (see the module's docstring)."""
        minute = timezone.now().replace(second=0, microsecond=0)
        with self.lock:
            held = self.clocked.get(declaration.name)
            current = held is not None and held.epoch == self.epoch
            if current and held.at == minute and not held.recounted:
                return held.rows
            followed = current and declaration.stops_keeping is not None and held.at <= minute
            epoch, generation, masks = self.epoch, self.generation, self.masks
            rows, recounted = (held.rows, set(held.recounted)) if followed else (0, set())
        listed = filterset.listed_rows().order_by()
        if followed:
            if held.at != minute:
                left = declaration.stops_keeping(listed, held.at, minute)
                rows &= ~_bitmap(left.values_list("pk", flat=True))
            if recounted:
                kept = declaration.keep(listed.filter(pk__in=recounted))
                rows = (rows & ~_bitmap(recounted)) | _bitmap(kept.values_list("pk", flat=True))
        else:
            rows = _bitmap(declaration.keep(listed).values_list("pk", flat=True))
        with self.lock:
            # Kept only when nothing came in between that this read may not show: a whole
            # read of the bitmaps, another request's read of these rows, a write while a
            # whole read ran (a followed read's writes are noted in ``held.recounted``),
            # or a transaction that may roll back what it showed.
            if (
                self.epoch == epoch
                and self.masks is masks
                and self.clocked.get(declaration.name) is held
                and (followed or self.generation == generation)
                and not connection.in_atomic_block
            ):
                since = held.recounted - recounted if followed else set()
                self.clocked[declaration.name] = _Clocked(epoch, minute, rows, since)
        return rows

    def read_clocks(self, filterset_class):
        """Read the rows of the facets that change with the clock, which every filtered
        list counts (a server process does it before its first request: 23 ms at
        50,000 communities)."""
        for declaration in filterset_class.FACETS:
            if declaration.changes_with_time:
                self._clocked(declaration, filterset_class)

    def _kept(self, filterset, counted, vocabularies):
        """(every listed row, {active filter: the rows it keeps}, the clock's facets'
        rows) for the filterset's active filters; ``counted``: the declarations whose
        counts are wanted (their clock's rows are read too). The database first (the
        search, the clock's facets), then the bitmaps, under their lock."""
        cleaned = filterset.form.cleaned_data
        clocked = {
            d.name: self._clocked(d, filterset)
            for d in filterset.FACETS
            if d.changes_with_time and (cleaned.get(d.name) or d in counted)
        }
        kept = {}
        if cleaned.get("q"):
            matched = filterset.filters["q"].filter(filterset.listed_rows(), cleaned["q"])
            # A set of ids: in no order (the model's, by name, sorted every match).
            kept["q"] = _bitmap(matched.order_by().values_list("pk", flat=True))
        with self.lock:
            for declaration in filterset.FACETS:
                value = cleaned.get(declaration.name)
                if not value:
                    continue
                if declaration.name in clocked:
                    kept[declaration.name] = clocked[declaration.name]
                    continue
                keys = self.masks.get(declaration.name, {})
                mask = 0
                for key in declaration.index_keys(value, vocabularies):
                    mask |= keys.get(key, 0)
                kept[declaration.name] = mask
            return self.masks.get("", {}).get("0", 0), kept, clocked

    @staticmethod
    def _without(rows, kept, name):
        """The rows every active filter but ``name`` keeps."""
        for other, other_rows in kept.items():
            if other != name:
                rows &= other_rows
        return rows

    def counts(self, filterset, declarations, vocabularies):
        """({facet name: {key: count}}, number of rows) as ListingFilterSet.counts()
        gives them, for the filterset's active filters."""
        rows, kept, clocked = self._kept(filterset, declarations, vocabularies)
        found = {}
        with self.lock:
            for declaration in declarations:
                base = self._without(rows, kept, declaration.name)
                if declaration.name in clocked:
                    n = (base & clocked[declaration.name]).bit_count()
                    found[declaration.name] = {"1": n} if n else {}
                    continue
                found[declaration.name] = {
                    key: n
                    for key, mask in self.masks.get(declaration.name, {}).items()
                    if (n := (base & mask).bit_count())
                }
        return found, self._without(rows, kept, None).bit_count()

    def rows(self, filterset, vocabularies):
        """The ids of the rows the filterset's active filters keep, in increasing order."""
        rows, kept, _clocked = self._kept(filterset, (), vocabularies)
        mask = self._without(rows, kept, None)
        bits = bin(mask)[:1:-1]  # bit 0 first
        return [i for i, bit in enumerate(bits) if bit == "1"]


_bitmaps = {}
_creating = threading.Lock()


def for_listing(filterset_class):
    """The process's bitmaps of a listing, up to date, or None (tallies not built)."""
    with _creating:
        bitmaps = _bitmaps.get(filterset_class)
        if bitmaps is None:
            bitmaps = _bitmaps[filterset_class] = Bitmaps(filterset_class)
    return bitmaps if bitmaps.current() else None
