"""Personal data that people control: the privacy notice, a community's contact form,
and one's account page (a copy of one's data, deleting the account).

The privacy page is public and sets no cookie; the contact form is a page of its own
(its CSRF token sets one), so a community's page stays cacheable for anonymous visitors.
"""

import json
import time

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.internal import ratelimit
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from registry import permissions, services
from registry.forms import AccountDeleteForm, ContactForm
from registry.models import PrivacyNotice

# allauth's rate limits (allauth.core.ratelimit: its format, its shared cache), with
# our own rates: "amount/period/per", per is ip, user or key.
RATE_LIMITS = {
    "community_contact": "5/h/ip,20/d/key",
    "account_delete": "10/h/user",
}


def _consume(request, action, key=None):
    config = getattr(settings, "REGISTRY_RATE_LIMITS", RATE_LIMITS)
    return bool(ratelimit.consume(request, app="registry", action=action, config=config, key=key))


@require_safe
def privacy_notice(request):
    """The privacy notice, in the visitor's language (English where it has no text)."""
    notice = PrivacyNotice.objects.current()
    if notice is None:
        raise Http404
    language = translation.get_language() or settings.LANGUAGE_CODE
    shown_in = language if notice.has_text_in(language) else "en"
    context = {"notice": notice, "text": notice.text_for(language), "text_language": shown_in}
    return render(request, "registry/pages/privacy.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def community_contact(request, slug):
    """Write to a community through the registry: the message is relayed by e-mail with
    Reply-To the sender, and the sender never sees the community's address."""
    community = get_object_or_404(permissions.visible_communities(request.user), slug=slug)
    if not services.contact_recipients(community):
        raise Http404
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.display_name, "email": request.user.email}
    form = ContactForm(request.POST or None, initial=initial)
    # Only a message that would be sent counts against the limit: a typo does not.
    if request.method == "POST" and form.is_valid():
        if not _consume(request, "community_contact", key=f"community:{community.pk}"):
            return ratelimit.respond_429(request)
        services.contact_message_send(
            community=community,
            sender_name=form.cleaned_data["name"],
            sender_email=form.cleaned_data["email"],
            message=form.cleaned_data["message"],
        )
        messages.success(
            request,
            _("Your message was sent to %(community)s. They answer you by e-mail.")
            % {"community": community.name},
        )
        return redirect(community.get_absolute_url())
    context = {
        "community": community,
        "form": form,
        "shown_address": permissions.contact_email_for(request.user, community),
    }
    return render(request, "registry/communities/contact.html", context)


@login_required
@require_safe
def account(request):
    """One's account: e-mail addresses, password, second factor, data and deletion."""
    context = {
        "refusal": services.account_deletion_refusal(request.user),
        "without_owner": services.communities_left_without_owner(request.user),
        "notice": PrivacyNotice.objects.current(),
    }
    return render(request, "registry/my/account.html", context)


@login_required
@require_safe
def account_data(request):
    """Everything the registry holds about the signed-in person, as a JSON file."""
    data = services.personal_data(request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"ipbes-registry-my-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _second_factor_is_recent(request):
    """Whether the person used their second factor within allauth's reauthentication
    timeout (on signing in, or on its reauthentication page)."""
    timeout = account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("method") == "mfa" and time.time() - record.get("at", 0) < timeout
        for record in get_authentication_records(request, request.user)
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request):
    """Delete one's own account, after confirming with the password (and, for an account
    with a second factor, having just used it: allauth.mfa's reauthentication)."""
    user = request.user
    if is_mfa_enabled(user) and not _second_factor_is_recent(request):
        return redirect(
            reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.get_full_path()})
        )
    refusal = services.account_deletion_refusal(user)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and refusal is None:
        if not _consume(request, "account_delete"):
            return ratelimit.respond_429(request)
        if form.is_valid():
            try:
                services.account_delete(user=user)
            except services.TransitionNotAllowed as refused:
                messages.error(request, str(refused))
            else:
                logout(request)
                messages.success(request, _("Your account has been deleted."))
                return redirect("registry:home")
    context = {"form": form, "refusal": refusal}
    return render(request, "registry/my/account_delete.html", context)
