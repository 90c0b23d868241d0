"""The Django admin for the Secretariat, task forces and the Bureau.

One ModelAdmin per model, split by purpose: reference data, communities and
their moderation, their coordinators, recognition (recommendations, review
rounds, recognitions), subscriptions (read-only) and users. Every status change
goes through ``registry.services``.
"""

from registry.admin import (  # noqa: F401
    communities,
    members,
    privacy,
    recognitions,
    recommendations,
    reference,
    rounds,
    subscriptions,
    users,
)
