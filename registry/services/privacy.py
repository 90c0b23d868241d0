"""Personal data that people control: the copy of one's data, deleting an account
(by oneself or by the Secretariat), the contact form's relay, and retention.

Deleting an account keeps the record (transition log, recommendations, decisions,
the audit log, a community's history): when any of it names the person, the account
stays as a row with nothing personal left, named by the role it held ("a former
coordinator", ``User.former_role``); otherwise the row itself goes. Everything else
about the person goes either way: e-mail addresses, social accounts, authenticators,
memberships, invitations to them, subscriptions, sessions, mail queued or logged to
them, and their name and address wherever the logs wrote them out.
"""

import datetime
import re

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from mailer.models import Message, MessageLog

from registry import links, notifications, permissions
from registry.mail_backend import QueueThenSendBackend
from registry.models import (
    AuditEntry,
    Community,
    FormerRole,
    Invitation,
    InvitationSending,
    Membership,
    PrivacyNotice,
    Recognition,
    Recommendation,
    Subscription,
    TransitionLog,
    User,
    audit,
)
from registry.services.common import TransitionNotAllowed, locked, refuse

# Retention (DESIGN: personal data kept no longer than needed).
UNVERIFIED_ACCOUNT_DAYS = 30
EXPIRED_INVITATION_DAYS = 90
CONTACT_MESSAGE_MAX_LENGTH = 5000


def _addresses(user):
    """Every address of the account (its login and allauth's), lower-cased."""
    emails = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return sorted({e.lower() for e in emails | {user.email} if e})


def _iexact_any(field, addresses):
    condition = Q(pk__in=[])
    for address in addresses:
        condition |= Q(**{f"{field}__iexact": address})
    return condition


def _when(moment):
    return moment.isoformat() if moment else None


# --- A copy of one's data -------------------------------------------------------------


