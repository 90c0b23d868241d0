"""Following a filtered list by e-mail: request, confirmation, cancellation, digests.

An address asks to follow a list (communities, contributions or impact examples)
with its current filter; nothing more is sent to it until it opens the confirmation
link (double opt-in). Once confirmed, a weekly digest lists what newly matches the
filter, in the language chosen, and only when there is something new.

What a digest lists is the list's own FilterSet run on the rows that became
public in its period (``registry/filters/followed.py``), so a digest lists exactly
what the list would show as new.

Requests are rate-limited per address and per client (a small counter in the
shared cache, keyed on the client address as allauth keys its own limits behind
the proxy), so the form cannot be used to mail strangers. Links are signed
(``django.core.signing``) with one salt per purpose.
"""

import hashlib
import sys
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry.filters.followed import describe_query, list_url, new_items, normalise_query
from registry.links import absolute_url, site_url
from registry.mail_backend import QueueThenSendBackend
from registry.models import Subscription
from registry.models.subscriptions import CONFIRMATION_DAYS, DIGEST_PERIOD

Kind = Subscription.Kind

# Requests that send a confirmation: at most this many per address and per client.
LIMIT_PER_ADDRESS = (3, 24 * 60 * 60)  # (requests, seconds)
LIMIT_PER_CLIENT = (10, 60 * 60)
# A digest names at most this many items, then links to the list.
DIGEST_ITEMS_SHOWN = 50

CONFIRM_SALT = "registry.subscriptions.confirm"
UNSUBSCRIBE_SALT = "registry.subscriptions.unsubscribe"
MANAGE_SALT = "registry.subscriptions.manage"


class SubscriptionRefused(Exception):
    """A request refused (too many); its message is for the person."""


class SubscriptionLinkInvalid(Exception):
    """A signed link that was altered, has expired or names nothing any more."""


# --- Signed links -------------------------------------------------------------------


def confirm_token(subscription):
    return signing.dumps(subscription.key, salt=CONFIRM_SALT)


def unsubscribe_token(subscription):
    return signing.dumps(subscription.key, salt=UNSUBSCRIBE_SALT)


def manage_token(email):
    return signing.dumps(email.lower(), salt=MANAGE_SALT)


def manage_address(token):
    """The address a manage link names, or SubscriptionLinkInvalid."""
    try:
        return signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature as exc:
        raise SubscriptionLinkInvalid from exc


def subscription_for_unsubscribe(token):
    """The subscription an unsubscribe link names; None if it is already cancelled;
    SubscriptionLinkInvalid if the link was altered."""
    try:
        key = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise SubscriptionLinkInvalid from exc
    return Subscription.objects.filter(key=key).first()


def subscription_for_confirm(token, *, now):
    """The subscription a confirmation link names, or SubscriptionLinkInvalid when
    the link was altered, is older than CONFIRMATION_DAYS or names nothing."""
    max_age = CONFIRMATION_DAYS * 24 * 60 * 60
    try:
        key = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.BadSignature as exc:  # SignatureExpired included
        raise SubscriptionLinkInvalid from exc
    subscription = Subscription.objects.exclude(
        pk__in=Subscription.objects.expired(now).values("pk")
    ).filter(key=key)
    subscription = subscription.first()
    if subscription is None:
        raise SubscriptionLinkInvalid
    return subscription


def _links(subscription):
    site = site_url()
    return {
        "site_url": site,
        "unsubscribe_url": site
        + reverse("registry:subscription_unsubscribe", args=[unsubscribe_token(subscription)]),
        "manage_url": site
        + reverse("registry:subscription_manage", args=[manage_token(subscription.email)]),
        "list_url": list_url(subscription.kind, subscription.query),
    }


# --- Rate limits ----------------------------------------------------------------------


def client_address(request):
    """The client's IP address as allauth's rate limits see it (behind the proxy:
    ALLAUTH_TRUSTED_PROXY_COUNT / ALLAUTH_TRUSTED_CLIENT_IP_HEADER)."""
    return get_adapter().get_client_ip(request)


def _hit(name, value, limit):
    """Count one request for ``value`` in the current window; False past the limit.

    allauth's public ratelimit API reads only allauth.account's RATE_LIMITS, so this is
    a fixed-window counter of our own in the same shared cache."""
    amount, period = limit
    digest = hashlib.sha256(value.lower().encode()).hexdigest()
    key = f"registry:subscribe:{name}:{digest}:{int(time.time() // period)}"
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    return count <= amount


# --- State changes --------------------------------------------------------------------


def subscription_request(*, email, kind, query, language, client, verified=False, now):
    """Ask to follow the ``kind`` list with ``query`` (normalised here) in ``language``.

    A new or still unconfirmed subscription gets a confirmation e-mail; an address
    that already follows this list gets a reminder with its manage link instead, so
    the answer never tells whether it was subscribed. ``verified`` (the signed-in
    person's own verified address) confirms at once and sends nothing. Raises
    SubscriptionRefused past the limits per address and per ``client``."""
    query = normalise_query(kind, query)
    if verified:
        with transaction.atomic():
            subscription, _created = Subscription.objects.get_or_create(
                email__iexact=email,
                kind=kind,
                query=query,
                defaults={"email": email, "language": language, "confirmation_sent_at": now},
            )
            if not subscription.is_confirmed:
                subscription.confirmed_at = now
                subscription.language = language
                subscription.save(update_fields=["confirmed_at", "language"])
        return subscription
    if not _hit("client", client, LIMIT_PER_CLIENT) or not _hit(
        "address", email, LIMIT_PER_ADDRESS
    ):
        raise SubscriptionRefused(
            _(
                "Too many requests to follow lists from here or for this address. "
                "Nothing was sent; please try again later."
            )
        )
    try:
        with transaction.atomic():
            subscription = _request_row(
                email=email, kind=kind, query=query, language=language, now=now
            )
            _send(subscription, "subscription_confirm", _confirm_context(subscription))
    except IntegrityError:  # the same request at the same moment: the other one sends
        return None
    return subscription


