"""The examples of IPBES impact (/impact/): one slug per filter, chosen from a list.

An unknown slug is reported on its field (the form's error) and ignored; the other
filters still apply. Each filter takes one value and joins one row per example at
most (one deliverable, one region of the community), so rows never multiply.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from registry.filters.facets import FlagFacet
from registry.models import Deliverable, ImpactExample, ImpactScale, ImpactType, Region

IN_TRACK = FlagFacet(
    "track", _("TRACK"), _("Registered in TRACK"), keep=lambda rows: rows.exclude(track_url="")
)


class ImpactFilterSet(django_filters.FilterSet):
    deliverable = django_filters.ModelChoiceFilter(
        field_name="deliverables",
        queryset=Deliverable.objects.active(),
        to_field_name="slug",
        label=_("IPBES deliverable used"),
        empty_label=_("Any deliverable"),
    )
    impact_type = django_filters.ModelChoiceFilter(
        queryset=ImpactType.objects.active(),
        to_field_name="slug",
        label=_("Type of impact"),
        empty_label=_("Any type"),
    )
    impact_scale = django_filters.ModelChoiceFilter(
        queryset=ImpactScale.objects.active(),
        to_field_name="slug",
        label=_("Scale of impact"),
        empty_label=_("Any scale"),
    )
    region = django_filters.ModelChoiceFilter(
        field_name="community__regions",
        queryset=Region.objects.active(),
        to_field_name="slug",
        label=_("IPBES region of the community"),
        empty_label=_("Any region"),
    )

    track = IN_TRACK.filter()
    track.label, track.extra["widget"] = IN_TRACK.choice_label, forms.CheckboxInput

    class Meta:
        model = ImpactExample
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = ImpactExample.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)

    def is_filtered(self):
        """Whether any filter has a value (valid or not): the page offers to clear them."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)

    def listing(self):
        """The filtered examples, newest first, with what each card shows."""
        return (
            self.qs.select_related("community", "impact_type", "impact_scale")
            .prefetch_related("deliverables")
            .order_by("-date", "title", "pk")
        )
