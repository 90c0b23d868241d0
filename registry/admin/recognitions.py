"""Recognitions: the public result of an endorsement; the Bureau may withdraw one."""

from functools import partial

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from registry.admin import views as admin_views
from registry.admin.base import ReadOnlyAdminMixin, TransitionInline
from registry.models import Recognition
from registry.services import transitions


class RecognitionTransitionInline(TransitionInline):
    fk_name = "recognition"


class ActiveRecognitionFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Active")), ("no", _("Withdrawn"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(withdrawn_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


RECOGNITION_FIELDS = (
    "community",
    "recommendation",
    "since",
    "round",
    "task_force",
    "withdrawn_at",
    "withdrawal_reason",
    "withdrawn_by",
)


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The public result of an endorsement: read-only; the Bureau may withdraw it."""

    list_display = ("community", "since", "round", "task_force", "is_active", "withdrawn_at")
    list_filter = (ActiveRecognitionFilter, "round", "task_force")
    search_fields = ("community__name", "community__acronym")
    list_select_related = ("community", "round", "task_force")
    fields = RECOGNITION_FIELDS
    readonly_fields = RECOGNITION_FIELDS
    inlines = [RecognitionTransitionInline]
    actions = None

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, obj):
        return obj.is_active

    def get_urls(self):
        view = partial(admin_views.recognition_withdraw, model_admin=self)
        return [
            path(
                "<int:object_id>/withdraw/",
                self.admin_site.admin_view(view),
                name="registry_recognition_withdraw",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        recognition = self.get_object(request, object_id)
        extra_context = {
            "can_withdraw_it": recognition is not None
            and transitions.may(request.user, recognition, "withdraw"),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)
