"""Following a list by e-mail: the request form, the confirmation, the page of an
address's subscriptions and the unsubscribe link (RFC 8058 one-click included).

Every change is a POST; the links e-mailed are signed (registry/services/subscriptions.py)
and open a page with a button, except the one-click unsubscribe, which mail
programs POST without a CSRF token.
"""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from registry import services
from registry.filters.followed import describe_query, list_url, normalise_query
from registry.forms import SubscriptionForm
from registry.models import Subscription
from registry.services.subscriptions import (
    SubscriptionLinkInvalid,
    SubscriptionRefused,
    client_address,
    manage_address,
    manage_token,
    subscription_for_confirm,
    subscription_for_unsubscribe,
)


def _verified_addresses(user):
    if not user.is_authenticated:
        return set()
    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def _row(subscription):
    """What a page shows of one subscription."""
    return {
        "subscription": subscription,
        "list_name": Subscription.Kind(subscription.kind).label,
        "filter_words": describe_query(subscription.kind, subscription.query),
        "list_url": list_url(subscription.kind, subscription.query),
    }


def _list_context(kind, query):
    return {
        "list_name": Subscription.Kind(kind).label,
        "filter_words": describe_query(kind, query),
        "list_url": list_url(kind, query),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_new(request):
    """The "Get e-mail updates" form for one list and filter (from the list's link)."""
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        status = 200
        if form.is_valid():
            data = form.cleaned_data
            verified = data["email"].lower() in _verified_addresses(request.user)
            try:
                services.subscription_request(
                    email=data["email"],
                    kind=data["kind"],
                    query=data["query"],
                    language=data["language"],
                    client=client_address(request),
                    verified=verified,
                    now=timezone.now(),
                )
            except SubscriptionRefused as refusal:
                form.add_error(None, str(refusal))
                status = 429
            else:
                if verified:
                    messages.success(request, _("You now follow this list by e-mail."))
                    return redirect("registry:subscriptions_mine")
                return redirect("registry:subscription_sent")
        kind = form.data.get("kind")
        query = form.cleaned_data.get("query", "")
    else:
        kind = request.GET.get("kind", "")
        if kind not in Subscription.Kind.values:
            raise Http404
        query = normalise_query(kind, request.GET.get("query", ""))
        email = request.user.email if request.user.is_authenticated else ""
        form = SubscriptionForm(
            initial={
                "kind": kind,
                "query": query,
                "email": email,
                "language": translation.get_language(),
            }
        )
        status = 200
    context = {"form": form}
    if kind in Subscription.Kind.values:
        context.update(_list_context(kind, normalise_query(kind, query)))
    return render(request, "registry/subscriptions/new.html", context, status=status)


@require_safe
def subscription_sent(request):
    """After a request: the same answer whether or not the address was subscribed."""
    return render(request, "registry/subscriptions/sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_confirm(request, token):
    """The confirmation link: a page with a button; the POST confirms."""
    now = timezone.now()
    try:
        subscription = subscription_for_confirm(token, now=now)
    except SubscriptionLinkInvalid:
        return render(request, "registry/subscriptions/link_invalid.html", status=404)
    if request.method == "POST":
        services.subscription_confirm(subscription=subscription, now=now)
    context = {
        **_row(subscription),
        "manage_url": reverse(
            "registry:subscription_manage", args=[manage_token(subscription.email)]
        ),
    }
    return render(request, "registry/subscriptions/confirm.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_manage(request, token):
    """An address's subscriptions, from the link in any digest: see and cancel each."""
    try:
        email = manage_address(token)
    except SubscriptionLinkInvalid:
        return render(request, "registry/subscriptions/link_invalid.html", status=404)
    subscriptions = Subscription.objects.of_address(email)
    if request.method == "POST":
        if request.POST.get("cancel") == "all":
            services.subscriptions_cancel_all(email=email)
            messages.success(request, _("You no longer follow any list by e-mail."))
        else:
            subscription = subscriptions.filter(pk=_pk(request.POST.get("cancel"))).first()
            if subscription is not None:
                services.subscription_cancel(subscription=subscription)
                messages.success(request, _("You no longer follow that list by e-mail."))
        return redirect("registry:subscription_manage", token=token)
    context = {"email": email, "rows": [_row(s) for s in subscriptions]}
    return render(request, "registry/subscriptions/manage.html", context)


@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" without a token
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_unsubscribe(request, token):
    """The unsubscribe link of a digest: GET shows a button, POST (the button or the
    one-click POST of the List-Unsubscribe header) cancels the one subscription the
    signed token names, and nothing else."""
    try:
        subscription = subscription_for_unsubscribe(token)
    except SubscriptionLinkInvalid:
        return render(request, "registry/subscriptions/link_invalid.html", status=404)
    context = {"cancelled": subscription is None}
    if subscription is not None:
        context.update(_row(subscription))
        if request.method == "POST":
            services.subscription_cancel(subscription=subscription)
            context["cancelled"] = True
            context["just_cancelled"] = True
    return render(request, "registry/subscriptions/unsubscribe.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def subscriptions_mine(request):
    """The lists the signed-in person's verified addresses follow (from /my/)."""
    addresses = _verified_addresses(request.user)
    subscriptions = list(
        Subscription.objects.alias(address=Lower("email")).filter(address__in=addresses)
    )
    if request.method == "POST":
        chosen = next((s for s in subscriptions if s.pk == _pk(request.POST.get("cancel"))), None)
        if chosen is not None:
            services.subscription_cancel(subscription=chosen)
            messages.success(request, _("You no longer follow that list by e-mail."))
        return redirect("registry:subscriptions_mine")
    lists = [(Subscription.Kind(kind).label, list_url(kind)) for kind in Subscription.Kind.values]
    context = {"rows": [_row(s) for s in subscriptions], "lists": lists}
    return render(request, "registry/subscriptions/mine.html", context)


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
