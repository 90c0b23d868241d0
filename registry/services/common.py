"""What every service shares: the refusal, the transition log, row locks and who gets told."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from registry.models import (
    Community,
    TransitionLog,
)

Status = Community.Status


class TransitionNotAllowed(Exception):
    """A transition the actor may not make, or not from the current state."""


def refuse(message):
    raise TransitionNotAllowed(message)


def log_transition(*, actor, to_status, at, from_status="", note="", **subject):
    return TransitionLog.objects.create(
        actor=actor, at=at, from_status=from_status, to_status=to_status, note=note, **subject
    )


def coordinator_emails(community):
    return list(community.memberships.values_list("user__email", flat=True))


def emails_of_people_who_may(permission):
    """Addresses of the active people holding a permission (through a role or directly)."""
    app_label, codename = permission.split(".")
    User = get_user_model()
    holds = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    return list(
        User.objects.filter(holds, is_active=True).values_list("email", flat=True).distinct()
    )


def locked(model, instance):
    return model.objects.select_for_update().get(pk=instance.pk)
