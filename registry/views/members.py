"""The co-coordinators' pages under /my/: invite (and re-send or revoke an
invitation), change roles, remove, hand over ownership, leave, and accept an
invitation. A community always keeps an owner
(``registry.services`` refuses otherwise)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from registry import permissions, services
from registry.forms import InvitationForm, RoleForm
from registry.models import Invitation, Membership
from registry.services import TransitionNotAllowed
from registry.views.workspace import form_arguments, get_community_for, redirect_to_overview


@login_required
@require_http_methods(["GET", "POST"])
def coordinators(request, slug):
    """List the coordinators and pending invitations; POST invites someone by e-mail."""
    community = get_community_for(request, slug, permissions.can_manage_community)
    form = InvitationForm(*form_arguments(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                community=community,
                user=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except TransitionNotAllowed as refusal:
            form.add_error("email", str(refusal))
        else:
            messages.success(
                request,
                _("An invitation is sent to %(email)s; it is valid for %(days)d days.")
                % {"email": invitation.email, "days": Invitation.VALID_DAYS},
            )
            return redirect("coordinator:coordinators", slug=community.slug)
    memberships = community.memberships.select_related("user").order_by("-role", "user__email")
    invitations = (
        community.invitations.pending()
        .annotate(sent_count=Count("sendings"))
        .order_by("email", "pk")
    )
    return render(
        request,
        "registry/my/coordinators.html",
        {
            "community": community,
            "memberships": memberships,
            "invitations": invitations,
            "form": form,
            "roles": Membership.Role.choices,
            "is_owner": permissions.is_owner(request.user, community),
            "sent_today": services.invitation_sendings_today(community).count(),
            "daily_limit": services.DAILY_INVITATION_LIMIT,
            "valid_days": Invitation.VALID_DAYS,
        },
    )


def _pending_invitation_for(request, slug, pk):
    community = get_community_for(request, slug, permissions.can_manage_community)
    return get_object_or_404(Invitation, pk=pk, community=community)


@login_required
@require_POST
def invitation_resend(request, slug, pk):
    """Send a pending invitation again (valid 14 days from now; counts toward the daily limit)."""
    invitation = _pending_invitation_for(request, slug, pk)
    try:
        services.invitation_resend(invitation=invitation, user=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("The invitation is sent again to %(email)s; it is valid for %(days)d days.")
            % {"email": invitation.email, "days": Invitation.VALID_DAYS},
        )
    return _back_to_coordinators(invitation.community)


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    """Withdraw a pending invitation: its link stops working."""
    invitation = _pending_invitation_for(request, slug, pk)
    try:
        services.invitation_revoke(invitation=invitation, user=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is revoked; its link no longer works.")
            % {"email": invitation.email},
        )
    return _back_to_coordinators(invitation.community)


def _membership_for(request, slug, pk):
    community = get_community_for(request, slug, permissions.can_manage_community)
    membership = get_object_or_404(Membership, pk=pk, community=community)
    return community, membership


def _back_to_coordinators(community):
    return redirect("coordinator:coordinators", slug=community.slug)


@login_required
@require_POST
def membership_role(request, slug, pk):
    """Change a coordinator's role (the last owner cannot step down)."""
    community, membership = _membership_for(request, slug, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return _back_to_coordinators(community)
    try:
        services.membership_set_role(
            membership=membership, user=request.user, role=form.cleaned_data["role"]
        )
    except TransitionNotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(email)s is now %(role)s.")
            % {
                "email": membership.user.email,
                "role": Membership.Role(form.cleaned_data["role"]).label.lower(),
            },
        )
    if not permissions.can_manage_community(request.user, community):
        return redirect("coordinator:dashboard")
    return _back_to_coordinators(community)


@login_required
@require_POST
def membership_remove(request, slug, pk):
    """Remove a coordinator (a community always keeps an owner)."""
    community, membership = _membership_for(request, slug, pk)
    try:
        services.membership_remove(membership=membership, user=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(email)s no longer coordinates the community.") % {"email": membership.user.email},
        )
    if not permissions.can_manage_community(request.user, community):
        return redirect("coordinator:dashboard")
    return _back_to_coordinators(community)


@login_required
@require_POST
def ownership_hand_over(request, slug, pk):
    """Make another coordinator the owner; the current owner becomes an editor."""
    community, membership = _membership_for(request, slug, pk)
    try:
        services.ownership_hand_over(
            community=community, user=request.user, to_membership=membership
        )
    except TransitionNotAllowed as refusal:
        messages.error(request, str(refusal))
        return _back_to_coordinators(community)
    messages.success(
        request,
        _("%(email)s is now an owner; you are an editor.") % {"email": membership.user.email},
    )
    return redirect_to_overview(community)


@login_required
@require_POST
def community_leave(request, slug):
    """Stop coordinating a community (an owner hands over ownership first)."""
    community = get_community_for(request, slug, permissions.is_coordinator)
    membership = get_object_or_404(Membership, community=community, user=request.user)
    try:
        services.membership_remove(membership=membership, user=request.user)
    except TransitionNotAllowed as refusal:
        messages.error(request, str(refusal))
        return redirect_to_overview(community)
    messages.success(request, _("You no longer coordinate “%(name)s”.") % {"name": community.name})
    return redirect("coordinator:dashboard")


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """An invitation: GET shows it (with sign-in links for anonymous users), POST accepts.
    Only an account holding the invited address, verified, can accept."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("community", "invited_by"), token=token
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except TransitionNotAllowed as refusal:
            messages.error(request, str(refusal))
            if not invitation.is_usable:
                return redirect("coordinator:dashboard")
            return redirect("coordinator:invitation_accept", token=token)
        messages.success(
            request,
            _("You now coordinate “%(name)s” as %(role)s.")
            % {"name": membership.community.name, "role": membership.get_role_display().lower()},
        )
        return redirect_to_overview(membership.community)
    next_query = "?" + urlencode({"next": request.get_full_path()})
    signed_in = request.user.is_authenticated
    return render(
        request,
        "registry/my/invitation.html",
        {
            "invitation": invitation,
            "already_member": signed_in
            and permissions.is_coordinator(request.user, invitation.community),
            "address_missing": signed_in
            and not services.holds_verified_address(request.user, invitation.email),
            "login_url": reverse("account_login") + next_query,
            "signup_url": reverse("account_signup") + next_query,
        },
    )
