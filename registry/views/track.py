"""The bridge to TRACK, the IPBES impact tracking database: an impact example's
fields laid out to copy into TRACK's submission portal (TRACK_SUBMISSION_URL), and
the address of its record there once registered. For the example's coordinators."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from registry import links, permissions
from registry.forms import ImpactTrackForm
from registry.models import ImpactExample
from registry.views.workspace import form_arguments, get_community_for


def track_fields(request, example):
    """[(label, value)] of what TRACK asks, in a sensible order. The seed document
    gives no field order of TRACK's portal: these are the registry's own fields,
    what happened first, then where, which IPBES outputs, the evidence and who."""
    community = example.community
    rows = [
        (_("Title"), example.title),
        (_("Description"), example.description),
        (_("Type of impact"), example.impact_type.label),
        (_("Scale of impact"), example.impact_scale.label),
        (_("Date"), example.date.isoformat()),
        (_("Countries"), ", ".join(str(country.name) for country in example.countries)),
        (_("IPBES regions"), ", ".join(region.label for region in community.regions.all())),
        (
            _("IPBES deliverables used"),
            "; ".join(str(deliverable) for deliverable in example.deliverables.all()),
        ),
        (_("Link to evidence"), example.evidence_url),
        (_("Reported by"), community.name),
    ]
    if community.is_public:
        rows.append(
            (
                _("Page in the registry"),
                links.canonical_url(community.get_absolute_url()) + f"#impact-{example.pk}",
            )
        )
    return [(label, value) for label, value in rows if value]


@login_required
@require_http_methods(["GET", "POST"])
def impact_track(request, slug, pk):
    """Also register an example in TRACK: what to copy, where, and its record's address."""
    community = get_community_for(request, slug, permissions.can_edit_community)
    example = get_object_or_404(
        ImpactExample.objects.select_related("impact_type", "impact_scale", "community"),
        pk=pk,
        community=community,
    )
    form = ImpactTrackForm(*form_arguments(request), instance=example)
    if request.method == "POST" and form.is_valid():
        form.save()
        if example.track_url:
            messages.success(request, _("Saved: the example shows as registered in TRACK."))
        else:
            messages.success(request, _("Saved: the example no longer links to TRACK."))
        return redirect("coordinator:impact_track", slug=community.slug, pk=example.pk)
    return render(
        request,
        "registry/my/impact_track.html",
        {
            "community": community,
            "example": example,
            "form": form,
            "rows": track_fields(request, example),
            "track_submission_url": settings.TRACK_SUBMISSION_URL,
        },
    )
