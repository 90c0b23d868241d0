"""Every state change of the registry, one module per part of the domain.

Each transition is one function with keyword-only arguments: it locks the row,
checks the current state and the actor's right (``registry.permissions``), saves
with ``update_fields``, appends to the transition log and queues its notices
(``registry.notifications``), all in one transaction. A refused transition raises
``TransitionNotAllowed``; views and admin actions turn it into a message.

- ``transitions``: the table of every status change (from, to, who may, what it logs
  and sends), and ``allowed_transitions(user, obj)`` / ``may(user, obj, name)``, which
  the admin, the coordinators' pages and the commands ask.
- ``common``: the refusal, the transition log, row locks, who gets told.
- ``communities``: register, submit, publish, return, archive.
- ``confirmation``: the yearly confirmation: reminders, signed links, archiving the
  unconfirmed and bringing them back.
- ``members``: invitations, roles, hand-over, removal.
- ``recognition``: recommendations, rounds, decisions, withdrawal.
- ``subscriptions``: following a list by e-mail (opt-in, cancellation, weekly digests).
- ``privacy``: a copy of one's data, deleting an account, the contact form's relay,
  retention of unverified accounts and expired invitations.

Call them through the package: ``services.community_publish(community=..., user=...)``.
"""

# Imported with the services (which django.setup() loads): its receivers keep the
# lists' counts whatever writes (registry/tallies.py).
from registry import tallies  # noqa: F401
from registry.services.accounts import (
    account_audit_added,
    account_audit_roles,
    account_roles,
)
from registry.services.common import (
    TransitionNotAllowed,
)
from registry.services.communities import (
    community_archive,
    community_publish,
    community_register,
    community_return,
    community_submit,
    last_return_reason,
    unique_community_slug,
)
from registry.services.confirmation import (
    ConfirmationLinkRefused,
    community_archive_unconfirmed,
    community_confirm,
    community_edited,
    confirmation_link_community,
    confirmation_remind,
    confirmation_token,
    confirmation_url,
)
from registry.services.members import (
    DAILY_INVITATION_LIMIT,
    holds_verified_address,
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    invitation_sendings_today,
    membership_remove,
    membership_set_role,
    ownership_hand_over,
)
from registry.services.privacy import (
    account_delete,
    account_deletion_refusal,
    accounts_unverified_remove,
    communities_left_without_owner,
    contact_message_send,
    contact_recipients,
    invitations_expired_remove,
    personal_data,
)
from registry.services.recognition import (
    is_recognised,
    open_round,
    recognition_withdraw,
    recommendation_create,
    recommendation_decide,
    recommendation_set_evidence,
    recommendation_submit,
    round_close,
    round_open,
)
from registry.services.subscriptions import (
    SubscriptionLinkInvalid,
    SubscriptionRefused,
    digests_send,
    subscription_cancel,
    subscription_confirm,
    subscription_request,
    subscriptions_cancel_all,
    subscriptions_expire,
)
from registry.services.transitions import (
    allowed_transitions,
    communities_open_to_recommendation,
    may,
    refusal,
)

__all__ = [
    "ConfirmationLinkRefused",
    "DAILY_INVITATION_LIMIT",
    "SubscriptionLinkInvalid",
    "SubscriptionRefused",
    "TransitionNotAllowed",
    "account_audit_added",
    "account_audit_roles",
    "account_delete",
    "account_deletion_refusal",
    "account_roles",
    "accounts_unverified_remove",
    "allowed_transitions",
    "communities_left_without_owner",
    "communities_open_to_recommendation",
    "community_archive",
    "community_archive_unconfirmed",
    "community_confirm",
    "community_edited",
    "community_publish",
    "community_register",
    "community_return",
    "community_submit",
    "confirmation_link_community",
    "confirmation_remind",
    "confirmation_token",
    "confirmation_url",
    "contact_message_send",
    "contact_recipients",
    "digests_send",
    "holds_verified_address",
    "invitation_accept",
    "invitation_create",
    "invitation_resend",
    "invitation_revoke",
    "invitation_sendings_today",
    "invitations_expired_remove",
    "is_recognised",
    "last_return_reason",
    "may",
    "membership_remove",
    "membership_set_role",
    "open_round",
    "ownership_hand_over",
    "personal_data",
    "recognition_withdraw",
    "recommendation_create",
    "recommendation_decide",
    "recommendation_set_evidence",
    "recommendation_submit",
    "refusal",
    "round_close",
    "round_open",
    "subscription_cancel",
    "subscription_confirm",
    "subscription_request",
    "subscriptions_cancel_all",
    "subscriptions_expire",
    "unique_community_slug",
]
