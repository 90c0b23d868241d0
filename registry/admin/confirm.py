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
        # The change list's page with this one row, its button coming back here.
        return _confirmation_page(model_admin, request, [(obj, None)], action, original=obj)

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
    rows = [(obj, transitions.refusal(request.user, obj, action)) for obj in queryset]
    original = rows[0][0] if request.POST.get("_back_to_object") and len(rows) == 1 else None
    return _confirmation_page(model_admin, request, rows, action, original=original)


def _confirmation_page(model_admin, request, rows, action, *, original=None):
    """The one confirmation page: ``rows`` of (object, refusal or None); with
    ``original`` (one object's own button) its breadcrumbs and Cancel lead back to it,
    and so does the change once made."""
    opts = model_admin.model._meta
    title, steps, button = NEXT_STEPS[(opts.model_name, action)]
    changelist_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": BULK_TITLES[(opts.model_name, action)] if len(rows) > 1 else title,
        "rows": rows,
        "allowed": [obj for obj, refused in rows if not refused],
        "steps": steps,
        "button": button,
        "action": action,
        "original": original,
        "back_url": (
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[original.pk])
            if original is not None
            else changelist_url
        ),
        "changelist_url": changelist_url,
    }
    return TemplateResponse(request, "admin/confirm_bulk_transition.html", context)
