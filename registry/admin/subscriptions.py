"""Lists followed by e-mail: read-only, for superusers only (no role holds the right
to see subscribers' addresses); people manage their own from the signed links."""

from django.contrib import admin

from registry.admin.base import ReadOnlyAdminMixin
from registry.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("email", "kind", "query", "language", "created_at", "confirmed_at")
    list_filter = ("kind", "language")
    search_fields = ("email",)
    date_hierarchy = "created_at"
