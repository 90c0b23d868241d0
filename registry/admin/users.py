"""Accounts, roles and the audit log in the admin.

The Secretariat adds staff users and gives or takes the roles that carry no
deciding rights; only a superuser gives a role that decides, moderates or manages
accounts, or edits an account holding one; no one changes their own roles or
staff status (``registry.permissions``). Every change of roles and staff status
is written to the audit log (``registry.services.accounts``), which the Secretariat
reads here.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import permissions, services
from registry.admin.base import ReadOnlyAdminMixin
from registry.admin.privacy import delete_accounts_on_request
from registry.models.audit import AuditEntry
from registry.models.users import User

ROLE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


class AccountCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class AccountChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "display_name", "orcid", "password", "is_active", *ROLE_FIELDS)


class RegistryUserAdmin(UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    list_display = ("email", "display_name", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "display_name")
    ordering = ("email",)
    filter_horizontal = ("groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("email", "display_name", "orcid", "password")}),
        (gettext_lazy("Roles"), {"fields": ("is_active", *ROLE_FIELDS)}),
        (gettext_lazy("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "password1", "password2", "is_staff"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    actions = (delete_accounts_on_request,)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_change_account(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Never Django's delete: it would fail on the protected record or take it along.
        # Accounts are deleted by the action above (registry.services.privacy).
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        if obj is not None and not permissions.can_change_roles_of(request.user, obj):
            readonly += [f for f in ROLE_FIELDS if f not in readonly]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        admin_user = request.user
        old_groups = set(obj.groups.all()) if obj is not None else set()

        class RoleCheckedForm(form_class):
            def clean_groups(self):
                groups = self.cleaned_data["groups"]
                refused = sorted(
                    (
                        g
                        for g in set(groups) ^ old_groups
                        if not permissions.can_grant_role(admin_user, g)
                    ),
                    key=lambda g: g.name,
                )
                if refused:
                    raise ValidationError(
                        _("Only a superuser can give or take the role “%(role)s”.")
                        % {"role": refused[0].name},
                        code="superuser_only_role",
                    )
                return groups

        return RoleCheckedForm

    def save_model(self, request, obj, form, change):
        # The roles before the change, read now: the groups are saved in save_related.
        obj._roles_before = services.account_roles(obj)
        super().save_model(request, obj, form, change)
        if not change:
            services.account_audit_added(actor=request.user, account=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        account = form.instance
        services.account_audit_roles(
            actor=request.user, account=account, before=account._roles_before
        )


class RegistryGroupAdmin(GroupAdmin):
    """The Secretariat may rename roles; only a superuser changes the rights they carry."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not permissions.can_edit_role_permissions(request.user):
            readonly.append("permissions")
        return readonly


class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "actor", "action", "user", "community", "detail")
    list_filter = ("action",)
    search_fields = ("actor__email", "user__email", "community__name", "detail")
    date_hierarchy = "at"
    list_select_related = ("actor", "user", "community")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in AuditEntry._meta.fields]


for model, model_admin in ((User, RegistryUserAdmin), (Group, RegistryGroupAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
admin.site.register(AuditEntry, AuditEntryAdmin)
