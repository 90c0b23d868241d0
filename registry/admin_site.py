"""The registry's admin site: Django's, signed in to through allauth (rate limits,
second factor), with the Secretariat's moderation queue counted on the index page.

Loaded by RegistryAdminConfig (registry/apps.py) once the models are ready."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.translation import gettext_lazy as _

from registry import permissions
from registry.admin_labels import contribution_label
from registry.models import Community, Contribution


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Contributions found by an admin search show their community and date."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Contribution):
            result["text"] = contribution_label(obj)
        return result


class RegistryAdminSite(admin.AdminSite):
    site_header = _("IPBES CoP registry administration")
    site_title = _("IPBES CoP registry administration")

    def login(self, request, extra_context=None):
        # One sign-in for everyone: allauth's, with its rate limits and second factor.
        return secure_admin_login(super().login)(request, extra_context)

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        context = dict(extra_context or {})
        if permissions.can_moderate_community(request.user):
            context["awaiting_review_count"] = Community.objects.awaiting_review().count()
        return super().index(request, context)
