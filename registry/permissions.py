"""Who may do what: DESIGN.md's table, as predicates.

Staff roles come from Django groups and their model permissions ("Task force",
"Bureau", "Secretariat"); every rule asks for a permission, never a group's name.
Coordinator rights are object-level, from Membership.
Every view, admin page and service asks these functions, on every request; and
every read of communities, or of what hangs off them, narrows its QuerySet with
the ``visible_*`` functions below, so who sees what is decided here once.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q

from registry.models import (
    Community,
    ContactVisibility,
    Contribution,
    ImpactExample,
    Membership,
    Recognition,
)
from registry.models.communities import public_condition

# Each staff role is recognised by the right that defines it, never by its group's
# name: the Secretariat may rename groups, and renaming changes nothing.
MODERATES = "registry.moderate_community"
RECOMMENDS = "registry.submit_recommendation"
DECIDES = "registry.decide_recommendation"


def _may(user, permission):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(permission))


def _holds(user, permission):
    """The permission granted to the person (by a role or directly), not merely implied by
    superuser status: recommending and deciding are acts of the task forces and the Bureau."""
    if not _may(user, permission):
        return False
    if not user.is_superuser:
        return True
    cache = getattr(user, "_registry_granted", None)
    if cache is None:
        granted = Permission.objects.filter(Q(group__user=user) | Q(user=user)).values_list(
            "content_type__app_label", "codename"
        )
        cache = user._registry_granted = {f"{app}.{code}" for app, code in granted}
    return permission in cache


def role_in(user, community):
    """The user's Membership role in the community, or None."""
    if user is None or not user.is_authenticated or community is None or community.pk is None:
        return None
    cache = getattr(user, "_registry_roles", None)
    if cache is None:
        cache = {}
        user._registry_roles = cache
    if community.pk not in cache:
        cache[community.pk] = (
            Membership.objects.filter(user=user, community=community)
            .values_list("role", flat=True)
            .first()
        )
    return cache[community.pk]


def forget(user):
    """Drop cached roles after a membership change within one request."""
    for attribute in (
        "_registry_roles",
        "_registry_granted",
        "_perm_cache",
        "_group_perm_cache",
        "_user_perm_cache",
    ):
        if hasattr(user, attribute):
            delattr(user, attribute)


def is_coordinator(user, community):
    """A coordinator of the community (owner or editor)."""
    return role_in(user, community) is not None


def is_owner(user, community):
    """An owner of the community."""
    return role_in(user, community) == Membership.Role.OWNER


# --- Who sees what ----------------------------------------------------------------------
#
# One rule for communities and for everything that hangs off them (contributions,
# impact examples, recognitions; their pages, feeds, exports, the API): everyone sees a
# published community, its coordinators see it in any status, and those who may moderate
# see every one. ``user=None`` asks what the public sees (feeds, exports, sitemaps).


def community_visibility(user, path=""):
    """The rule as a condition (Q) on communities, reached from the model being read by
    ``path`` (e.g. "community__"): for filters, annotations and subqueries."""
    if can_moderate_community(user):
        return Q()
    condition = public_condition(path)
    if user is not None and user.is_authenticated:
        coordinated = Membership.objects.filter(user=user).values("community_id")
        condition |= Q(**{f"{path}pk__in": coordinated})
    return condition


def visible_communities(user, queryset=None):
    """The communities ``user`` may see, from ``queryset`` (default: all of them)."""
    if queryset is None:
        queryset = Community.objects.all()
    return queryset.filter(community_visibility(user))


def visible_contributions(user, queryset=None):
    """The contributions of the communities ``user`` may see."""
    if queryset is None:
        queryset = Contribution.objects.all()
    return queryset.filter(community_visibility(user, "community__"))


def visible_impact_examples(user, queryset=None):
    """The examples of IPBES impact of the communities ``user`` may see."""
    if queryset is None:
        queryset = ImpactExample.objects.all()
    return queryset.filter(community_visibility(user, "community__"))


def visible_recognitions(user, queryset=None):
    """The recognitions (active or withdrawn) of the communities ``user`` may see."""
    if queryset is None:
        queryset = Recognition.objects.all()
    return queryset.filter(community_visibility(user, "community__"))


def can_view_community(user, community):
    """Whether ``user`` may see this community (its page, its contributions and impact
    examples): the same rule as ``visible_communities``, asked of one row."""
    if community is None or community.pk is None:
        return False
    return visible_communities(user, Community.objects.filter(pk=community.pk)).exists()