def _request_row(*, email, kind, query, language, now):
    subscription = (
        Subscription.objects.select_for_update()
        .of_address(email)
        .filter(kind=kind, query=query)
        .first()
    )
    if subscription is None:
        return Subscription.objects.create(
            email=email, kind=kind, query=query, language=language, confirmation_sent_at=now
        )
    if not subscription.is_confirmed:
        subscription.language = language
        subscription.confirmation_sent_at = now
        subscription.save(update_fields=["language", "confirmation_sent_at"])
    return subscription


def _confirm_context(subscription):
    return {
        **_links(subscription),
        "subscription": subscription,
        "confirm_url": absolute_url(
            reverse("registry:subscription_confirm", args=[confirm_token(subscription)])
        ),
        "confirmation_days": CONFIRMATION_DAYS,
    }


def subscription_confirm(*, subscription, now):
    """Confirm (idempotent): the first digest covers what is published from now on."""
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=now
    )
    subscription.refresh_from_db()
    return subscription


def subscription_cancel(*, subscription):
    """Cancel one subscription: the row is deleted, nothing is kept."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def subscriptions_cancel_all(*, email):
    """Cancel every subscription of an address; returns how many there were."""
    deleted, _detail = Subscription.objects.of_address(email).delete()
    return deleted


# --- Scheduled jobs (registry/housekeeping.py) -------------------------------------------


def digests_send(*, now, progress=False):
    """For each confirmed subscription whose last period ended at least DIGEST_PERIOD
    ago (or, never sent, its confirmation), claim it by moving ``covered_until`` to
    now with a conditional update (so two workers never send the same digest), then
    queue its digest if the period brought anything new. The mail is queued in the
    same transaction as the claim: both commit or neither does."""
    due = (
        Subscription.objects.confirmed()
        .annotate(since=Coalesce("covered_until", "confirmed_at"))
        .filter(since__lte=now - DIGEST_PERIOD)
        .order_by("pk")
    )
    sent = quiet = 0
    rows = tqdm(list(due), desc="Digests", unit="list", file=sys.stderr, disable=not progress)
    for subscription in rows:
        with transaction.atomic():
            claimed = Subscription.objects.filter(
                pk=subscription.pk, covered_until=subscription.covered_until
            ).update(covered_until=now)
            if not claimed:
                continue
            items = new_items(subscription, since=subscription.since, until=now)
            if not items:
                quiet += 1
                continue
            _send_digest(subscription, items, since=subscription.since, until=now)
            Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
            sent += 1
    return f"{sent} digest(s) queued, {quiet} list(s) with nothing new"


def subscriptions_expire(*, now, progress=False):
    """Delete the unconfirmed subscriptions whose confirmation link has expired."""
    deleted, _detail = Subscription.objects.expired(now).delete()
    return f"{deleted} unconfirmed subscription(s) expired"


def _send_digest(subscription, items, *, since, until):
    context = {
        **_links(subscription),
        "subscription": subscription,
        "items": [_item(subscription.kind, row) for row in items[:DIGEST_ITEMS_SHOWN]],
        "count": len(items),
        "more": max(0, len(items) - DIGEST_ITEMS_SHOWN),
        "since": since,
        "until": until,
    }
    headers = {
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    _send(subscription, "digest", context, headers=headers)


def _item(kind, row):
    site = site_url()
    if kind == Kind.COMMUNITIES:
        return {"name": row.name, "url": site + row.get_absolute_url(), "community": None}
    url = site + row.community.get_absolute_url()
    if kind == Kind.CONTRIBUTIONS:
        url += f"#contribution-{row.pk}"
    return {"name": row.title, "url": url, "community": row.community.name}


def _send(subscription, template, context, headers=None):
    """Queue one message (django-mailer, in the current transaction), rendered in the
    subscription's language."""
    with translation.override(subscription.language):
        context = {**context, "filter_words": describe_query(subscription.kind, subscription.query)}
        context["list_name"] = Kind(subscription.kind).label
        subject = " ".join(
            render_to_string(f"registry/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"registry/email/{template}_body.txt", context)
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [subscription.email], headers=headers
    )
    # The queue itself (not whatever EMAIL_BACKEND is, which tests replace by locmem).
    QueueThenSendBackend().send_messages([message])


__all__ = [
    "SubscriptionLinkInvalid",
    "SubscriptionRefused",
    "client_address",
    "confirm_token",
    "digests_send",
    "manage_address",
    "manage_token",
    "subscription_cancel",
    "subscription_confirm",
    "subscription_for_confirm",
    "subscription_for_unsubscribe",
    "subscription_request",
    "subscriptions_cancel_all",
    "subscriptions_expire",
    "unsubscribe_token",
]
