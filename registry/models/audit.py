"""The audit log: who changed whose roles, staff status or community coordinators.

Status changes of communities and recommendations go to the TransitionLog; this
log holds the changes of *rights*: a person's roles (groups), staff and superuser
status, and who coordinates a community (invitations, acceptances, role changes,
hand-overs, removals). Append-only; the Secretariat reads it in the admin.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DETAIL_MAX_LENGTH = 500


class AppendOnlyError(ValueError):
    """An attempt to change or delete a row of an append-only log."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"The {self.model._meta.verbose_name_plural} are append-only.")

    def delete(self):
        raise AppendOnlyError(f"The {self.model._meta.verbose_name_plural} are append-only.")

    def erase_personal_data(self, **kwargs):
        """The one change a log allows: a deleted person's name or address replaced in the
        rows that mention it (``registry.services.privacy``); nothing else changes."""
        return super().update(**kwargs)


class AppendOnlyModel(models.Model):
    """A log: rows are added, never changed or deleted (one by one or in bulk)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(f"The {self._meta.verbose_name_plural} are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"The {self._meta.verbose_name_plural} are append-only.")


class AuditEntry(AppendOnlyModel):
    class Action(models.TextChoices):
        ROLE_GIVEN = "role_given", _("role given")
        ROLE_TAKEN = "role_taken", _("role taken")
        STAFF_GIVEN = "staff_given", _("staff status given")
        STAFF_TAKEN = "staff_taken", _("staff status taken")
        SUPERUSER_GIVEN = "superuser_given", _("superuser status given")
        SUPERUSER_TAKEN = "superuser_taken", _("superuser status taken")
        ACCOUNT_ADDED = "account_added", _("account added by staff")
        INVITED = "invited", _("coordinator invited")
        INVITATION_RESENT = "invitation_resent", _("invitation sent again")
        INVITATION_REVOKED = "invitation_revoked", _("invitation revoked")
        INVITATION_ACCEPTED = "invitation_accepted", _("invitation accepted")
        COORDINATOR_ROLE_CHANGED = "coordinator_role_changed", _("coordinator role changed")
        OWNERSHIP_HANDED_OVER = "ownership_handed_over", _("ownership handed over")
        COORDINATOR_REMOVED = "coordinator_removed", _("coordinator removed")
        ACCOUNT_DELETED = "account_deleted", _("account deleted")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=32, choices=Action)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.CharField(_("detail"), max_length=DETAIL_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    action__in=[
                        "role_given",
                        "role_taken",
                        "staff_given",
                        "staff_taken",
                        "superuser_given",
                        "superuser_taken",
                        "account_added",
                        "invited",
                        "invitation_resent",
                        "invitation_revoked",
                        "invitation_accepted",
                        "coordinator_role_changed",
                        "ownership_handed_over",
                        "coordinator_removed",
                        "account_deleted",
                    ]
                ),
                name="auditentry_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


def record(*, actor, action, user=None, community=None, detail=""):
    """Append one entry to the audit log (inside the caller's transaction)."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        user=user,
        community=community,
        detail=str(detail)[:DETAIL_MAX_LENGTH],
    )
