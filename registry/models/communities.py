"""Communities and the people who coordinate them: memberships and invitations."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from registry.identifiers import RorField
from registry.models.base import (
    DESCRIPTION_MAX_LENGTH,
    EARLIEST_FOUNDED_YEAR,
    LATEST_YEAR,
    NOTE_MAX_LENGTH,
    length_at_most,
)
from registry.models.privacy import ContactVisibility
from registry.models.reference import Function, Language, MemberType, Region, Scale, Topic


def public_condition(path=""):
    """What the public may see, as a condition on communities reached by ``path``
    (e.g. "community__"): published ones. The whole rule of who sees what, built on
    this, is ``registry.permissions.community_visibility``."""
    return Q(**{f"{path}status": Community.Status.PUBLISHED})


# The yearly confirmation (DESIGN.md, "Keeping the registry true over time"): a
# published community is due CONFIRM_EVERY after a coordinator last confirmed it
# (publication, an edit or a confirmation); the other delays count from that due date.
CONFIRM_EVERY = timedelta(days=365)
SECOND_REMINDER_AFTER = timedelta(days=30)
OVERDUE_AFTER = timedelta(days=90)
ARCHIVE_AFTER = timedelta(days=180)


def last_confirmed():
    """When a community was last confirmed, as an expression: ``confirmed_at``, or
    for a row that never had one its publication or creation."""
    return Coalesce("confirmed_at", "published_at", "created_at")


def overdue_condition(now=None):
    """The condition (for ``filter``, ``exclude`` or an aggregate's ``filter``) of being
    OVERDUE_AFTER past the due date, whatever the status: combine with ``published()``."""
    now = now or timezone.now()
    return LessThanOrEqual(last_confirmed(), now - CONFIRM_EVERY - OVERDUE_AFTER)


def public_contact(email, visibility):
    """The contact address everyone may see, from a community's two fields (the one rule,
    for a row read as values too: the exports)."""
    return email if visibility == ContactVisibility.EVERYONE else ""


class CommunityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(public_condition())

    def due(self, now=None):
        """Published ones whose confirmation is due (the due date has passed)."""
        now = now or timezone.now()
        return self.published().filter(LessThanOrEqual(last_confirmed(), now - CONFIRM_EVERY))

    def overdue(self, now=None):
        """Published ones OVERDUE_AFTER past their due date: shown as not confirmed."""
        return self.published().filter(overdue_condition(now))

    def confirmed(self, now=None):
        """Published ones that are not overdue."""
        return self.published().exclude(overdue_condition(now))

    def overdue_between(self, start, end):
        """Published ones that became overdue after ``start`` and by ``end``: those
        ``confirmed(start)`` keeps and ``confirmed(end)`` does not, with no write
        between (a confirmation is a write). An index range scan
        (``community_last_confirmed``)."""
        window = CONFIRM_EVERY + OVERDUE_AFTER
        return self.published().filter(
            GreaterThan(last_confirmed(), start - window), overdue_condition(end)
        )

    def to_archive(self, now=None):
        """Published ones ARCHIVE_AFTER past their due date whose owners had both
        reminders, the second at least SECOND_REMINDER_AFTER ago: no community is
        archived unwarned (say, when the scheduler starts with a backlog)."""
        now = now or timezone.now()
        return self.due(now - ARCHIVE_AFTER).filter(
            reminders_sent__gte=2, reminded_at__lte=now - SECOND_REMINDER_AFTER
        )

    def awaiting_review(self):
        """Submitted ones: the Secretariat's moderation queue."""
        return self.filter(status=Community.Status.SUBMITTED)

    def _active_recognitions(self):
        # Recognition is reached through its relation, not imported: recognition.py
        # imports this module.
        recognition = self.model._meta.get_field("recognitions").related_model
        return recognition.objects.active()

    def recognised(self):
        """Those holding an active recognition as IPBES collaborative supporters."""
        return self.filter(pk__in=self._active_recognitions().values("community_id"))

    def with_recognition_flag(self, name="is_recognised"):
        """Each row flagged (``name``: True or False) when it holds an active recognition."""
        active = self._active_recognitions().filter(community_id=models.OuterRef("pk"))
        return self.annotate(**{name: models.Exists(active)})


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
    host_ror = RorField(
        _("ROR ID of the host organisation"),
        blank=True,
        help_text=_(
            "The organisation that hosts the community, by its ID in the Research "
            "Organization Registry (ror.org), e.g. https://ror.org/05dxps055."
        ),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # Who sees contact_email; the rule is Community.public_contact_email and
    # registry.permissions.contact_email_for.
    contact_visibility = models.CharField(
        _("who sees the contact address"),
        max_length=10,
        choices=ContactVisibility,
        default=ContactVisibility.FORM,
        help_text=_(
            "Unless it is everyone, the address never appears in exports, feeds or the API; "
            "people who may not see it write through a contact form instead."
        ),
    )
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_FOUNDED_YEAR), MaxValueValidator(LATEST_YEAR)],
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
    # Derived from the contributions (registry/models/links.py), for the activity facet.
    activity_types = models.ManyToManyField(
        "registry.ActivityType",
        through="registry.CommunityActivity",
        related_name="+",
        editable=False,
    )
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
    # The yearly confirmation: set by publication, a coordinator's edit or a
    # confirmation; the scheduler (registry.housekeeping) counts its reminders.
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True, db_index=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Kept up to date by a PostgreSQL trigger (migration 0004); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["search_vector", "updated_at", "reminders_sent", "reminded_at"]
    )
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
                | Q(year_founded__gte=EARLIEST_FOUNDED_YEAR, year_founded__lte=LATEST_YEAR),
                name="community_year_founded_sane",
            ),
            models.CheckConstraint(
                condition=Q(member_count__isnull=True) | Q(member_count__gte=0),
                name="community_member_count_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(contact_visibility__in=["form", "signed_in", "everyone"]),
                name="community_contact_visibility_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["status", "-published_at"]),
            # The published ones' ids, as every facet reads them: an index-only scan.
            models.Index(fields=["status", "id"], name="community_status_id"),
            # When each published one was last confirmed: those passing a date
            # (overdue_between(), the list's "confirmed" choice as the clock moves on).
            models.Index(
                Coalesce("confirmed_at", "published_at", "created_at"),
                name="community_last_confirmed",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:community_detail", args=[self.slug])

    def clean(self):
        super().clean()
        # Depends on today, so no database constraint can hold it.
        if self.year_founded and self.year_founded > timezone.localdate().year:
            raise ValidationError({"year_founded": _("The year founded cannot be in the future.")})

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def public_contact_email(self):
        """The contact address for everyone (pages, exports, feeds, the API, JSON-LD):
        only when the community chose "everyone", else "". Who else sees it is
        ``registry.permissions.contact_email_for``."""
        return public_contact(self.contact_email, self.contact_visibility)

    @property
    def last_confirmed_at(self):
        """As ``last_confirmed()``: the confirmation, else publication, else creation."""
        return self.confirmed_at or self.published_at or self.created_at

    @property
    def confirmation_due_at(self):
        """When the next confirmation is due (None for an unsaved community)."""
        last = self.last_confirmed_at
        return last + CONFIRM_EVERY if last else None

    def is_overdue(self, now=None):
        """Published and OVERDUE_AFTER past its due date: 'not confirmed since …'."""
        due = self.confirmation_due_at
        return bool(self.is_public and due and due + OVERDUE_AFTER <= (now or timezone.now()))


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