def personal_data(user):
    """Everything the registry holds about ``user``, as JSON-ready data."""
    addresses = _addresses(user)
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "orcid": user.orcid,
            "language": user.language,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "is_staff": user.is_staff,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "privacy_notice_version": user.privacy_notice_version,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "social_accounts": [
            {"provider": a.provider, "uid": a.uid, "date_joined": _when(a.date_joined)}
            for a in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        # The kind of each second factor and its dates, never its secret.
        "authenticators": [
            {
                "type": a.type,
                "created_at": _when(a.created_at),
                "last_used_at": _when(a.last_used_at),
            }
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        "memberships": [
            {
                "community": m.community.slug,
                "community_name": m.community.name,
                "role": m.role,
                "since": _when(m.created_at),
            }
            for m in Membership.objects.filter(user=user).select_related("community").order_by("pk")
        ],
        "invitations_sent": [
            _invitation(i)
            for i in Invitation.objects.filter(invited_by=user).select_related("community")
        ],
        "invitations_received": [
            _invitation(i)
            for i in Invitation.objects.filter(_iexact_any("email", addresses))
            .select_related("community")
            .order_by("pk")
        ],
        "subscriptions": [
            {
                "email": s.email,
                "list": s.kind,
                "filter": s.query,
                "language": s.language,
                "requested": _when(s.created_at),
                "confirmed": _when(s.confirmed_at),
            }
            for s in Subscription.objects.filter(_iexact_any("email", addresses))
        ],
        "audit_entries": [
            {
                "at": _when(e.at),
                "action": e.action,
                "by_you": e.actor_id == user.pk,
                "about_you": e.user_id == user.pk,
                "community": e.community.slug if e.community else None,
                "detail": e.detail,
            }
            for e in AuditEntry.objects.filter(Q(actor=user) | Q(user=user))
            .select_related("community")
            .order_by("at", "pk")
        ],
        "transitions": [
            {
                "at": _when(t.at),
                "community": t.community.slug if t.community else None,
                "recommendation": t.recommendation_id,
                "from": t.from_status,
                "to": t.to_status,
                "note": t.note,
            }
            for t in TransitionLog.objects.filter(actor=user)
            .select_related("community")
            .order_by("at", "pk")
        ],
        "recommendations_made": [
            {"id": r.pk, "community": r.community.slug, "status": r.status}
            for r in Recommendation.objects.filter(recommended_by=user).select_related("community")
        ],
        "recommendations_decided": [
            {"id": r.pk, "community": r.community.slug, "status": r.status}
            for r in Recommendation.objects.filter(decided_by=user).select_related("community")
        ],
    }


def _invitation(invitation):
    return {
        "community": invitation.community.slug,
        "email": invitation.email,
        "role": invitation.role,
        "created_at": _when(invitation.created_at),
        "expires_at": _when(invitation.expires_at),
        "accepted_at": _when(invitation.accepted_at),
        "revoked_at": _when(invitation.revoked_at),
    }


# --- Deleting an account --------------------------------------------------------------


def communities_left_without_owner(user):
    """The communities (not archived) of which ``user`` is the only owner: while there
    is one, the account cannot be deleted."""
    owned = Membership.objects.filter(user=user, role=Membership.Role.OWNER).values("community_id")
    other_owners = Membership.objects.filter(role=Membership.Role.OWNER).exclude(user=user)
    return list(
        Community.objects.filter(pk__in=owned)
        .exclude(status=Community.Status.ARCHIVED)
        .exclude(pk__in=other_owners.values("community_id"))
        .order_by("name")
    )


def account_deletion_refusal(user):
    """Why ``user``'s account cannot be deleted now (with the way out), or None."""
    if user.deleted_at is not None:
        return _("This account has already been deleted.")
    communities = communities_left_without_owner(user)
    if not communities:
        return None

    def names(group):
        return ", ".join(f"“{c.name}”" for c in group)

    # Only a published community can be archived (the workflow): for the others the
    # way out is a hand-over alone, to a co-coordinator invited first if need be.
    published = [c for c in communities if c.status == Community.Status.PUBLISHED]
    unpublished = [c for c in communities if c.status != Community.Status.PUBLISHED]
    reasons = []
    if published:
        reasons.append(
            _(
                "You are the last owner of %(communities)s. Hand ownership over to another "
                "coordinator (on the community's coordinators page), or archive the community."
            )
            % {"communities": names(published)}
        )
    if unpublished:
        reasons.append(
            _(
                "You are the last owner of %(communities)s, not published, which cannot be "
                "archived. Hand ownership over to another coordinator; if it has none, "
                "invite one as an owner from its coordinators page first."
            )
            % {"communities": names(unpublished)}
        )
    reasons.append(_("Then delete your account."))
    return " ".join(str(reason) for reason in reasons)


def former_role(user):
    """How the record will name the person once the account is deleted."""
    if permissions.can_decide(user):
        return FormerRole.BUREAU
    if permissions.can_recommend(user):
        return FormerRole.TASK_FORCE
    if permissions.can_moderate_community(user) or user.is_staff:
        return FormerRole.SECRETARIAT
    return FormerRole.COORDINATOR


def _record_fields():
    """(model, field) of every record that must survive the person: when one of them
    names the account, the account stays as a nameless row."""
    return (
        (TransitionLog, "actor"),
        (AuditEntry, "actor"),
        (AuditEntry, "user"),
        (Recommendation, "recommended_by"),
        (Recommendation, "decided_by"),
        (Recognition, "withdrawn_by"),
        (Community.history.model, "history_user"),
        (PrivacyNotice.history.model, "history_user"),
        (LogEntry, "user"),
    )


def _in_the_record(user):
    return any(model.objects.filter(**{field: user}).exists() for model, field in _record_fields())


def _drop_mail_to(addresses):
    """Mail still queued to the person, and django-mailer's log of mail sent to them (a
    log, not the record). Mail to others that names them is the others' own."""
    addresses = set(addresses)
    for model in (Message, MessageLog):
        stale = []
        for row in model.objects.only("pk", "message_data").iterator():
            email = row.email
            if email is not None and addresses & {a.lower() for a in email.recipients()}:
                stale.append(row.pk)
        model.objects.filter(pk__in=stale).delete()


def _end_sessions(user):
    stale = [
        session.pk
        for session in Session.objects.iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=stale).delete()


def _erase_from_logs(user, addresses, name, label):
    """The person's addresses and name replaced by ``label`` where a log wrote them out:
    the audit log's details, transition notes, the admin's history. An address is exact
    and unique, so it is replaced wherever it stands; the name only as a whole word and
    only in the rows about the person or by them (a name like "African" stands in other
    communities' names, which must not change)."""
    theirs = {
        AuditEntry: Q(actor=user) | Q(user=user),
        TransitionLog: Q(actor=user),
        LogEntry: Q(user=user),
    }
    logs = (
        (AuditEntry, ("detail",)),
        (TransitionLog, ("note",)),
        (LogEntry, ("object_repr", "change_message")),
    )
    for model, fields in logs:
        found = Q(pk__in=[])
        for field in fields:
            found |= _icontains_any(field, addresses)
            if name:
                found |= theirs[model] & Q(**{f"{field}__icontains": name})
        about_them = Case(When(theirs[model], then=Value(True)), default=Value(False))
        for entry in model.objects.filter(found).annotate(about_them=about_them):
            words = [*addresses, *([name] if name and entry.about_them else [])]
            values = {field: _replace_all(getattr(entry, field), words, label) for field in fields}
            rows = model.objects.filter(pk=entry.pk)
            if model is LogEntry:
                rows.update(**values)
            else:
                rows.erase_personal_data(**values)
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=label, change_message=""
    )


