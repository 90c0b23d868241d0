"""The privacy notice (edited by the Secretariat, with its history) and deleting an
account for someone who asked by other means (an action on the accounts' list)."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from registry import permissions, services
from registry.admin.base import NumericHistoryMixin
from registry.models import PrivacyNotice
from registry.models.privacy import NOTICE_LANGUAGES, text_field_name


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(NumericHistoryMixin, SimpleHistoryAdmin):
    """One notice, edited in place; each saved change is a new version (sign-up records
    the version a person was shown). Never added or deleted here: the first comes from
    a migration."""

    list_display = ("__str__", "updated_at")
    readonly_fields = ("version", "updated_at")
    fields = ("version", "updated_at", *(text_field_name(code) for code in NOTICE_LANGUAGES))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.action(
    description=gettext_lazy("Delete the accounts, on the person's request"),
    permissions=["change"],
)
def delete_accounts_on_request(modeladmin, request, queryset):
    """What a person does on their account page, done by the Secretariat (logged in the
    audit log): after a confirmation page, each account is deleted or refused with why."""
    accounts = [
        account
        for account in queryset.order_by("email")
        if account.deleted_at is None
        and account.pk != request.user.pk
        and permissions.can_change_account(request.user, account)
    ]
    if not accounts:
        modeladmin.message_user(
            request, _("None of the chosen accounts can be deleted by you."), messages.WARNING
        )
        return None
    if request.POST.get("post") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("Delete accounts on request"),
            "opts": modeladmin.model._meta,
            "rows": [(a, services.account_deletion_refusal(a)) for a in accounts],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/registry/user/delete_on_request.html", context)
    deleted = 0
    for account in accounts:
        shown = str(account)
        try:
            services.account_delete(user=account, actor=request.user)
        except services.TransitionNotAllowed as refused:
            modeladmin.message_user(request, f"{shown}: {refused}", messages.ERROR)
        else:
            deleted += 1
    if deleted:
        modeladmin.message_user(
            request, _("%(count)d account(s) deleted.") % {"count": deleted}, messages.SUCCESS
        )
    return None
