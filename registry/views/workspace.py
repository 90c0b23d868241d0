"""What every page of the coordinators' workspace (/my/) shares: finding the
community the user may act on, binding a form, and going back to the overview.
Used by registry/views/coordinator.py and registry/views/members.py."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from registry.models import Community


def get_community_for(request, slug, predicate):
    """The community with this slug if ``predicate(user, community)`` holds, else 404."""
    community = get_object_or_404(Community, slug=slug)
    if not predicate(request.user, community):
        raise Http404(_("No such community."))
    return community


def form_arguments(request, *, files=False):
    """Form arguments: the POST data on POST (even when empty), else unbound."""
    if request.method != "POST":
        return (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def redirect_to_overview(community):
    """Back to the community's page in the workspace."""
    return redirect("coordinator:community_overview", slug=community.slug)