def _icontains_any(field, words):
    condition = Q(pk__in=[])
    for word in words:
        condition |= Q(**{f"{field}__icontains": word})
    return condition


def _replace_all(text, words, label):
    """Each word replaced where it stands whole (not inside a longer word)."""
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", label, text, flags=re.IGNORECASE)
    return text


@transaction.atomic
def account_delete(*, user, actor=None, now=None):
    """Delete ``user``'s account: by the person (``actor`` is None or the user) or by the
    Secretariat for someone who asked by other means (logged in the audit log).

    Refused while the person is the last owner of a community that is not archived.
    What the record needs stays, with the person named by the role they held; nothing
    else about them remains. Returns the account row kept for the record, or None."""
    now = now or timezone.now()
    # The communities first, as registry/services/members.py locks them: two owners
    # leaving at once must not both see the other still there.
    list(
        Community.objects.select_for_update()
        .filter(pk__in=Membership.objects.filter(user=user).values("community_id"))
        .order_by("pk")
    )
    user = locked(User, user)
    refusal = account_deletion_refusal(user)
    if refusal:
        refuse(refusal)
    by_staff = actor is not None and actor.pk != user.pk
    if by_staff and not permissions.can_change_account(actor, user):
        refuse(_("Only the Secretariat can delete someone else's account."))
    addresses = _addresses(user)
    role = former_role(user)
    with translation.override(settings.LANGUAGE_CODE):
        label = str(FormerRole(role).label)
    # A shorter name would match common words of the logs.
    name = user.display_name if len(user.display_name) >= 4 else ""

    _drop_mail_to(addresses)
    Subscription.objects.filter(_iexact_any("email", addresses)).delete()
    Invitation.objects.filter(_iexact_any("email", addresses)).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None)
    Invitation.objects.filter(accepted_by=user).update(accepted_by=None)
    InvitationSending.objects.filter(sent_by=user).update(sent_by=None)
    Membership.objects.filter(user=user).delete()
    # A community whose contact address was the person's own: no address any more
    # (its contact form then writes to its coordinators); its history forgets it too.
    for community in Community.objects.filter(_iexact_any("contact_email", addresses)):
        community.contact_email = ""  # saved one by one: public pages must see the change
        community.save(update_fields=["contact_email", "updated_at"])
    Community.history.model.objects.filter(_iexact_any("contact_email", addresses)).update(
        contact_email=""
    )
    _erase_from_logs(user, addresses, name, label)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    _end_sessions(user)
    user.groups.clear()
    user.user_permissions.clear()

    kept = _in_the_record(user)
    if kept:
        User.objects.filter(pk=user.pk).update(
            email=f"former-{user.pk}@deleted.invalid",
            display_name="",
            orcid="",
            password=make_password(None),
            is_active=False,
            is_staff=False,
            is_superuser=False,
            language="",
            last_login=None,
            date_joined=now,
            privacy_notice_version=None,
            former_role=role,
            deleted_at=now,
        )
        user.refresh_from_db()
    else:
        user.delete()
        user = None
    audit.record(
        actor=actor if by_staff else user,
        action=AuditEntry.Action.ACCOUNT_DELETED,
        user=user,
        detail=_("by the Secretariat, on request") if by_staff else "",
    )
    return user


