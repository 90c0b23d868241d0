"""Confirmation pages for the admin's transitions: nothing is published, archived,
submitted or closed on one click.

- From an object's change form, a GET page (``<pk>/confirm-<action>/``) says what
  happens next; its button POSTs the changelist action. The link only shows when
  the transition is allowed; the page answers 404 otherwise.
- From the change list (the actions menu, or a change form's button that posts the
  action), the action first answers with a page listing each selected object and
  whether it will change or why not, and what happens next; only its button
  (``post=yes``) makes the change, and the action checks each object again.
"""

from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
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
    ("community", "archive"): (
        _("Archive this community?"),
        (
            _(
                "An archived community is no longer shown to the public. Its contributions "
                "and history are kept, and the IPBES Secretariat can publish it again."
            ),
            _("Its coordinators receive an e-mail saying it is archived."),
        ),
        _("Archive"),
    ),
    ("reviewround", "close"): (
        _("Close this review round?"),
        (
            _("It can be closed once every recommendation in it is decided or deferred."),
            _("Deferred recommendations move to the next round."),
            _("A new round can then be opened for the next Bureau meeting."),
        ),
        _("Close the round"),
    ),
}

BULK_TITLES = {
    ("community", "publish"): _("Publish the selected communities?"),
    ("community", "archive"): _("Archive the selected communities?"),
    ("recommendation", "submit"): _("Submit the selected recommendations to the review round?"),
    ("reviewround", "close"): _("Close the selected review rounds?"),
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


def bulk_confirmation(model_admin, request, queryset, action):
    """The page a changelist action answers with before it changes anything: each
    selected object, with why it will not change if it will not, what happens next
    to the others, and a button that sends the action again with ``post=yes``."""
    opts = model_admin.model._meta
    rows = [(obj, transitions.refusal(request.user, obj, action)) for obj in queryset]
    title, steps, button = NEXT_STEPS[(opts.model_name, action)]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": BULK_TITLES[(opts.model_name, action)] if len(rows) > 1 else title,
        "rows": rows,
        "allowed": [obj for obj, refused in rows if not refused],
        "steps": steps,
        "button": button,
        "action": action,
        "back_to_object": request.POST.get("_back_to_object"),
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, "admin/confirm_bulk_transition.html", context)
