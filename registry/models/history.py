"""The record of every status change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.audit import AppendOnlyModel
from registry.models.base import NOTE_MAX_LENGTH
from registry.models.communities import Community
from registry.models.recognition import Recognition, Recommendation, ReviewRound


class TransitionLog(AppendOnlyModel):
    """Every status change of a community, recommendation, round or recognition."""

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="transitions"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, null=True, blank=True, related_name="transitions"
    )
    review_round = models.ForeignKey(
        ReviewRound, on_delete=models.PROTECT, null=True, blank=True, related_name="transitions"
    )
    recognition = models.ForeignKey(
        Recognition, on_delete=models.PROTECT, null=True, blank=True, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transition log")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(community__isnull=False)
                    | Q(recommendation__isnull=False)
                    | Q(review_round__isnull=False)
                    | Q(recognition__isnull=False)
                ),
                name="transition_has_subject",
            )
        ]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"
