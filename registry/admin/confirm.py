"""Confirmation pages for the admin's one-button transitions (publish a community,
submit a recommendation): a GET page saying what happens next, whose button POSTs the
changelist action as before. The button only shows when the transition is allowed;
the page answers 404 otherwise, and the action checks again."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from registry.services import transitions

NEXT_STEPS = {
    ("community", "publish"): (
        _("Publish this community?"),
        (
            _("It appears at once in the public registry: the list, its page, the feeds."),
            _("Its coordinators receive an e-mail saying it is published."),
            _("Its confirmation year starts today: a reminder comes in twelve months."),
        ),
        _("Publish"),
    ),
    ("recommendation", "submit"): (
        _("Submit this recommendation to the review round?"),
        (
            _(
                "It goes to the open review round (or waits for the next one) and can no "
                "longer be edited."
            ),
            _("The Bureau reviews it at its meeting and endorses, declines or defers it."),
            _("You receive an e-mail with the Bureau's decision."),
        ),
        _("Submit to the review round"),
    ),
}


def confirmation_urls(model_admin, action):
    """The URL of ``<pk>/confirm-<action>/`` for a ModelAdmin's get_urls()."""
    opts = model_admin.model._meta

    def view(request, object_id):
        obj = model_admin.get_object(request, str(object_id))
        if obj is None or not transitions.may(request.user, obj, action):
            raise Http404
        title, steps, button = NEXT_STEPS[(opts.model_name, action)]
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "original": obj,
            "title": title,
            "steps": steps,
            "button": button,
            "action": action,
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        }
        return render(request, "admin/confirm_transition.html", context)

    return [
        path(
            f"<int:object_id>/confirm-{action}/",
            model_admin.admin_site.admin_view(view),
            name=f"{opts.app_label}_{opts.model_name}_confirm_{action}",
        )
    ]
