"""Recognition as a collaborative supporter: review rounds, recommendations and recognitions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.base import NOTE_MAX_LENGTH, FieldCheckedModel, check_on_field, length_at_most
from registry.models.communities import Community, public_condition
from registry.models.contributions import Contribution
from registry.models.reference import TaskForce

# A recommendation's declaration of conflict of interest may not be blank.
CONFLICT_NOT_DECLARED = _('Declare any conflict of interest, or write "none".')


class ReviewRoundQuerySet(models.QuerySet):
    def public(self):
        """The rounds the public sees: those that gave a recognition the public sees
        (Recognition.objects.public()). Recommendations and decisions are not public, so
        a round without one stays out of public pages and the API."""
        recognition = self.model._meta.get_field("recognitions").related_model
        return self.filter(pk__in=recognition.objects.public().values("round_id"))


class ReviewRound(models.Model):
    """A Bureau meeting at which recommendations are reviewed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    meeting_date = models.DateField(_("date of the Bureau meeting"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, editable=False
    )
    opened_at = models.DateTimeField(default=timezone.now, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-meeting_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="round_status_valid"
            ),
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="open"), name="round_one_open_at_a_time"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="round_closed_at_matches_status",
            ),
        ]

    def __str__(self):
        return self.title


class RecommendationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Recommendation.OPEN_STATUSES)


class Recommendation(FieldCheckedModel):
    """A task force's recommendation that a community be recognised."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ENDORSED = "endorsed", _("Endorsed")
        DECLINED = "declined", _("Declined")
        DEFERRED = "deferred", _("Deferred")

    OPEN_STATUSES = ("draft", "submitted", "deferred")
    DECISIONS = ("endorsed", "declined", "deferred")
    FINAL_STATUSES = ("endorsed", "declined")

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("community"),
    )
    task_force = models.ForeignKey(
        TaskForce, on_delete=models.PROTECT, verbose_name=_("recommending task force")
    )
    rationale = models.TextField(_("rationale"), max_length=NOTE_MAX_LENGTH)
    supporting_contributions = models.ManyToManyField(
        Contribution,
        through="RecommendationEvidence",
        blank=True,
        related_name="recommendations",
        verbose_name=_("supporting contributions"),
    )
    conflict_of_interest = models.TextField(
        _("declaration of conflict of interest"),
        max_length=NOTE_MAX_LENGTH,
        help_text=_('Declare any conflict of interest; write "none" if there is none.'),
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recommendations_made"
    )
    round = models.ForeignKey(
        ReviewRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("review round"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    decision_note = models.TextField(
        _("decision note"), blank=True, editable=False, max_length=NOTE_MAX_LENGTH
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations_decided",
        editable=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at"]
        permissions = [
            ("submit_recommendation", _("Can recommend a community for recognition")),
            ("decide_recommendation", _("Can endorse, decline or defer a recommendation")),
        ]
        constraints = [
            length_at_most("rationale", NOTE_MAX_LENGTH, "recommendation_rationale_length"),
            length_at_most(
                "conflict_of_interest", NOTE_MAX_LENGTH, "recommendation_conflict_length"
            ),
            # Spaces alone declare nothing either.
            check_on_field(
                "conflict_of_interest",
                models.lookups.GreaterThan(Length(Trim("conflict_of_interest")), 0),
                name="recommendation_conflict_declared",
                message=CONFLICT_NOT_DECLARED,
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "endorsed", "declined", "deferred"]),
                name="recommendation_status_valid",
            ),
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(status__in=["draft", "submitted", "deferred"]),
                name="recommendation_one_open_per_community",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["endorsed", "declined", "deferred"])
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="recommendation_decision_has_who_and_when",
            ),
        ]

    def __str__(self):
        return _("%(community)s, recommended by %(task_force)s") % {
            "community": self.community,
            "task_force": self.task_force,
        }

    def clean(self):
        super().clean()
        if self.community_id and self.status in self.OPEN_STATUSES:
            others = Recommendation.objects.open().filter(community_id=self.community_id)
            if self.pk:
                others = others.exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"community": _("This community already has an open recommendation.")}
                )
        if (
            self.community_id
            and self.status == self.Status.DRAFT
            and not self.pk
            and self.community.status != Community.Status.PUBLISHED
        ):
            raise ValidationError(
                {"community": _("Only a published community can be recommended.")}
            )

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class RecommendationEvidence(models.Model):
    """A contribution cited in support of a recommendation (kept with the record)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE)
    contribution = models.ForeignKey(Contribution, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("supporting contribution")
        verbose_name_plural = _("supporting contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "contribution"], name="evidence_unique"
            )
        ]

    def __str__(self):
        return str(self.contribution)

    def clean(self):
        super().clean()
        if (
            self.recommendation_id
            and self.contribution_id
            and self.contribution.community_id != self.recommendation.community_id
        ):
            raise ValidationError(
                {
                    "contribution": _(
                        "Only the recommended community's contributions can support it."
                    )
                }
            )


class RecognitionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def public(self):
        """Active recognitions of published communities: the supporters the public sees
        (one of a community withdrawn from the registry never shows)."""
        return self.active().filter(public_condition("community__"))


class Recognition(models.Model):
    """Recognition of a community as an IPBES collaborative supporter."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="recognitions")
    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.PROTECT, related_name="recognition"
    )
    since = models.DateField(_("recognised since"))
    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="recognitions")
    task_force = models.ForeignKey(TaskForce, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(
        _("reason for withdrawal"), blank=True, editable=False, max_length=NOTE_MAX_LENGTH
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-since"]
        permissions = [("withdraw_recognition", _("Can withdraw a recognition"))]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=Q(withdrawn_at__isnull=True),
                name="recognition_one_active_per_community",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="recognition_withdrawal_has_reason",
            ),
        ]

    def __str__(self):
        return _("%(community)s, collaborative supporter since %(since)s") % {
            "community": self.community,
            "since": self.since,
        }

    @property
    def is_active(self):
        return self.withdrawn_at is None
