"""The registry's user: an e-mail address and a display name, no username.

A custom user model keyed on e-mail, chosen while no production data exists:
Django's default model keeps a unique ``username`` that allauth left empty on
sign-up (ACCOUNT_USER_MODEL_USERNAME_FIELD = None), so the second person to sign
up hit the unique constraint. Here there is nothing to collide on but the
address itself, unique without regard to case.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.identifiers import OrcidField

DISPLAY_NAME_MAX_LENGTH = 150


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # Sign-in finds the account whatever the case the address is typed in.
        return self.get(email__iexact=email)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Every account needs an e-mail address.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser has is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class FormerRole(models.TextChoices):
    """How the record names a person whose account was deleted."""

    COORDINATOR = "coordinator", _("a former coordinator")
    TASK_FORCE = "task_force", _("a former task force member")
    BUREAU = "bureau", _("a former member of the Bureau")
    SECRETARIAT = "secretariat", _("a former member of the Secretariat")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        help_text=_("How the registry names you on its pages and in its e-mails."),
    )
    orcid = OrcidField(
        _("ORCID iD"),
        blank=True,
        help_text=_(
            "Your ORCID iD, e.g. 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097."
        ),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the person can sign in to the admin."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Unselect this instead of deleting the account."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language the registry writes to you in: the one you last used."),
    )

    # The privacy notice's version shown at sign-up (registry.models.privacy).
    privacy_notice_version = models.PositiveIntegerField(
        _("privacy notice seen at sign-up"), null=True, blank=True, editable=False
    )
    # An account deleted while the record needs it (transitions, recommendations,
    # decisions, the audit log) stays as a row with nothing personal left: it is named
    # by the role it held (registry.services.privacy).
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    former_role = models.CharField(
        _("former role"), max_length=20, choices=FormerRole, blank=True, editable=False
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self):
        return self.get_full_name()

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)
        self.display_name = (self.display_name or "").strip()

    def get_full_name(self):
        if self.deleted_at is not None:
            return str(FormerRole(self.former_role or FormerRole.COORDINATOR).label)
        return self.display_name or self.email

    def get_short_name(self):
        return self.get_full_name()


def user_display(user):
    """What allauth's pages and e-mails call a person: their display name."""
    return user.get_full_name()
