"""A community's life: registered, submitted, published, returned, archived."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from registry import permissions
from registry.models import (
    Community,
    Membership,
)
from registry.notifications import notify
from registry.services import transitions
from registry.services.common import (
    coordinator_emails,
    emails_of_people_who_may,
    locked,
    refuse,
)
from registry.services.confirmation import mark_confirmed

Status = Community.Status


def unique_community_slug(name, *, exclude_pk=None):
    """A URL slug from the name, made unique with a number where needed."""
    base = slugify(name)[:90] or "community"
    slug, number = base, 2
    existing = Community.objects.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def community_register(*, owner, form, now=None):
    """Save a new community from a valid ModelForm as a draft owned by ``owner``."""
    now = now or timezone.now()
    row = transitions.require(owner, Community, "register")
    community = form.save(commit=False)
    community.slug = unique_community_slug(community.name)
    community.status = row.target
    community.save()
    form.save_m2m()
    Membership.objects.create(user=owner, community=community, role=Membership.Role.OWNER)
    permissions.forget(owner)
    row.log(actor=owner, at=now, obj=community, note=_("Registered"))
    return community


@transaction.atomic
def community_submit(*, community, user, now=None):
    """An owner (or the Secretariat) submits a draft or returned community for review."""
    now = now or timezone.now()
    community = locked(Community, community)
    row = transitions.require(user, community, "submit")
    previous = community.status
    community.status = row.target
    community.save(update_fields=["status", "updated_at"])
    row.log(actor=user, at=now, obj=community, from_status=previous)
    notify(
        recipients=emails_of_people_who_may(permissions.MODERATES),
        template=row.notice,
        context={"community": community},
    )
    return community


@transaction.atomic
def community_publish(*, community, user, now=None):
    """The Secretariat publishes a submitted (or re-publishes an archived) community."""
    now = now or timezone.now()
    community = locked(Community, community)
    row = transitions.require(user, community, "publish")
    previous = community.status
    community.status = row.target
    community.published_at = community.published_at or now
    confirmed = mark_confirmed(community, now)  # publication counts as a confirmation
    community.save(update_fields=["status", "published_at", *confirmed, "updated_at"])
    row.log(actor=user, at=now, obj=community, from_status=previous)
    notify(
        recipients=coordinator_emails(community),
        template=row.notice,
        context={"community": community},
    )
    return community


@transaction.atomic
def community_return(*, community, user, reason, now=None):
    """The Secretariat returns a submitted community to its owners, with a reason."""
    now = now or timezone.now()
    community = locked(Community, community)
    row = transitions.require(user, community, "return")
    reason = (reason or "").strip()
    if not reason:
        refuse(_("Give the reason for returning the community."))
    previous = community.status
    community.status = row.target
    community.save(update_fields=["status", "updated_at"])
    row.log(actor=user, at=now, obj=community, from_status=previous, note=reason)
    notify(
        recipients=coordinator_emails(community),
        template=row.notice,
        context={"community": community, "reason": reason},
    )
    return community


@transaction.atomic
def community_archive(*, community, user, note="", now=None):
    """An owner or the Secretariat archives a published community."""
    now = now or timezone.now()
    community = locked(Community, community)
    row = transitions.require(user, community, "archive")
    previous = community.status
    community.status = row.target
    community.save(update_fields=["status", "updated_at"])
    row.log(actor=user, at=now, obj=community, from_status=previous, note=note)
    notify(
        recipients=coordinator_emails(community),
        template=row.notice,
        context={"community": community, "note": note},
    )
    return community


def last_return_reason(community):
    """The Secretariat's reason, when the community is currently returned."""
    if community.status != Status.RETURNED:
        return ""
    entry = community.transitions.filter(to_status=Status.RETURNED).order_by("-at", "-pk").first()
    return entry.note if entry else ""
