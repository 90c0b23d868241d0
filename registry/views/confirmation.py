"""Confirming that a community is current (DESIGN.md, "Keeping the registry true over
time"): the page a reminder's signed link opens, and the same page for a coordinator
signed in. GET shows the community with one button; only the POST confirms."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from registry import services
from registry.models import Community
from registry.services import ConfirmationLinkRefused, TransitionNotAllowed

# An expired or used link is gone for good (410); one that never was valid is a bad
# request (400).
REFUSAL_STATUS = {"expired": 410, "used": 410, "altered": 400}


def _refused(request, refusal, community=None):
    return render(
        request,
        "registry/confirmation/refused.html",
        {"refusal": refusal, "reason": getattr(refusal, "reason", ""), "community": community},
        status=REFUSAL_STATUS.get(getattr(refusal, "reason", ""), 409),
    )


def _page(request, community, *, confirm, **links):
    """GET: the page with its button; POST: ``confirm()``, then what it did."""
    if request.method == "POST":
        try:
            community = confirm()
        except TransitionNotAllowed as refusal:
            return _refused(request, refusal, community)
        return render(request, "registry/confirmation/confirmed.html", {"community": community})
    refusal = services.transitions.state_refusal(community, "confirm")
    return render(
        request,
        "registry/confirmation/confirm.html",
        {"community": community, "refusal": refusal, **links},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def community_confirm(request, slug, token):
    """A reminder's signed link: whoever holds it confirms, without signing in."""
    try:
        community = services.confirmation_link_community(token, slug=slug)
    except ConfirmationLinkRefused as refusal:
        return _refused(request, refusal)
    return _page(
        request,
        community,
        confirm=lambda: services.community_confirm(community=community, token=token),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def community_confirm_signed_in(request, slug):
    """The same for a coordinator (or the Secretariat) signed in; 404 for anyone who
    may not confirm this community."""
    community = get_object_or_404(Community, slug=slug)
    if not services.transitions.may(request.user, community, "confirm"):
        raise Http404
    return _page(
        request,
        community,
        confirm=lambda: services.community_confirm(community=community, user=request.user),
    )
