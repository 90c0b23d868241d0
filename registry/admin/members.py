"""Who coordinates a community: memberships, invitations and the record of each
invitation sent. Every change goes through the members' services."""

from django.contrib import admin, messages

from registry import services
from registry.admin.base import ReadOnlyAdminMixin, TransitionAdminMixin
from registry.models import Invitation, InvitationSending, Membership


@admin.register(Membership)
class MembershipAdmin(TransitionAdminMixin, admin.ModelAdmin):
    list_display = ("community", "user", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("community__name", "user__email", "user__display_name")
    autocomplete_fields = ("community", "user")
    list_select_related = ("community", "user")

    def delete_model(self, request, obj):
        services.membership_remove(membership=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            try:
                services.membership_remove(membership=membership, user=request.user)
            except services.TransitionNotAllowed as error:
                messages.error(request, f"{membership}: {error}")

    def save_model(self, request, obj, form, change):
        if change and "role" in form.changed_data:
            role = obj.role
            obj.role = Membership.objects.get(pk=obj.pk).role
            obj.save()
            services.membership_set_role(membership=obj, user=request.user, role=role)
        else:
            obj.save()


@admin.register(Invitation)
class InvitationAdmin(TransitionAdminMixin, admin.ModelAdmin):
    """Invitations are sent through the service (which e-mails them); then only revoked."""

    list_display = ("email", "community", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role",)
    search_fields = ("email", "community__name")
    autocomplete_fields = ("community",)
    list_select_related = ("community",)
    fields = ("community", "email", "role")

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        invitation = services.invitation_create(
            community=obj.community, user=request.user, email=obj.email, role=obj.role
        )
        obj.pk = invitation.pk


@admin.register(InvitationSending)
class InvitationSendingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Each invitation e-mail sent: the record the daily limit counts. Read-only."""

    list_display = ("sent_at", "community", "invitation", "sent_by")
    search_fields = ("community__name", "invitation__email")
    list_select_related = ("community", "invitation", "sent_by")
    date_hierarchy = "sent_at"
