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
from registry.services.common import (
    coordinator_emails,
    emails_of_people_who_may,
    locked,
    log_transition,
    refuse,
)

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
    if not permissions.can_register_community(owner):
        refuse(_("Sign in to register a community."))
    community = form.save(commit=False)
    community.slug = unique_community_slug(community.name)
    community.status = Status.DRAFT
    community.save()
    form.save_m2m()
    Membership.objects.create(user=owner, community=community, role=Membership.Role.OWNER)
    permissions.forget(owner)
    log_transition(
        actor=owner, at=now, community=community, to_status=Status.DRAFT, note=_("Registered")
    )
    return community


@transaction.atomic
def community_submit(*, community, user, now=None):
    """An owner (or the Secretariat) submits a draft or returned community for review."""
    now = now or timezone.now()
    community = locked(Community, community)
    if not permissions.can_submit_community(user, community):
        refuse(_("Only an owner of this community can submit it."))
    if community.status not in (Status.DRAFT, Status.RETURNED):
        refuse(_("Only a draft or returned community can be submitted."))
    if not community.topics.exists():
        refuse(_("Choose at least one topic before submitting."))
    previous = community.status
    community.status = Status.SUBMITTED
    community.save(update_fields=["status", "updated_at"])
    log_transition(
        actor=user, at=now, community=community, from_status=previous, to_status=community.status
    )
    notify(
        recipients=emails_of_people_who_may(permissions.MODERATES),
        template="community_submitted",
        context={"community": community},
    )
    return community


@transaction.atomic
def community_publish(*, community, user, now=None):
    """The Secretariat publishes a submitted (or re-publishes an archived) community."""
    now = now or timezone.now()
    community = locked(Community, community)
    if not permissions.can_moderate_community(user):
        refuse(_("Only the Secretariat can publish a community."))
    if community.status not in (Status.SUBMITTED, Status.ARCHIVED):
        refuse(_("Only a submitted or archived community can be published."))
    previous = community.status
    community.status = Status.PUBLISHED
    community.published_at = community.published_at or now
    community.save(update_fields=["status", "published_at", "updated_at"])
    log_transition(
        actor=user, at=now, community=community, from_status=previous, to_status=community.status
    )
    notify(
        recipients=coordinator_emails(community),
        template="community_published",
        context={"community": community},
    )
    return community


@transaction.atomic
def community_return(*, community, user, reason, now=None):
    """The Secretariat returns a submitted community to its owners, with a reason."""
    now = now or timezone.now()
    community = locked(Community, community)
    if not permissions.can_moderate_community(user):
        refuse(_("Only the Secretariat can return a community."))
    if community.status != Status.SUBMITTED:
        refuse(_("Only a submitted community can be returned."))
    reason = (reason or "").strip()
    if not reason:
        refuse(_("Give the reason for returning the community."))
    community.status = Status.RETURNED
    community.save(update_fields=["status", "updated_at"])
    log_transition(
        actor=user,
        at=now,
        community=community,
        from_status=Status.SUBMITTED,
        to_status=community.status,
        note=reason,
    )
    notify(
        recipients=coordinator_emails(community),
        template="community_returned",
        context={"community": community, "reason": reason},
    )
    return community


@transaction.atomic
def community_archive(*, community, user, note="", now=None):
    """An owner or the Secretariat archives a published community."""
    now = now or timezone.now()
    community = locked(Community, community)
    if not permissions.can_archive_community(user, community):
        refuse(_("Only an owner or the Secretariat can archive this community."))
    if community.status != Status.PUBLISHED:
        refuse(_("Only a published community can be archived."))
    community.status = Status.ARCHIVED
    community.save(update_fields=["status", "updated_at"])
    log_transition(
        actor=user,
        at=now,
        community=community,
        from_status=Status.PUBLISHED,
        to_status=community.status,
        note=note,
    )
    notify(
        recipients=coordinator_emails(community),
        template="community_archived",
        context={"community": community, "note": note},
    )
    return community


def last_return_reason(community):
    """The Secretariat's reason, when the community is currently returned."""
    if community.status != Status.RETURNED:
        return ""
    entry = community.transitions.filter(to_status=Status.RETURNED).order_by("-at", "-pk").first()
    return entry.note if entry else ""
