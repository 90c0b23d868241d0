"""Communities and what belongs to them; the Secretariat's moderation queue.
Their coordinators and invitations: registry/admin/members.py."""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from registry import permissions, services
from registry.admin import views as admin_views
from registry.admin.base import (
    URL_FIELDS_HTTPS,
    NumericHistoryMixin,
    ReadOnlyAdminMixin,
    TransitionAdminMixin,
    TransitionInline,
)
from registry.admin.confirm import confirmation_urls
from registry.models import (
    Community,
    Contribution,
    ImpactExample,
    Membership,
    TransitionLog,
)
from registry.services import transitions
from registry.similar import similar_communities


class CommunityTransitionInline(TransitionInline):
    fk_name = "community"


class MembershipFormSet(BaseInlineFormSet):
    """Role changes and removals go through the services, which keep an owner."""

    acting_user = None

    def save_existing(self, form, obj, commit=True):
        if "user" in form.changed_data:
            obj.save(update_fields=["user"])
        if "role" in form.changed_data:
            services.membership_set_role(
                membership=obj, user=self.acting_user, role=form.cleaned_data["role"]
            )
        return obj

    def delete_existing(self, obj, commit=True):
        if commit:
            services.membership_remove(membership=obj, user=self.acting_user)


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.acting_user = request.user
        return formset


