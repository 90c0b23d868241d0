"""Users and groups: Django's own admin, for the Secretariat.

Only a superuser may grant superuser status or single permissions, so that the
Secretariat's right to manage accounts cannot be turned into every right.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

User = get_user_model()


class RegistryUserAdmin(UserAdmin):
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, RegistryUserAdmin)
