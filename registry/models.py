"""The IPBES communities of practice registry: data, rules and reusable queries.

Every rule the database can hold is a constraint, mirrored in ``clean()`` so a
user sees a message. Statuses change only in ``registry.services``.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

# The audit log of rights, and the append-only base both logs share.
from registry.audit import AppendOnlyError, AppendOnlyModel, AuditEntry  # noqa: F401
from registry.users import User  # noqa: F401 (AUTH_USER_MODEL, registry.User)

# Long free text: sizes a person writes (a description is a few pages of Markdown,
# a note or reason a few paragraphs). Model forms show the standard error on the
# field; the database refuses longer text too (length_at_most below).
DESCRIPTION_MAX_LENGTH = 20_000
NOTE_MAX_LENGTH = 5_000


def length_at_most(field, limit, name):
    """A database CheckConstraint: ``field`` holds at most ``limit`` characters."""
    return models.CheckConstraint(
        condition=models.lookups.LessThanOrEqual(models.functions.Length(field), limit),
        name=name,
    )


# --- Reference data -------------------------------------------------------------


class ReferenceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Reference(models.Model):
    """A named entry of a vocabulary; the slug is a stable public identifier."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), blank=True, max_length=NOTE_MAX_LENGTH)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """The name in the current language (registry/reference_names.py lists
        the names for translation); a name added later shows as entered."""
        return gettext(self.name)

    @property
    def description_text(self):
        return gettext(self.description) if self.description else ""


class Topic(Reference):
    class Meta(Reference.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_absolute_url(self):
        return reverse("registry:topic_detail", args=[self.slug])


class Function(Reference):
    """One of the four functions of IPBES (Box 5)."""

    how_to_engage = models.TextField(_("how to engage"), blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta(Reference.Meta):
        verbose_name = _("IPBES function")
        verbose_name_plural = _("IPBES functions")

    def get_absolute_url(self):
        return reverse("registry:function_detail", args=[self.slug])

    @property
    def how_to_engage_text(self):
        return gettext(self.how_to_engage) if self.how_to_engage else ""


class ActivityType(Reference):
    functions = models.ManyToManyField(Function, related_name="activity_types")

    class Meta(Reference.Meta):
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")


class Scale(Reference):
    class Meta(Reference.Meta):
        verbose_name = _("scale")
        verbose_name_plural = _("scales")


class Region(Reference):
    class Meta(Reference.Meta):
        verbose_name = _("IPBES region")
        verbose_name_plural = _("IPBES regions")


class MemberType(Reference):
    class Meta(Reference.Meta):
        verbose_name = _("member type")
        verbose_name_plural = _("member types")


class Language(Reference):
    """A language a community works in; the slug is the ISO 639-1 code."""

    class Meta(Reference.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class TaskForce(Reference):
    class Meta(Reference.Meta):
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")


class Deliverable(Reference):
    """An IPBES deliverable that contributions and impact examples refer to."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Approved assessment")
        ONGOING = "ongoing", _("Ongoing assessment")
        OTHER = "other", _("Other deliverable")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ASSESSMENT)
    year_approved = models.PositiveSmallIntegerField(
        _("year approved"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2012), MaxValueValidator(2100)],
    )

    class Meta(Reference.Meta):
        verbose_name = _("IPBES deliverable")
        verbose_name_plural = _("IPBES deliverables")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["assessment", "ongoing", "other"]),
                name="deliverable_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(year_approved__isnull=True) | Q(year_approved__gte=2012),
                name="deliverable_year_sane",
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.year_approved})" if self.year_approved else str(self.label)


class ImpactType(Reference):
    class Meta(Reference.Meta):
        verbose_name = _("impact type")
        verbose_name_plural = _("impact types")


class ImpactScale(Reference):
    class Meta(Reference.Meta):
        verbose_name = _("impact scale")
        verbose_name_plural = _("impact scales")


# --- Communities ----------------------------------------------------------------


class CommunityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Community.Status.PUBLISHED)

    def visible_to(self, user):
        """Published ones, plus those the user coordinates; the Secretariat sees all."""
        from registry import permissions

        if permissions.is_secretariat(user):
            return self.all()
        if user is None or not user.is_authenticated:
            return self.published()
        return self.filter(
            Q(status=Community.Status.PUBLISHED) | Q(memberships__user=user)
        ).distinct()

    def coordinated_by(self, user):
        return self.filter(memberships__user=user)


