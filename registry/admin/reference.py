"""Reference data: edited by the Secretariat only (model permissions say so);
other staff see it read-only."""

from django.contrib import admin

from registry.models import (
    ActivityType,
    Deliverable,
    Function,
    ImpactScale,
    ImpactType,
    Language,
    MemberType,
    Region,
    Scale,
    TaskForce,
    Topic,
)


class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    ordering = ("position", "name")
    prepopulated_fields = {"slug": ("name",)}

    def get_prepopulated_fields(self, request, obj=None):
        # A slug is a stable public identifier: suggest it for a new entry only.
        return self.prepopulated_fields if obj is None else {}


@admin.register(Topic)
class TopicAdmin(ReferenceAdmin):
    pass


@admin.register(Function)
class FunctionAdmin(ReferenceAdmin):
    fields = ("name", "slug", "position", "description", "how_to_engage", "is_active")


@admin.register(ActivityType)
class ActivityTypeAdmin(ReferenceAdmin):
    list_display = ("name", "slug", "function_names", "position", "is_active")
    list_filter = ("is_active", "functions")
    filter_horizontal = ("functions",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("functions")

    @admin.display(description=Function._meta.verbose_name_plural)
    def function_names(self, obj):
        return ", ".join(function.name for function in obj.functions.all())


@admin.register(Scale)
class ScaleAdmin(ReferenceAdmin):
    pass


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    pass


@admin.register(MemberType)
class MemberTypeAdmin(ReferenceAdmin):
    pass


@admin.register(Language)
class LanguageAdmin(ReferenceAdmin):
    pass


@admin.register(TaskForce)
class TaskForceAdmin(ReferenceAdmin):
    pass


@admin.register(Deliverable)
class DeliverableAdmin(ReferenceAdmin):
    list_display = ("name", "slug", "kind", "year_approved", "position", "is_active")
    list_filter = ("kind", "is_active")


@admin.register(ImpactType)
class ImpactTypeAdmin(ReferenceAdmin):
    pass


@admin.register(ImpactScale)
class ImpactScaleAdmin(ReferenceAdmin):
    pass
