"""Recognition: task forces recommend, the Bureau decides in review rounds."""

from functools import partial

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from registry import admin_views, permissions, services
from registry.admin.base import TransitionAdminMixin
from registry.models import (
    Contribution,
    Recognition,
    Recommendation,
    RecommendationEvidence,
    ReviewRound,
    TaskForce,
    TransitionLog,
)


class RecommendationTransitionInline(admin.TabularInline):
    model = TransitionLog
    fk_name = "recommendation"
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("status changes")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecognitionTransitionInline(RecommendationTransitionInline):
    fk_name = "recognition"


class RecommendationForm(forms.ModelForm):
    """A task force member's draft. Supporting contributions must be the community's own:
    checked here for a clear message, and again by the service."""

    supporting = forms.ModelMultipleChoiceField(
        queryset=Contribution.objects.none(),
        required=False,
        label=_("supporting contributions"),
        help_text=_("Only the recommended community's contributions. Search by title."),
    )

    class Meta:
        model = Recommendation
        fields = ("community", "task_force", "rationale", "conflict_of_interest")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = Recommendation._meta.get_field("supporting_contributions")
        supporting = self.fields["supporting"]
        supporting.widget = AutocompleteSelectMultiple(field, admin.site)
        if self.instance.pk:
            supporting.queryset = Contribution.objects.filter(
                community_id=self.instance.community_id
            )
            supporting.initial = list(
                self.instance.supporting_contributions.values_list("pk", flat=True)
            )
        else:
            supporting.queryset = Contribution.objects.published()
        if "task_force" in self.fields:
            self.fields["task_force"].queryset = TaskForce.objects.active()

    def clean(self):
        cleaned = super().clean()
        community = cleaned.get("community") or (
            self.instance.community if self.instance.pk else None
        )
        supporting = cleaned.get("supporting") or []
        if community is not None and any(c.community_id != community.pk for c in supporting):
            self.add_error(
                "supporting",
                _("Only the recommended community's contributions can support it."),
            )
        return cleaned


ADD_FIELDS = ("community", "task_force", "rationale", "supporting", "conflict_of_interest")
DRAFT_FIELDS = (*ADD_FIELDS, "status", "recommended_by", "created_at")
RECORD_FIELDS = (
    "community",
    "task_force",
    "rationale",
    "supporting_list",
    "conflict_of_interest",
    "recommended_by",
    "round",
    "status",
    "submitted_at",
    "decision_note",
    "decided_by",
    "decided_at",
)


@admin.register(Recommendation)
class RecommendationAdmin(TransitionAdminMixin, admin.ModelAdmin):
    form = RecommendationForm
    list_display = (
        "community",
        "task_force",
        "status",
        "round",
        "recommended_by",
        "created_at",
        "decided_at",
    )
    list_filter = ("status", "round", "task_force")
    search_fields = ("community__name", "community__acronym", "rationale")
    autocomplete_fields = ("community",)
    list_select_related = ("community", "task_force", "round", "recommended_by")
    actions = ["submit"]
    inlines = [RecommendationTransitionInline]

    def _is_editable_draft(self, request, obj):
        return (
            obj is not None
            and obj.status == Recommendation.Status.DRAFT
            and obj.recommended_by_id == request.user.pk
            and permissions.can_recommend(request.user)
        )

    def has_add_permission(self, request):
        return permissions.can_recommend(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if not (permissions.can_recommend(request.user) and super().has_change_permission(request)):
            return False
        return obj is None or self._is_editable_draft(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_recommend_permission(self, request):
        return permissions.can_recommend(request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ADD_FIELDS
        if self._is_editable_draft(request, obj):
            return DRAFT_FIELDS
        return RECORD_FIELDS

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if self._is_editable_draft(request, obj):
            return ("community", "status", "recommended_by", "created_at")
        return RECORD_FIELDS

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    @admin.display(description=_("supporting contributions"))
    def supporting_list(self, obj):
        contributions = obj.supporting_contributions.order_by("-start_date")
        if not contributions:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} ({})</li>",
                ((c.title, c.start_date.isoformat()) for c in contributions),
            ),
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = services.recommendation_create(
                community=data["community"],
                user=request.user,
                task_force=data["task_force"],
                rationale=data["rationale"],
                conflict_of_interest=data["conflict_of_interest"],
                contributions=data["supporting"],
            )
            obj.pk = created.pk
            obj.recommended_by = request.user
            return
        # Lock and re-check: it may have been submitted since the form was shown.
        current = Recommendation.objects.select_for_update().get(pk=obj.pk)
        if not self._is_editable_draft(request, current):
            raise services.TransitionNotAllowed(
                _("A submitted recommendation can no longer be changed.")
            )
        obj.save(update_fields=["task_force", "rationale", "conflict_of_interest"])

    def save_related(self, request, form, formsets, change):
        if change:
            services.recommendation_set_evidence(
                recommendation=form.instance,
                user=request.user,
                contributions=form.cleaned_data["supporting"],
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Submit to the review round"), permissions=["recommend"])
    def submit(self, request, queryset):
        return self.apply_transition(
            request,
            queryset,
            lambda recommendation: services.recommendation_submit(
                recommendation=recommendation, user=request.user
            ),
            ngettext_lazy(
                "%(count)d recommendation submitted to the review round.",
                "%(count)d recommendations submitted to the review round.",
                "count",
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        recommendation = self.get_object(request, object_id)
        extra_context = {
            "can_submit_it": self._is_editable_draft(request, recommendation),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(RecommendationEvidence)
class RecommendationEvidenceAdmin(admin.ModelAdmin):
    """Kept with the recommendation's record; changed only through its form."""

    list_display = ("recommendation", "contribution")
    search_fields = ("recommendation__community__name", "contribution__title")
    list_select_related = (
        "recommendation__community",
        "recommendation__task_force",
        "contribution",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewRoundForm(forms.ModelForm):
    class Meta:
        model = ReviewRound
        fields = ("title", "meeting_date")

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk is None
            and ReviewRound.objects.filter(status=ReviewRound.Status.OPEN).exists()
        ):
            raise forms.ValidationError(_("Close the open review round before opening another."))
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
            and review_round.status == ReviewRound.Status.OPEN
            and permissions.can_manage_rounds(request.user),
            "can_review_it": admin_views.can_review(request.user),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)


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
class RecognitionAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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
            and recognition.is_active
            and permissions.can_withdraw_recognition(request.user),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)
