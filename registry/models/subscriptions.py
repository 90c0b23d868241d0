"""Following a filtered list by e-mail: one row per address, list and filter.

A row exists from the request until the address cancels it (the row is then
deleted: nothing is kept about a former subscriber). It counts only once
confirmed by the e-mailed link (double opt-in); an unconfirmed row expires
(``CONFIRMATION_DAYS``). The digest logic is ``registry/services/subscriptions.py``.
"""

import datetime
import secrets

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from registry.models.base import length_at_most

# The normalised query string of a list's filter (?topic=…&region=…): a few filters
# fit easily; a longer one is refused by the form and by the database.
QUERY_MAX_LENGTH = 1000
# An unconfirmed subscription, and its confirmation link, last this long.
CONFIRMATION_DAYS = 30
# A digest covers this period; it is sent only when it lists something.
DIGEST_PERIOD = datetime.timedelta(days=7)


def subscription_key():
    return secrets.token_urlsafe(24)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def of_address(self, email):
        return self.filter(email__iexact=email)

    def expired(self, now):
        """Unconfirmed ones whose confirmation link has expired."""
        return self.filter(
            confirmed_at__isnull=True,
            confirmation_sent_at__lte=now - datetime.timedelta(days=CONFIRMATION_DAYS),
        )


class Subscription(models.Model):
    class Kind(models.TextChoices):
        COMMUNITIES = "communities", _("Communities")
        CONTRIBUTIONS = "contributions", _("Contributions")
        IMPACT = "impact", _("Examples of IPBES impact")

    email = models.EmailField(_("e-mail address"))
    kind = models.CharField(_("list"), max_length=20, choices=Kind.choices)
    query = models.CharField(
        _("filter"),
        max_length=QUERY_MAX_LENGTH,
        blank=True,
        help_text=_("The list's filter as a query string; empty: the whole list."),
    )
    # One of settings.LANGUAGES (checked by the form; not a constraint, so adding a
    # language needs no migration).
    language = models.CharField(_("language"), max_length=10)
    # Random and never shown: the signed links name it, so a link stays tied to this
    # row even if the same address, list and filter are subscribed again later.
    key = models.CharField(max_length=40, unique=True, default=subscription_key, editable=False)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation last sent"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The digests have covered everything published up to this moment (a digest
    # period with nothing new moves it too, and sends nothing).
    covered_until = models.DateTimeField(_("digests cover until"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        ordering = ["kind", "query", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["communities", "contributions", "impact"]),
                name="subscription_kind_valid",
            ),
            length_at_most("query", QUERY_MAX_LENGTH, "subscription_query_length"),
            models.UniqueConstraint(
                Lower("email"), "kind", "query", name="subscription_unique_per_address"
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.kind}?{self.query}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None
