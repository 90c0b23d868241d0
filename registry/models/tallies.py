"""The counts of the unfiltered public lists and of the coverage tables, kept as the
data changes (registry/tallies.py keeps them; the listings read them).

``Tally``: how many public rows have one value, by name (``communities:topic``,
``contributions:year``, ``contributions:topic×region``...) and key (an id, a year, a
country code, ``"<id>:<id>"`` for a pair; ``"0"`` under ``communities:`` for the
number of rows). ``CommunityTally``: what one published community adds to them,
subtracted when it changes, before what it adds now is added.
"""

from django.db import models


class Tally(models.Model):
    name = models.CharField(max_length=60)
    key = models.CharField(max_length=60)
    count = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="tally_once")]

    def __str__(self):
        return f"{self.name} {self.key}: {self.count}"


class CommunityTally(models.Model):
    """{name: {key: count}} for one published community. No foreign key: the row
    outlives a deleted community until its share has been subtracted."""

    community_id = models.BigIntegerField(primary_key=True)
    counts = models.JSONField(default=dict)

    def __str__(self):
        return f"community {self.community_id}"


# Derived, never edited: no admin (the public data is the truth; rebuild_tallies).
DERIVED = (Tally, CommunityTally)