class AwaitingReviewFilter(admin.SimpleListFilter):
    """The Secretariat's moderation queue: submitted communities."""

    title = _("moderation")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("awaiting", _("Awaiting review"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.awaiting_review()
        return queryset


class ConfirmationFilter(admin.SimpleListFilter):
    """The yearly confirmation of published communities, as the QuerySet defines it:
    due (a year since last confirmed; overdue ones included), overdue (shown to the
    public as not confirmed), confirmed (not overdue)."""

    title = _("confirmation")
    parameter_name = "confirmation"

    def lookups(self, request, model_admin):
        return [
            ("due", _("Due")),
            ("overdue", _("Overdue (shown as not confirmed)")),
            ("confirmed", _("Confirmed (not overdue)")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "due":
            return queryset.due(now)
        if self.value() == "overdue":
            return queryset.overdue(now)
        if self.value() == "confirmed":
            return queryset.confirmed(now)
        return queryset


@admin.register(Community)
class CommunityAdmin(NumericHistoryMixin, TransitionAdminMixin, SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS_HTTPS
    list_display = ("name", "acronym", "status", "published_at", "last_confirmed", "updated_at")
    list_filter = (
        AwaitingReviewFilter,
        ConfirmationFilter,
        "status",
        "topics",
        "functions",
        "regions",
    )
    search_fields = ("name", "acronym", "slug", "summary")
    date_hierarchy = "created_at"
    actions = ["publish", "archive", "remind_now"]
    readonly_fields = ("status", "published_at", "confirmed_at", "created_at", "updated_at")
    autocomplete_fields = (
        "languages",
        "topics",
        "functions",
        "scales",
        "regions",
        "member_types",
    )
    fieldsets = (
        (None, {"fields": ("name", "slug", "acronym", "summary", "description", "logo")}),
        (
            _("Contact and membership"),
            {
                "fields": (
                    "website",
                    "host_ror",
                    "contact_email",
                    "contact_visibility",
                    "year_founded",
                    "member_count",
                    "how_to_join",
                    "languages",
                )
            },
        ),
        (
            _("What the community works on"),
            {
                "fields": (
                    "topics",
                    "functions",
                    "scales",
                    "regions",
                    "countries",
                    "member_types",
                )
            },
        ),
        (
            _("Status"),
            {"fields": ("status", "published_at", "confirmed_at", "created_at", "updated_at")},
        ),
    )

    def get_inlines(self, request, obj):
        if obj is None:
            return []
        if permissions.can_moderate_community(request.user):
            return [MembershipInline, CommunityTransitionInline]
        return [CommunityTransitionInline]

    def view_on_site(self, obj):
        # Unpublished communities have no public page for most staff.
        return obj.get_absolute_url() if obj.is_public else None

    def has_moderate_permission(self, request):
        return permissions.can_moderate_community(request.user)

    def has_delete_permission(self, request, obj=None):
        # Communities are archived, never deleted: their record must survive.
        return False

    def get_search_results(self, request, queryset, search_term):
        queryset, use_distinct = super().get_search_results(request, queryset, search_term)
        if (
            request.GET.get("model_name") == "recommendation"
            and request.GET.get("field_name") == "community"
        ):
            # The recommendation form offers only what can be recommended.
            queryset = transitions.communities_open_to_recommendation(queryset)
        return queryset, use_distinct

    @admin.action(description=_("Publish the selected communities"), permissions=["moderate"])
    def publish(self, request, queryset):
        return self.apply_transition(
            request,
            queryset,
            lambda community: services.community_publish(community=community, user=request.user),
            ngettext_lazy(
                "%(count)d community published.", "%(count)d communities published.", "count"
            ),
        )

    @admin.action(description=_("Archive the selected communities"), permissions=["moderate"])
    def archive(self, request, queryset):
        return self.apply_transition(
            request,
            queryset,
            lambda community: services.community_archive(community=community, user=request.user),
            ngettext_lazy(
                "%(count)d community archived.", "%(count)d communities archived.", "count"
            ),
        )

    @admin.action(
        description=_("Remind now: ask the owners to confirm the selected communities"),
        permissions=["moderate"],
    )
    def remind_now(self, request, queryset):
        # Not the scheduler's wait: the reminder of each selected community that is due
        # goes now (the service counts it, and skips any that is not published and due).
        now = timezone.now()
        sent = skipped = 0
        for community in queryset:
            if services.confirmation_remind(community=community, now=now):
                sent += 1
            else:
                skipped += 1
        if sent:
            messages.success(
                request,
                ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", sent)
                % {"count": sent},
            )
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)d community is not due for confirmation: no reminder sent.",
                    "%(count)d communities are not due for confirmation: no reminder sent.",
                    skipped,
                )
                % {"count": skipped},
            )

    @admin.display(description=_("last confirmed"), ordering="confirmed_at")
    def last_confirmed(self, obj):
        last = obj.last_confirmed_at
        return timezone.localtime(last).date() if last else None

    def get_urls(self):
        view = partial(admin_views.community_return, model_admin=self)
        return [
            path(
                "<int:object_id>/return/",
                self.admin_site.admin_view(view),
                name="registry_community_return",
            ),
            *confirmation_urls(self, "publish"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        awaiting = Community.objects.awaiting_review().count()
        extra_context = {
            "awaiting_review_count": awaiting,
            "awaiting_review_label": ngettext(
                "%(count)d community awaiting review",
                "%(count)d communities awaiting review",
                awaiting,
            )
            % {"count": awaiting},
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        community = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if community is not None:
            allowed = transitions.allowed_transitions(request.user, community)
            # The buttons run the changelist's actions, which are the Secretariat's
            # (an owner who is also staff archives from the coordinators' page).
            moderator = self.has_moderate_permission(request)
            extra_context.update(
                can_publish="publish" in allowed,
                can_return="return" in allowed,
                can_archive=moderator and "archive" in allowed,
                can_recommend_it="recommend" in allowed,
                # Possible duplicates, in any status the user may see (all, for the
                # Secretariat): a hint beside the moderation buttons.
                similar_communities=similar_communities(
                    user=request.user,
                    name=community.name,
                    acronym=community.acronym,
                    website=community.website,
                    exclude_pk=community.pk,
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting would restore an old status without its transition: view only.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_HTTPS
    list_display = ("title", "community", "activity_type", "start_date", "end_date", "scale")
    list_filter = ("activity_type", "scale", "online", "community__status")
    search_fields = ("title", "community__name", "community__acronym")
    autocomplete_fields = ("community", "activity_type", "deliverables", "topics")
    list_select_related = ("community", "activity_type", "scale")
    date_hierarchy = "start_date"

    def get_search_results(self, request, queryset, search_term):
        queryset, use_distinct = super().get_search_results(request, queryset, search_term)
        if (
            request.GET.get("model_name") == "recommendation"
            and request.GET.get("field_name") == "supporting_contributions"
        ):
            queryset = admin_views.supporting_contribution_choices(
                request, queryset
            ).select_related("community")
        return queryset, use_distinct


@admin.register(ImpactExample)
class ImpactExampleAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_HTTPS
    list_display = ("title", "community", "impact_type", "impact_scale", "date", "in_track")
    list_filter = ("impact_type", "impact_scale", "deliverables")
    search_fields = ("title", "community__name", "community__acronym")
    autocomplete_fields = ("community", "deliverables")
    list_select_related = ("community", "impact_type", "impact_scale")
    date_hierarchy = "date"

    @admin.display(description=_("registered in TRACK"), boolean=True)
    def in_track(self, obj):
        return bool(obj.track_url)


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The append-only record: read-only for everyone, superusers included."""

    list_display = ("at", "subject", "from_status", "to_status", "actor", "note")
    list_filter = ("to_status",)
    search_fields = ("note", "community__name", "recommendation__community__name")
    list_select_related = (
        "actor",
        "community",
        "recommendation__community",
        "review_round",
        "recognition__community",
    )
    date_hierarchy = "at"

    @admin.display(description=_("subject"))
    def subject(self, obj):
        return obj.community or obj.recommendation or obj.review_round or obj.recognition
