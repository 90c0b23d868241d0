"""The registry's data, one module per part of the domain.

- ``base``: limits of long text, shared by every module.
- ``users``: the account (``registry.User``, keyed on e-mail).
- ``reference``: the IPBES vocabularies.
- ``communities``: communities, their coordinators and invitations.
- ``contributions``: contributions and examples of impact.
- ``recognition``: review rounds, recommendations, recognitions.
- ``history`` and ``audit``: the append-only logs of status changes and of rights.
- ``subscriptions``: lists followed by e-mail (double opt-in, weekly digests).
- ``links``: derived link tables the listings read (countries, activity types).
- ``privacy``: the privacy notice (versioned text), who sees a contact address.
- ``tallies``: the unfiltered lists' counts, kept as the data changes.

Every rule the database can hold is a constraint; statuses change only in
``registry.services``. Import models from here: ``from registry.models import Community``.
"""

from registry.models.audit import AppendOnlyError, AppendOnlyModel, AuditEntry
from registry.models.base import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, length_at_most
from registry.models.communities import (
    Community,
    CommunityQuerySet,
    Invitation,
    InvitationSending,
    Membership,
    invitation_expiry,
    invitation_token,
    logo_upload_to,
)
from registry.models.contributions import Contribution, ImpactExample
from registry.models.history import TransitionLog
from registry.models.links import CommunityActivity, CommunityCountry
from registry.models.privacy import ContactVisibility, PrivacyNotice
from registry.models.recognition import (
    Recognition,
    Recommendation,
    RecommendationEvidence,
    ReviewRound,
)
from registry.models.reference import (
    ActivityType,
    Deliverable,
    Function,
    ImpactScale,
    ImpactType,
    Language,
    MemberType,
    Reference,
    Region,
    Scale,
    TaskForce,
    Topic,
)
from registry.models.subscriptions import Subscription
from registry.models.tallies import CommunityTally, Tally
from registry.models.users import FormerRole, User

__all__ = [
    "DESCRIPTION_MAX_LENGTH",
    "NOTE_MAX_LENGTH",
    "ActivityType",
    "AppendOnlyError",
    "AppendOnlyModel",
    "AuditEntry",
    "Community",
    "CommunityActivity",
    "CommunityCountry",
    "ContactVisibility",
    "CommunityQuerySet",
    "Contribution",
    "Deliverable",
    "FormerRole",
    "Function",
    "ImpactExample",
    "ImpactScale",
    "ImpactType",
    "Invitation",
    "InvitationSending",
    "Language",
    "MemberType",
    "Membership",
    "PrivacyNotice",
    "Recognition",
    "Recommendation",
    "RecommendationEvidence",
    "Reference",
    "Region",
    "ReviewRound",
    "Scale",
    "Subscription",
    "Tally",
    "CommunityTally",
    "TaskForce",
    "Topic",
    "TransitionLog",
    "User",
    "invitation_expiry",
    "invitation_token",
    "length_at_most",
    "logo_upload_to",
]
