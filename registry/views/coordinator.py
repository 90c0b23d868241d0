"""The coordinators' pages under /my/: dashboard, community profile, publication,
contributions and impact examples (co-coordinators: registry/views/members.py).

Every view asks ``registry.permissions`` on each request through
``get_community_for``; a community or object the user may not act on is a 404.
Data changes only by POST; state changes go through ``registry.services``.
"""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, ProtectedError, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from registry import permissions, services
from registry.completeness import MANY, profile_gaps
from registry.forms import (
    ArchiveForm,
    CommunityForm,
    ContributionForm,
    ImpactExampleForm,
)
from registry.models import (
    Community,
    Contribution,
    ImpactExample,
    Invitation,
    Membership,
    Recognition,
    RecommendationEvidence,
)
from registry.services import TransitionNotAllowed
from registry.similar import similar_communities
from registry.views.workspace import form_arguments, get_community_for, redirect_to_overview


def _user_emails(user):
    emails = {user.email.lower()} if user.email else set()
    emails |= {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    return emails


# --- Dashboard and community profile ------------------------------------------------


def _recognitions(communities):
    """{community id: its active recognition} for these communities, in one query."""
    active = Recognition.objects.active().filter(community__in=communities)
    return {r.community_id: r for r in active.select_related("round")}


def _status_details(community, recognitions=None):
    """What /my/ says beside the status: the recognition, and what the profile lacks."""
    if recognitions is None:
        recognitions = _recognitions([community])
    return {"recognition": recognitions.get(community.pk), "gaps": profile_gaps(community)}


@login_required
def dashboard(request):
    """My communities, what to do next for each, and invitations waiting for me."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("community")
        .prefetch_related(*(f"community__{name}" for name in MANY))
        .annotate(
            contribution_count=Count("community__contributions", distinct=True),
            impact_count=Count("community__impact_examples", distinct=True),
        )
        .order_by("community__name")
    )
    recognitions = _recognitions([m.community for m in memberships])
    rows = [
        {
            "membership": membership,
            "community": membership.community,
            "return_reason": services.last_return_reason(membership.community),
            "allowed_transitions": services.allowed_transitions(request.user, membership.community),
            **_status_details(membership.community, recognitions),
        }
        for membership in memberships
    ]
    emails = _user_emails(request.user)
    invitations = (
        Invitation.objects.pending()
        .filter(Q(email__in=emails))
        .exclude(community__memberships__user=request.user)
        .select_related("community", "invited_by")
    )
    awaiting_review = None
    if permissions.can_moderate_community(request.user):
        awaiting_review = Community.objects.awaiting_review().count()
    return render(
        request,
        "registry/my/dashboard.html",
        {"rows": rows, "invitations": invitations, "awaiting_review": awaiting_review},
    )


# The form's second button: show the duplicate hints for what is typed, save nothing.
CHECK_SIMILAR = "check_similar"


def _checking_similar(request, form):
    """On the "check" button, the form again as typed but unbound (no errors yet)."""
    if request.method != "POST" or CHECK_SIMILAR not in request.POST:
        return None
    typed = {name: form[name].data for name in form.fields if name != "logo"}
    return CommunityForm(initial=typed, instance=form.instance if form.instance.pk else None)


def _similar_to_typed(request, community=None):
    """Duplicate hints for the name, acronym and website just posted, or asked for by
    the form's script (a GET with check_similar); none on a plain GET."""
    data = request.POST if request.method == "POST" else request.GET
    if request.method != "POST" and CHECK_SIMILAR not in data:
        return []
    return similar_communities(
        user=request.user,
        name=data.get("name", ""),
        acronym=data.get("acronym", ""),
        website=data.get("website", ""),
        exclude_pk=community.pk if community else None,
    )


def _similar_fragment(request, community=None):
    """The hints alone, for static/js/similar_communities.js as the user types."""
    return render(
        request,
        "registry/my/_similar_communities.html",
        {"similar": _similar_to_typed(request, community)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_create(request):
    """Register a new community: saved as a draft owned by the user. Similar
    communities are shown after a POST (they never block)."""
    if request.method == "GET" and CHECK_SIMILAR in request.GET:
        return _similar_fragment(request)
    form = CommunityForm(*form_arguments(request, files=True))
    checking = _checking_similar(request, form)
    if checking is not None:
        form = checking
    elif request.method == "POST" and form.is_valid():
        community = services.community_register(owner=request.user, form=form)
        messages.success(
            request,
            _("“%(name)s” is saved as a draft. Submit it for review when it is complete.")
            % {"name": community.name},
        )
        return redirect_to_overview(community)
    return render(
        request,
        "registry/my/community_form.html",
        {"form": form, "community": None, "similar": _similar_to_typed(request)},
    )


@login_required
def community_overview(request, slug):
    """One community as its coordinators see it: status, next step, contributions."""
    community = get_community_for(request, slug, permissions.can_coordinate)
    user = request.user
    similar = []
    if community.status in services.transitions.SUBMIT.sources:
        # "Is yours one of these?" until it is submitted: right after registering, too.
        similar = similar_communities(
            user=user,
            name=community.name,
            acronym=community.acronym,
            website=community.website,
            exclude_pk=community.pk,
        )
    return render(
        request,
        "registry/my/community_overview.html",
        {
            "community": community,
            "role": permissions.role_in(user, community),
            "return_reason": services.last_return_reason(community),
            "can_edit": permissions.can_edit_community(user, community),
            "can_manage": permissions.can_manage_community(user, community),
            "allowed_transitions": services.allowed_transitions(user, community),
            "contributions": community.contributions.select_related("activity_type"),
            "impact_examples": community.impact_examples.select_related("impact_type"),
            "transitions": community.transitions.select_related("actor")[:10],
            "similar": similar,
            **_status_details(community),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request, slug):
    """Edit the profile; a published community's changes are live (and kept in history)."""
    community = get_community_for(request, slug, permissions.can_edit_community)
    if request.method == "GET" and CHECK_SIMILAR in request.GET:
        return _similar_fragment(request, community)
    form = CommunityForm(*form_arguments(request, files=True), instance=community)
    checking = _checking_similar(request, form)
    if checking is not None:
        form = checking
    elif request.method == "POST" and form.is_valid():
        form.save()
        services.community_edited(community=community, user=request.user)
        messages.success(request, _("The changes are saved."))
        return redirect_to_overview(community)
    return render(
        request,
        "registry/my/community_form.html",
        {
            "form": form,
            "community": community,
            "similar": _similar_to_typed(request, community),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_submit(request, slug):
    """An owner submits the community for the Secretariat's review, after a page that
    says what happens next."""
    community = get_community_for(request, slug, permissions.can_submit_community)
    if request.method == "GET":
        refusal = services.refusal(request.user, community, "submit")
        if refusal:
            messages.error(request, refusal)
            return redirect_to_overview(community)
        return render(
            request,
            "registry/my/community_submit.html",
            {"community": community, "gaps": profile_gaps(community)},
        )
    try:
        services.community_submit(community=community, user=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Submitted: the Secretariat will review the community and publish it or return it."),
        )
    return redirect_to_overview(community)


@login_required
@require_http_methods(["GET", "POST"])
def community_archive(request, slug):
    """An owner archives a published community, after a confirmation page."""
    community = get_community_for(request, slug, permissions.can_archive_community)
    refusal = services.refusal(request.user, community, "archive")
    if refusal:
        messages.error(request, refusal)
        return redirect_to_overview(community)
    form = ArchiveForm(*form_arguments(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.community_archive(
                community=community, user=request.user, note=form.cleaned_data["note"]
            )
        except TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The community is archived and no longer public."))
        return redirect_to_overview(community)
    return render(
        request, "registry/my/community_archive.html", {"community": community, "form": form}
    )


# --- Contributions and impact examples ----------------------------------------------

KINDS = {
    "contribution": {
        "model": Contribution,
        "form": ContributionForm,
        "title_new": gettext_lazy("Add a contribution"),
        "title_edit": gettext_lazy("Edit the contribution"),
        "saved": gettext_lazy("The contribution is saved."),
        "deleted": gettext_lazy("The contribution is deleted."),
        "url": "contribution",
    },
    "impact": {
        "model": ImpactExample,
        "form": ImpactExampleForm,
        "title_new": gettext_lazy("Add an example of IPBES impact"),
        "title_edit": gettext_lazy("Edit the example of IPBES impact"),
        "saved": gettext_lazy("The example of impact is saved."),
        "deleted": gettext_lazy("The example of impact is deleted."),
        "url": "impact",
    },
}


def _child_for(request, slug, kind, pk):
    """The community (editable by the user) and its object ``pk``: another
    community's object is a 404 even when the user may edit that one too."""
    community = get_community_for(request, slug, permissions.can_edit_community)
    obj = None
    if pk is not None:
        obj = get_object_or_404(KINDS[kind]["model"], pk=pk, community=community)
    return community, obj


def _child_form(request, slug, kind, pk=None):
    spec = KINDS[kind]
    community, obj = _child_for(request, slug, kind, pk)
    form = spec["form"](*form_arguments(request), instance=obj)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.community = community  # never from the form
        item.save()
        form.save_m2m()
        messages.success(request, spec["saved"])
        return redirect_to_overview(community)
    return render(
        request,
        "registry/my/item_form.html",
        {
            "community": community,
            "form": form,
            "object": obj,
            "kind": kind,
            "page_title": spec["title_edit"] if obj else spec["title_new"],
        },
    )


def _child_delete(request, slug, kind, pk):
    spec = KINDS[kind]
    community, obj = _child_for(request, slug, kind, pk)
    protected = (
        kind == "contribution" and RecommendationEvidence.objects.filter(contribution=obj).exists()
    )
    if request.method == "POST" and not protected:
        try:
            obj.delete()
        except ProtectedError:
            protected = True
        else:
            messages.success(request, spec["deleted"])
            return redirect_to_overview(community)
    if protected and request.method == "POST":
        messages.error(
            request,
            _(
                "This contribution supports a recommendation for recognition, so it is "
                "kept on record and cannot be deleted. You can still edit it."
            ),
        )
        return redirect_to_overview(community)
    return render(
        request,
        "registry/my/item_delete.html",
        {"community": community, "object": obj, "kind": kind, "protected": protected},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_create(request, slug):
    """Add a contribution to a community."""
    return _child_form(request, slug, "contribution")


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request, slug, pk):
    """Edit a contribution of a community."""
    return _child_form(request, slug, "contribution", pk)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_delete(request, slug, pk):
    """Confirm (GET), then delete (POST) a contribution."""
    return _child_delete(request, slug, "contribution", pk)


@login_required
@require_http_methods(["GET", "POST"])
def impact_create(request, slug):
    """Add an example of IPBES impact to a community."""
    return _child_form(request, slug, "impact")


@login_required
@require_http_methods(["GET", "POST"])
def impact_edit(request, slug, pk):
    """Edit an example of IPBES impact."""
    return _child_form(request, slug, "impact", pk)


@login_required
@require_http_methods(["GET", "POST"])
def impact_delete(request, slug, pk):
    """Confirm (GET), then delete (POST) an example of IPBES impact."""
    return _child_delete(request, slug, "impact", pk)
