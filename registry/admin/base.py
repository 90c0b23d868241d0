"""Shared admin behaviour: transitions through services, refusals as messages."""

import re

from django.contrib import admin, messages
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from registry import services
from registry.admin.confirm import bulk_confirmation
from registry.models import TransitionLog


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


# Links typed without a scheme are taken as https (Django 6's default).
URL_FIELDS_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdminMixin:
    """A record nobody adds, changes or deletes in the admin: logs, sendings, results
    of transitions. Those who may view it still can."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransitionAdminMixin:
    """Turns ``TransitionNotAllowed`` into an error message instead of a 500."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.TransitionNotAllowed as error:
            # The transaction of the change form was rolled back: nothing was saved.
            messages.error(request, str(error))
            return redirect(request.get_full_path())

    def apply_transition(self, request, queryset, transition, done_message, **arguments):
        """Run ``transition`` on each selected object; report each success or refusal.
        The first POST only answers with a page saying what will happen (confirm.py);
        its button sends the action again with ``post=yes``."""
        if request.POST.get("post") != "yes":
            return bulk_confirmation(self, request, queryset, request.POST["action"])
        done = 0
        for obj in queryset:
            try:
                transition(obj, **arguments)
            except services.TransitionNotAllowed as error:
                messages.error(request, f"{obj}: {error}")
            else:
                done += 1
        if done:
            messages.success(request, done_message % {"count": done})
        # A button on a change form comes back to that object.
        if request.POST.get("_back_to_object") and len(queryset) == 1:
            return redirect(change_url(queryset[0]))
        return None

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except services.TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(request.get_full_path())


class TransitionInline(admin.TabularInline):
    """The record of an object's status changes: read-only, append-only."""

    model = TransitionLog
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    ordering = ("-at", "-pk")
    extra = 0
    can_delete = False
    verbose_name_plural = _("status changes")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NumericHistoryMixin:
    """simple_history's history view casts the id with int(): anything else is a 404
    here, never a 500."""

    def history_view(self, request, object_id, extra_context=None):
        if not re.fullmatch(r"[0-9]+", object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)