# --- The contact form -----------------------------------------------------------------


def contact_recipients(community):
    """Where a message through the contact form goes: the community's contact address,
    else its coordinators' addresses."""
    if community.contact_email:
        return [community.contact_email]
    return sorted(
        Membership.objects.filter(community=community, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def contact_message_send(*, community, sender_name, sender_email, message, now=None):
    """Relay a visitor's message to the community: From the registry, Reply-To the
    sender, so the community sees the sender's address and the sender never sees the
    community's (until it replies). Nothing is stored but the queued mail."""
    recipients = contact_recipients(community)
    if not recipients:
        refuse(_("This community cannot be reached through the registry."))
    context = {
        "community": community,
        "sender_name": sender_name,
        "sender_email": sender_email,
        "message": message,
        "site_url": links.site_url(),
    }
    languages = notifications.languages_of(recipients)
    messages = []
    for address in recipients:
        with translation.override(languages[address]):
            subject = " ".join(
                render_to_string("registry/email/contact_message_subject.txt", context).split()
            )
            body = render_to_string("registry/email/contact_message_body.txt", context)
        messages.append(
            EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [address], reply_to=[sender_email]
            )
        )
    with transaction.atomic():
        QueueThenSendBackend().send_messages(messages)  # delivered after the commit


# --- Retention ------------------------------------------------------------------------


def accounts_unverified_remove(*, now, progress=False):
    """Delete the accounts whose address was never verified, UNVERIFIED_ACCOUNT_DAYS
    after sign-up (never a staff account)."""
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = User.objects.filter(
        date_joined__lte=now - datetime.timedelta(days=UNVERIFIED_ACCOUNT_DAYS),
        deleted_at__isnull=True,
        is_staff=False,
        is_superuser=False,
    ).exclude(pk__in=verified)
    removed = skipped = 0
    for user in stale.order_by("pk"):
        try:
            account_delete(user=user, now=now)
        except (TransitionNotAllowed, User.DoesNotExist):  # or another machine's job did
            skipped += 1
        else:
            removed += 1
    return f"{removed} unverified account(s) removed, {skipped} skipped"


def invitations_expired_remove(*, now, progress=False):
    """Delete the invitations never accepted, EXPIRED_INVITATION_DAYS after they expired."""
    deleted, _detail = Invitation.objects.filter(
        accepted_at__isnull=True,
        expires_at__lte=now - datetime.timedelta(days=EXPIRED_INVITATION_DAYS),
    ).delete()
    return f"{deleted} expired invitation(s) removed"


__all__ = [
    "CONTACT_MESSAGE_MAX_LENGTH",
    "account_delete",
    "account_deletion_refusal",
    "accounts_unverified_remove",
    "communities_left_without_owner",
    "contact_message_send",
    "contact_recipients",
    "former_role",
    "invitations_expired_remove",
    "personal_data",
]
