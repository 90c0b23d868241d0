"""What a community did for IPBES: contributions and examples of impact."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from registry.identifiers import validate_track_url
from registry.models.base import (
    DESCRIPTION_MAX_LENGTH,
    EARLIEST_IMPACT_YEAR,
    EARLIEST_START_YEAR,
    FieldCheckedModel,
    check_on_field,
    length_at_most,
    with_year,
)
from registry.models.communities import Community, public_condition
from registry.models.reference import (
    ActivityType,
    Deliverable,
    ImpactScale,
    ImpactType,
    Scale,
    Topic,
)


class ContributionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(public_condition("community__"))

    def upcoming(self):
        return self.filter(start_date__gte=timezone.localdate())

    def past(self):
        """What has happened: the complement of upcoming()."""
        return self.filter(start_date__lt=timezone.localdate())


class Contribution(FieldCheckedModel):
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
            check_on_field(
                "end_date",
                Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="contribution_ends_after_start",
                message=_("The end date cannot be before the start date."),
            ),
            check_on_field(
                "start_date",
                Q(start_date__gte=datetime.date(EARLIEST_START_YEAR, 1, 1)),
                name="contribution_start_date_sane",
                message=with_year(_("Enter a date in %(year)d or later."), EARLIEST_START_YEAR),
            ),
            # The field's own validation shows the message (at least 0).
            models.CheckConstraint(
                condition=Q(participants__isnull=True) | Q(participants__gte=0),
                name="contribution_participants_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["-start_date"]),
            models.Index(fields=["community", "-start_date"]),
            # Every column a listing groups or filters on, after the community (the
            # published ones are a list of communities): the facets and the number of
            # rows are index-only scans, never a read of the wide rows.
            models.Index(
                fields=["community", "activity_type", "scale", "start_date", "id"],
                name="contribution_facets",
            ),
        ]

    def __str__(self):
        return self.title


class ImpactExampleQuerySet(models.QuerySet):
    def published(self):
        """The examples of published communities: those the public pages show."""
        return self.filter(public_condition("community__"))


class ImpactExample(FieldCheckedModel):
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
    track_url = models.URLField(
        _("link in the IPBES impact tracking database"),
        blank=True,
        validators=[validate_track_url],
        help_text=_(
            "The address of this example's record in TRACK, once registered there "
            "(https://www.ipbes.net/impact-tracking…)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImpactExampleQuerySet.as_manager()

    class Meta:
        verbose_name = _("example of IPBES impact")
        verbose_name_plural = _("examples of IPBES impact")
        ordering = ["-date", "title"]
        indexes = [models.Index(fields=["-date"])]
        constraints = [
            length_at_most("description", DESCRIPTION_MAX_LENGTH, "impact_description_length"),
            check_on_field(
                "date",
                Q(date__gte=datetime.date(EARLIEST_IMPACT_YEAR, 1, 1)),
                name="impact_date_sane",
                message=with_year(
                    _("IPBES was established in %(year)d: enter a later date."),
                    EARLIEST_IMPACT_YEAR,
                ),
            ),
        ]

    def __str__(self):
        return self.title
