"""Rows of several ordered querysets, one after the other, as one sequence that a
paginator can count and slice.

"Newest first" on the contributions list is what happened, newest first, then what
is still to come, soonest first. As one ORDER BY (a CASE per row) the database
sorts every row of the list for each page (about 200 ms at 100,000 contributions);
as two querysets each page is read from the start-date index and stops at the
page's last row.
"""

from itertools import chain

from django.db.models import prefetch_related_objects


class Concatenated:
    """``parts`` (ordered querysets) read in turn. A page is one query per part it
    touches; a part's rows are counted only when a page starts after them and none of
    them fall on it. Lookups given to prefetch_related() are prefetched once for the
    rows of a page, whichever parts they came from."""

    def __init__(self, *parts, lookups=()):
        self.parts = parts
        self.lookups = lookups

    def prefetch_related(self, *lookups):
        return Concatenated(*self.parts, lookups=(*self.lookups, *lookups))

    def count(self):
        return sum(part.count() for part in self.parts)

    def __len__(self):
        return self.count()

    def __iter__(self):
        rows = list(chain.from_iterable(self.parts))
        return iter(self._prefetched(rows))

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("Concatenated rows are read by slices (a page).")
        start, stop = key.start or 0, key.stop
        if start < 0 or (stop is not None and stop < 0):
            raise ValueError("Negative indexing is not supported.")
        rows = []
        for part in self.parts:
            if stop is not None and start >= stop:
                break
            found = list(part[start:stop])
            rows += found
            if stop is not None and len(found) == stop - start:
                break
            # This part ended before the page did: how many rows it had says where the
            # page goes on in the next part (counted only if none fell on the page).
            length = start + len(found) if found or start == 0 else part.count()
            start, stop = max(0, start - length), None if stop is None else stop - length
        return self._prefetched(rows)

    def _prefetched(self, rows):
        if self.lookups:
            prefetch_related_objects(rows, *self.lookups)
        return rows
