"""Accounts: what the audit log keeps of new accounts and of every change of a
person's staff status and roles (who, when, what).

Who may make such a change is ``registry.permissions``' (``can_change_roles_of``,
``can_grant_role``); the admin checks it in its form before it saves.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils import translation

from registry.models import User, audit
from registry.models.audit import AuditEntry

# (field, action when it becomes true, action when it becomes false)
_FLAGS = (
    ("is_staff", AuditEntry.Action.STAFF_GIVEN, AuditEntry.Action.STAFF_TAKEN),
    ("is_superuser", AuditEntry.Action.SUPERUSER_GIVEN, AuditEntry.Action.SUPERUSER_TAKEN),
)


def account_roles(account):
    """The account's staff status and roles as the database holds them now (nothing for an
    account not saved yet): read before a change, then given to ``account_audit_roles``."""
    saved = User.objects.filter(pk=account.pk).values("is_staff", "is_superuser").first()
    roles = saved or {"is_staff": False, "is_superuser": False}
    groups = set(Group.objects.filter(user__pk=account.pk)) if account.pk is not None else set()
    return {**roles, "groups": groups}


@transaction.atomic
def account_audit_added(*, actor, account):
    """Record on the audit log that ``actor`` added this account."""
    audit.record(actor=actor, action=AuditEntry.Action.ACCOUNT_ADDED, user=account)


@transaction.atomic
def account_audit_roles(*, actor, account, before):
    """Record on the audit log each change of the account's staff status, superuser status
    and roles since ``before`` (from ``account_roles``): one entry per change."""
    for field, given, taken in _FLAGS:
        if getattr(account, field) != before[field]:
            action = given if getattr(account, field) else taken
            audit.record(actor=actor, action=action, user=account)
    groups_after = set(account.groups.all())
    for group in sorted(groups_after - before["groups"], key=lambda g: g.name):
        audit.record(
            actor=actor, action=AuditEntry.Action.ROLE_GIVEN, user=account, detail=group.name
        )
    for group in sorted(before["groups"] - groups_after, key=lambda g: g.name):
        audit.record(
            actor=actor, action=AuditEntry.Action.ROLE_TAKEN, user=account, detail=group.name
        )


@receiver(user_logged_in, dispatch_uid="registry.remember_language")
def remember_language(sender, request, user, **kwargs):
    """On signing in, the language the person is using becomes the one the registry's
    notices are written in (registry.notifications)."""
    language = translation.get_language()
    if language in dict(settings.LANGUAGES) and language != user.language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