def contact_email_for(user, community):
    """The community's contact address as ``user`` may see it, or "": everyone when the
    community chose "everyone" (``Community.public_contact_email``, the only form of it
    exports, feeds, the API and JSON-LD use), signed-in people when it chose them, and
    always its coordinators and the Secretariat. Others write through the contact form."""
    if not community.contact_email:
        return ""
    if community.public_contact_email:
        return community.public_contact_email
    signed_in = bool(user and user.is_authenticated and user.is_active)
    if signed_in and community.contact_visibility == ContactVisibility.SIGNED_IN:
        return community.contact_email
    if signed_in and can_coordinate(user, community):
        return community.contact_email
    return ""


def can_coordinate(user, community):
    """See a community's page in the coordinators' workspace: its coordinators and the
    Secretariat."""
    return is_coordinator(user, community) or can_moderate_community(user)


def can_register_community(user):
    """Any signed-in user may register a new community."""
    return bool(user and user.is_authenticated and user.is_active)


def can_edit_community(user, community):
    """Edit a community, its contributions and impact examples: owner, editor or Secretariat."""
    if community.status == Community.Status.ARCHIVED and not can_moderate_community(user):
        return False
    return is_coordinator(user, community) or can_moderate_community(user)


def can_manage_community(user, community):
    """Manage coordinators and submit for review: an owner, or the Secretariat."""
    return is_owner(user, community) or can_moderate_community(user)


def can_submit_community(user, community):
    """Submit for the Secretariat's review: who manages the community."""
    return can_manage_community(user, community)


def can_moderate_community(user):
    """Publish, return or re-publish: the Secretariat only."""
    return _may(user, MODERATES)


def can_archive_community(user, community):
    """Archive: an owner, or the Secretariat."""
    return is_owner(user, community) or can_moderate_community(user)


def can_recommend(user):
    """Create and submit recommendations: task force members."""
    return _holds(user, RECOMMENDS)


def can_decide(user):
    """Endorse, decline or defer a recommendation, withdraw a recognition: the Bureau."""
    return _holds(user, DECIDES)


def can_withdraw_recognition(user):
    """Withdraw a recognition, with a reason: the Bureau."""
    return _holds(user, "registry.withdraw_recognition")


def can_manage_rounds(user):
    """Open and close review rounds: the Bureau and the Secretariat."""
    return _may(user, "registry.change_reviewround")


def can_review(user):
    """A round's review page and dossier: the Bureau, and the Secretariat read-only."""
    return can_decide(user) or can_manage_rounds(user)


def can_edit_reference_data(user):
    """Reference data, users and groups: the Secretariat."""
    return can_moderate_community(user) and _may(user, "registry.change_topic")


# --- Roles and accounts (separation of duties) ---------------------------------------

# A role (group) that carries any of these rights is given or taken by a superuser only,
# and only a superuser edits an account that holds one: no one who may decide
# recognitions, moderate, or manage accounts can hand that right to themselves or others.
SUPERUSER_GRANTED_PERMISSIONS = frozenset(
    {
        "registry.decide_recommendation",
        "registry.withdraw_recognition",
        "registry.moderate_community",
        "registry.add_user",
        "registry.change_user",
        "auth.add_group",
        "auth.change_group",
    }
)


def role_permissions(group):
    """The group's permissions as "app_label.codename" strings."""
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def is_superuser_granted(group):
    """Whether giving or taking this role is for a superuser only (by its rights, not its name)."""
    return bool(role_permissions(group) & SUPERUSER_GRANTED_PERMISSIONS)


def holds_superuser_granted_role(account):
    """A superuser, or a member of a role that only a superuser grants."""
    if account.is_superuser:
        return True
    return any(is_superuser_granted(group) for group in account.groups.all())


def can_manage_accounts(user):
    """Add staff users, give or take the roles that carry no deciding rights: the Secretariat."""
    return _may(user, "registry.change_user")


def can_change_account(user, account):
    """Edit someone's account in the admin. Only a superuser edits an account that holds
    a superuser-granted role (so its password cannot be reset to act as that person)."""
    if not can_manage_accounts(user):
        return False
    if user.is_superuser or account is None or account.pk is None:
        return True
    if account.pk == user.pk:
        return True  # one's own name and address; roles stay read-only (below)
    return not holds_superuser_granted_role(account)


def can_change_roles_of(user, account):
    """Change someone's roles or staff status: never one's own."""
    if not can_manage_accounts(user):
        return False
    return account is None or account.pk is None or account.pk != user.pk


def can_grant_role(user, group):
    """Give or take one role: a superuser any; the Secretariat those without deciding rights."""
    if not can_manage_accounts(user):
        return False
    return user.is_superuser or not is_superuser_granted(group)


def can_edit_role_permissions(user):
    """Change which rights a role carries: superusers only."""
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)