def logo_upload_to(instance, filename):
    """A generated name: never the uploader's file name."""
    return f"logos/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class Community(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned for changes")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences, at most 300 characters.")
    )
    description = models.TextField(
        _("description"), blank=True, max_length=DESCRIPTION_MAX_LENGTH, help_text=_("Markdown.")
    )
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    member_count = models.PositiveIntegerField(
        _("approximate number of members"), null=True, blank=True
    )
    how_to_join = models.TextField(_("how to join"), blank=True, max_length=NOTE_MAX_LENGTH)
    languages = models.ManyToManyField(
        Language, related_name="communities", blank=True, verbose_name=_("languages of work")
    )
    topics = models.ManyToManyField(Topic, related_name="communities", verbose_name=_("topics"))
    functions = models.ManyToManyField(
        Function, related_name="communities", blank=True, verbose_name=_("IPBES functions")
    )
    scales = models.ManyToManyField(
        Scale, related_name="communities", blank=True, verbose_name=_("scales")
    )
    regions = models.ManyToManyField(
        Region, related_name="communities", blank=True, verbose_name=_("IPBES regions")
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    member_types = models.ManyToManyField(
        MemberType, related_name="communities", blank=True, verbose_name=_("who takes part")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="communities"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    # Kept up to date by a PostgreSQL trigger (migration 0003); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at"])
    objects = CommunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("community of practice")
        verbose_name_plural = _("communities of practice")
        ordering = ["name"]
        permissions = [
            ("moderate_community", _("Can publish, return and archive communities")),
        ]
        constraints = [
            length_at_most("description", DESCRIPTION_MAX_LENGTH, "community_description_length"),
            length_at_most("how_to_join", NOTE_MAX_LENGTH, "community_how_to_join_length"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "published", "returned", "archived"]),
                name="community_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(year_founded__isnull=True)
                | Q(year_founded__gte=1900, year_founded__lte=2100),
                name="community_year_founded_sane",
            ),
            models.CheckConstraint(
                condition=Q(member_count__isnull=True) | Q(member_count__gte=0),
                name="community_member_count_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["status", "-published_at"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:community_detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.year_founded and self.year_founded > timezone.now().year:
            raise ValidationError({"year_founded": _("The year founded cannot be in the future.")})

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=["owner", "editor"]), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.community} ({self.get_role_display()})"


def invitation_token():
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + timedelta(days=Invitation.VALID_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted nor revoked, and not yet expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    VALID_DAYS = 14

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role, default=Membership.Role.EDITOR
    )
    token = models.CharField(max_length=64, unique=True, default=invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="invitation_expires_later"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["owner", "editor"]), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.community}"

    @property
    def is_usable(self):
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class InvitationSending(models.Model):
    """One invitation e-mail sent (first sending or re-sending): the daily limit
    per community counts these rows, so it holds across server processes and
    survives a revoked or deleted invitation."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="invitation_sendings"
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, related_name="sendings"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("invitation e-mail sent")
        verbose_name_plural = _("invitation e-mails sent")
        indexes = [models.Index(fields=["community", "sent_at"], name="invitation_sending_by_day")]

    def __str__(self):
        return f"{self.community} {self.sent_at:%Y-%m-%d %H:%M}"


# --- Contributions and impact ------------------------------------------------------


class ContributionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(community__status=Community.Status.PUBLISHED)

    def upcoming(self):
        return self.filter(start_date__gte=timezone.localdate())


class Contribution(models.Model):
    """A voluntary contribution to IPBES's work: one activity of a community."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="contributions")
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("activity"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, max_length=DESCRIPTION_MAX_LENGTH, help_text=_("Markdown.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    scale = models.ForeignKey(
        Scale, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("scale")
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    online = models.BooleanField(_("online"), default=False)
    evidence_url = models.URLField(_("link to evidence"), blank=True)
    deliverables = models.ManyToManyField(
        Deliverable, blank=True, related_name="contributions", verbose_name=_("IPBES deliverables")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="contributions", verbose_name=_("topics")
    )
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-start_date", "title"]
        constraints = [
            length_at_most(
                "description", DESCRIPTION_MAX_LENGTH, "contribution_description_length"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="contribution_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(participants__isnull=True) | Q(participants__gte=0),
                name="contribution_participants_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["-start_date"]),
            models.Index(fields=["community", "-start_date"]),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.start_date and self.start_date.year < 1990:
            raise ValidationError({"start_date": _("Enter a date after 1990.")})
        if self.participants is not None and self.participants < 0:
            raise ValidationError(
                {"participants": _("The number of participants cannot be negative.")}
            )


class ImpactExample(models.Model):
    """An example of the use of IPBES outputs in decision-making or in science."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="impact_examples"
    )
    deliverables = models.ManyToManyField(
        Deliverable, related_name="impact_examples", verbose_name=_("IPBES deliverables used")
    )
    impact_type = models.ForeignKey(
        ImpactType, on_delete=models.PROTECT, verbose_name=_("type of impact")
    )
    impact_scale = models.ForeignKey(
        ImpactScale, on_delete=models.PROTECT, verbose_name=_("scale of impact")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, max_length=DESCRIPTION_MAX_LENGTH, help_text=_("Markdown.")
    )
    date = models.DateField(_("date"))
    countries = CountryField(_("countries"), multiple=True, blank=True)
    evidence_url = models.URLField(_("link to evidence"), blank=True)
    track_url = models.URLField(_("link in the IPBES impact tracking database"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("example of IPBES impact")
        verbose_name_plural = _("examples of IPBES impact")
        ordering = ["-date", "title"]
        indexes = [models.Index(fields=["-date"])]
        constraints = [
            length_at_most("description", DESCRIPTION_MAX_LENGTH, "impact_description_length"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.date and self.date.year < 2012:
            raise ValidationError({"date": _("IPBES was established in 2012: enter a later date.")})


# --- Recognition -------------------------------------------------------------------


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


class Recommendation(models.Model):
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
        if not (self.conflict_of_interest or "").strip():
            raise ValidationError(
                {"conflict_of_interest": _('Declare any conflict of interest, or write "none".')}
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


# --- The record of every transition --------------------------------------------------


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
