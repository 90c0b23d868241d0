"""The Django admin for the Secretariat, task forces and the Bureau.

One ModelAdmin per model, split by purpose: reference data, communities and
their moderation, recognition (recommendations, review rounds, recognitions),
and users. Every status change goes through ``registry.services``.
"""

from django.contrib import admin

from registry import permissions
from registry.admin import (  # noqa: F401
    communities,
    recognitions,
    recommendations,
    reference,
    rounds,
    users,
)
from registry.models import Community

_site_index = admin.site.index


def _index_with_moderation_queue(request, extra_context=None):
    """The admin index, with the size of the moderation queue for the Secretariat.
    (The default site is kept, so no setting changes; its index gains one number.)"""
    context = dict(extra_context or {})
    if permissions.can_moderate_community(request.user):
        context["awaiting_review_count"] = Community.objects.filter(
            status=Community.Status.SUBMITTED
        ).count()
    return _site_index(request, context)


admin.site.index = _index_with_moderation_queue
