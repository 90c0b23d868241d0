"""Forms people fill in outside the admin (the admin's own are registry/admin/forms.py).

- ``coordinators``: the community, its contributions and impact examples, invitations,
  roles and archiving (ModelForms relying on the model's validation).
- ``subscriptions``: following a list by e-mail.
- ``privacy``: a community's contact form, the confirmation of deleting one's account.
"""

from registry.forms.coordinators import (
    ArchiveForm,
    CommunityForm,
    ContributionForm,
    ImpactExampleForm,
    ImpactTrackForm,
    InvitationForm,
    ProfileForm,
    RoleForm,
)
from registry.forms.privacy import AccountDeleteForm, ContactForm
from registry.forms.subscriptions import SubscriptionForm

__all__ = [
    "AccountDeleteForm",
    "ArchiveForm",
    "CommunityForm",
    "ContactForm",
    "ContributionForm",
    "ImpactExampleForm",
    "ImpactTrackForm",
    "InvitationForm",
    "ProfileForm",
    "RoleForm",
    "SubscriptionForm",
]
