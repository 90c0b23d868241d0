"""Derived link tables the listings read: a community's countries and the activity
types of its contributions, one row per pair.

A country filter and its counts are then an indexed lookup and a grouped scan of a
narrow table (never ``LIKE '%KE%'`` over a comma-separated string), and the activity
facet of the community list needs no scan of every contribution. Both are derived:
``Community.countries`` and the contributions are the truth. ``sync_countries`` and
``sync_activities`` make the links equal to them; the receivers below call them
when a community or a contribution is saved or deleted, and the bulk loaders
(``registry.demo``) call them after their inserts.
"""

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from registry.models.communities import Community
from registry.models.contributions import Contribution
from registry.models.reference import ActivityType

CHUNK = 500  # communities per statement when many are synced at once


class CommunityCountry(models.Model):
    """One country of one community (``Community.countries``, as rows)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    country = models.CharField(max_length=2)

    class Meta:
        constraints = [
            # Its index, country first, serves the filter: communities in these countries.
            models.UniqueConstraint(fields=["country", "community"], name="community_country_once")
        ]

    def __str__(self):
        return f"{self.community_id} {self.country}"


class CommunityActivity(models.Model):
    """One activity type that at least one contribution of the community has."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    activity_type = models.ForeignKey(ActivityType, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity_type", "community"], name="community_activity_once"
            )
        ]

    def __str__(self):
        return f"{self.community_id} {self.activity_type_id}"


# Derived, never edited: no admin of their own (the community's form edits the source).
DERIVED = (CommunityCountry, CommunityActivity)


def _chunks(items):
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def sync_countries(communities):
    """Make the country links of these communities (saved rows) equal their countries."""
    for chunk in _chunks(communities):
        CommunityCountry.objects.filter(community__in=[c.pk for c in chunk]).delete()
        CommunityCountry.objects.bulk_create(
            CommunityCountry(community_id=c.pk, country=str(code))
            for c in chunk
            for code in dict.fromkeys(str(code) for code in c.countries)
        )


def sync_activities(community_ids):
    """Make the activity links of these communities equal their contributions' types."""
    for chunk in _chunks(set(community_ids)):
        CommunityActivity.objects.filter(community__in=chunk).delete()
        pairs = (
            Contribution.objects.filter(community__in=chunk)
            .order_by()
            .values_list("community_id", "activity_type_id")
            .distinct()
        )
        CommunityActivity.objects.bulk_create(
            CommunityActivity(community_id=community, activity_type_id=activity)
            for community, activity in pairs
        )


# --- Kept in step -----------------------------------------------------------------------


@receiver(post_save, sender=Community, dispatch_uid="links-countries")
def community_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and "countries" not in update_fields):
        return
    sync_countries([instance])


@receiver(post_save, sender=Contribution, dispatch_uid="links-activity-saved")
@receiver(post_delete, sender=Contribution, dispatch_uid="links-activity-deleted")
def contribution_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    sync_activities([instance.community_id])
