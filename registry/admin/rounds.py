"""Review rounds: opened and closed by the Bureau or the Secretariat, with the review
page, its decisions and the dossier as custom admin views."""

from functools import partial

from django import forms
from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from registry import permissions, services
from registry.admin import views as admin_views
from registry.admin.base import TransitionAdminMixin
from registry.models import Recommendation, ReviewRound
from registry.services import transitions


class ReviewRoundForm(forms.ModelForm):
    class Meta:
        model = ReviewRound
        fields = ("title", "meeting_date")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            # The table's conditions for opening one (checked again by the service).
            refusal = transitions.state_refusal(ReviewRound, "open")
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


@admin.register(ReviewRound)
class ReviewRoundAdmin(TransitionAdminMixin, admin.ModelAdmin):
    form = ReviewRoundForm
    list_display = (
        "title",
        "meeting_date",
        "status",
        "recommendation_count",
        "undecided_count",
        "review_links",
    )
    list_filter = ("status",)
    search_fields = ("title",)
    date_hierarchy = "meeting_date"
    actions = ["close"]
    readonly_fields = ("status", "opened_at", "closed_at")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("title", "meeting_date")
        return ("title", "meeting_date", "status", "opened_at", "closed_at")

    def has_manage_rounds_permission(self, request):
        return permissions.can_manage_rounds(request.user)

    def has_add_permission(self, request):
        return permissions.can_manage_rounds(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if not (
            permissions.can_manage_rounds(request.user)
            and super().has_change_permission(request, obj)
        ):
            return False
        return obj is None or obj.status == ReviewRound.Status.OPEN

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("recommendations"))
    def recommendation_count(self, obj):
        return obj.recommendations.count()

    @admin.display(description=_("undecided"))
    def undecided_count(self, obj):
        return obj.recommendations.filter(status=Recommendation.Status.SUBMITTED).count()

    @admin.display(description=_("review"))
    def review_links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:registry_reviewround_review", args=[obj.pk]),
            _("Review page"),
            reverse("admin:registry_reviewround_dossier", args=[obj.pk]),
            _("Dossier"),
            reverse("admin:registry_reviewround_dossier_csv", args=[obj.pk]),
            _("CSV"),
        )

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["title", "meeting_date"])
            return
        opened = services.round_open(
            user=request.user,
            title=form.cleaned_data["title"],
            meeting_date=form.cleaned_data["meeting_date"],
        )
        obj.pk = opened.pk

    @admin.action(description=_("Close the selected review rounds"), permissions=["manage_rounds"])
    def close(self, request, queryset):
        return self.apply_transition(
            request,
            queryset,
            lambda review_round: services.round_close(review_round=review_round, user=request.user),
            ngettext_lazy(
                "%(count)d review round closed.", "%(count)d review rounds closed.", "count"
            ),
        )

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, model_admin=self))

        return [
            path(
                "<int:object_id>/review/",
                view(admin_views.round_review),
                name="registry_reviewround_review",
            ),
            path(
                "<int:object_id>/review/decide/",
                view(admin_views.round_decide),
                name="registry_reviewround_decide",
            ),
            path(
                "<int:object_id>/dossier/",
                view(admin_views.round_dossier),
                name="registry_reviewround_dossier",
            ),
            path(
                "<int:object_id>/dossier.csv",
                view(admin_views.round_dossier_csv),
                name="registry_reviewround_dossier_csv",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        review_round = self.get_object(request, object_id)
        extra_context = {
            "can_close_it": review_round is not None
            and transitions.may(request.user, review_round, "close"),
            "can_review_it": permissions.can_review(request.user),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)
