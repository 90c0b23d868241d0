"""Reference data: the IPBES vocabularies (topics, functions, scales, regions and the rest)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.models.base import IPBES_ESTABLISHED_YEAR, LATEST_YEAR, NOTE_MAX_LENGTH


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
        validators=[MinValueValidator(IPBES_ESTABLISHED_YEAR), MaxValueValidator(LATEST_YEAR)],
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
                condition=Q(year_approved__isnull=True)
                | Q(year_approved__gte=IPBES_ESTABLISHED_YEAR),
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
