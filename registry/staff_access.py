"""Signed-in requests: no caching anywhere, staff sessions that end, and a second
factor before the admin.

- Every response to a signed-in person is ``Cache-Control: private, no-store``.
- Staff (anyone with a role, staff status or superuser status) are signed out 12 hours
  after signing in, or after 1 hour without a request (STAFF_SESSION_MAX_AGE/IDLE).
- With STAFF_MFA_REQUIRED (on when DEBUG is off), staff without a second factor are
  sent from the admin to the page that sets one up.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

SIGNED_IN_AT = "staff_signed_in_at"


def is_staff_person(user):
    """Task force, Bureau, Secretariat, staff or superuser: the people the admin serves."""
    if not (user and user.is_authenticated):
        return False
    if user.is_staff or user.is_superuser:
        return True
    cached = getattr(user, "_has_roles", None)
    if cached is None:
        cached = user._has_roles = user.groups.exists()
    return cached


def needs_second_factor(user):
    """Staff without a TOTP app or a security key, where one is required."""
    if not (settings.STAFF_MFA_REQUIRED and is_staff_person(user)):
        return False
    from allauth.mfa.utils import is_mfa_enabled

    return not is_mfa_enabled(user)


@receiver(user_logged_in)
def _remember_when_staff_signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and is_staff_person(user):
        request.session[SIGNED_IN_AT] = int(time.time())
        request.session.set_expiry(settings.STAFF_SESSION_IDLE)


class StaffAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            # The public API answers everyone as the public (registry/api/): no staff
            # timer renewed, no sign-in redirect, no private marking, no cookie.
            return self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user and user.is_authenticated)
        if signed_in and is_staff_person(user):
            response = self._staff(request, user)
            if response is not None:
                return response
        response = self.get_response(request)
        if signed_in or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def _staff(self, request, user):
        session = request.session
        signed_in_at = session.setdefault(SIGNED_IN_AT, int(time.time()))
        if time.time() - signed_in_at > settings.STAFF_SESSION_MAX_AGE:
            logout(request)
            messages.info(request, _("Your staff session has ended after 12 hours. Sign in again."))
            return redirect(f"{reverse('account_login')}?next={request.path}")
        # Saved on every request, so the session expires after an hour without one.
        session.set_expiry(settings.STAFF_SESSION_IDLE)
        admin_prefix = reverse("admin:index")
        if request.path.startswith(admin_prefix) and needs_second_factor(user):
            messages.warning(
                request,
                _(
                    "Staff need a second factor to use the admin: set up an authenticator "
                    "app or a security key, and keep your recovery codes."
                ),
            )
            return redirect("mfa_index")
        return None
