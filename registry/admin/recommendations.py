"""Recommendations: task force members draft and submit them; read-only afterwards."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from registry import permissions, services
from registry.admin.base import ReadOnlyAdminMixin, TransitionAdminMixin, TransitionInline
from registry.admin.confirm import confirmation_urls
from registry.admin_labels import contribution_label
from registry.models import (
    Contribution,
    Recommendation,
    RecommendationEvidence,
    TaskForce,
)
from registry.services import transitions


class RecommendationTransitionInline(TransitionInline):
    fk_name = "recommendation"


class SupportingContributionsWidget(AutocompleteSelectMultiple):
    """The search of supporting contributions: each request names the community being
    recommended (``community=<pk>``), which the server checks
    (``admin.views.community_being_recommended``). Started by our script, not Django's."""

    def __init__(self, field, admin_site, *, community_pk=None):
        super().__init__(field, admin_site)
        self.community_pk = community_pk

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "supporting-autocomplete")
        if self.community_pk:
            attrs["data-community"] = str(self.community_pk)
        return attrs

    @property
    def media(self):
        # Named after the scripts it needs, so that merging the page's media keeps it
        # after them (django.jQuery and select2).
        after = ["admin/js/jquery.init.js", "admin/js/autocomplete.js"]
        return super().media + forms.Media(js=[*after, "js/supporting_contributions.js"])


class SupportingContributionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return contribution_label(obj)


class RecommendationForm(forms.ModelForm):
    """A task force member's draft. Supporting contributions must be the community's own:
    checked here for a clear message, and again by the service."""

    supporting = SupportingContributionsField(
        queryset=Contribution.objects.none(),
        required=False,
        label=_("Supporting contributions"),
        help_text=_("Only the recommended community's contributions. Search by title."),
    )

    class Meta:
        model = Recommendation
        fields = ("community", "task_force", "rationale", "conflict_of_interest")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = Recommendation._meta.get_field("supporting_contributions")
        supporting = self.fields["supporting"]
        supporting.widget = SupportingContributionsWidget(
            field, admin.site, community_pk=self.instance.community_id
        )
        if self.instance.pk:
            supporting.queryset = Contribution.objects.filter(
                community_id=self.instance.community_id
            ).select_related("community")
            supporting.initial = list(
                self.instance.supporting_contributions.values_list("pk", flat=True)
            )
        else:
            # Offered: only the contributions of the community being recommended
            # (?community= on the add page); none before one is chosen. A submitted form
            # is checked against every published one, so that clean() can say clearly
            # that another community's contribution cannot support this one.
            chosen = str(self.initial.get("community") or "")
            if self.is_bound:
                offered = Contribution.objects.published()
            elif chosen.isdigit():
                offered = Contribution.objects.published().filter(community_id=int(chosen))
            else:
                offered = Contribution.objects.none()
            supporting.queryset = offered.select_related("community")
        if "task_force" in self.fields:
            self.fields["task_force"].queryset = TaskForce.objects.active()

    def clean(self):
        cleaned = super().clean()
        community = cleaned.get("community") or (
            self.instance.community if self.instance.pk else None
        )
        if community is not None and not self.instance.pk and services.is_recognised(community):
            # Checked again by the service, under lock.
            self.add_error(
                "community",
                _("This community is already recognised as a collaborative supporter."),
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
        return obj is not None and transitions.may(request.user, obj, "edit")

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

    def get_urls(self):
        return [*confirmation_urls(self, "submit"), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        recommendation = self.get_object(request, object_id)
        extra_context = {
            "can_submit_it": recommendation is not None
            and transitions.may(request.user, recommendation, "submit"),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(RecommendationEvidence)
class RecommendationEvidenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Kept with the recommendation's record; changed only through its form."""

    list_display = ("recommendation", "contribution")
    search_fields = ("recommendation__community__name", "contribution__title")
    list_select_related = (
        "recommendation__community",
        "recommendation__task_force",
        "contribution",
    )
