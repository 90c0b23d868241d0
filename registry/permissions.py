"""Who may do what: DESIGN.md's table, as predicates.

Staff roles come from Django groups and their model permissions ("Task force",
"Bureau", "Secretariat"); coordinator rights are object-level, from Membership.
Every view, admin page and service asks these functions, on every request.
"""

from registry.models import Community, Membership

TASK_FORCE = "Task force"
BUREAU = "Bureau"
SECRETARIAT = "Secretariat"


def _in_group(user, name):
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cache = getattr(user, "_registry_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._registry_groups = cache
    return name in cache


def is_secretariat(user):
    """The Secretariat (or a superuser) moderates communities and keeps reference data."""
    return bool(user and user.is_authenticated and user.is_superuser) or _in_group(
        user, SECRETARIAT
    )


def is_task_force(user):
    """A member of an IPBES task force."""
    return _in_group(user, TASK_FORCE)


def is_bureau(user):
    """A member of the IPBES Bureau."""
    return _in_group(user, BUREAU)


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
    for attribute in ("_registry_roles", "_registry_groups"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def is_coordinator(user, community):
    return role_in(user, community) is not None


def is_owner(user, community):
    return role_in(user, community) == Membership.Role.OWNER


def can_view_community(user, community):
    """Anyone sees a published community; otherwise only its coordinators and the Secretariat."""
    if community.status == Community.Status.PUBLISHED:
        return True
    return is_coordinator(user, community) or is_secretariat(user)


def can_register_community(user):
    """Any signed-in user may register a new community."""
    return bool(user and user.is_authenticated and user.is_active)


def can_edit_community(user, community):
    """Edit a community, its contributions and impact examples: owner, editor or Secretariat."""
    if community.status == Community.Status.ARCHIVED and not is_secretariat(user):
        return False
    return is_coordinator(user, community) or is_secretariat(user)


def can_manage_community(user, community):
    """Manage coordinators and submit for review: an owner, or the Secretariat."""
    return is_owner(user, community) or is_secretariat(user)


def can_submit_community(user, community):
    return can_manage_community(user, community)


def can_moderate_community(user):
    """Publish, return or re-publish: the Secretariat only."""
    return is_secretariat(user) or bool(
        user and user.is_authenticated and user.has_perm("registry.moderate_community")
    )


def can_archive_community(user, community):
    """Archive: an owner, or the Secretariat."""
    return is_owner(user, community) or can_moderate_community(user)


def can_recommend(user):
    """Create and submit recommendations: task force members."""
    return is_task_force(user) and user.has_perm("registry.submit_recommendation")


def can_decide(user):
    """Endorse, decline or defer a recommendation, withdraw a recognition: the Bureau."""
    return is_bureau(user) and user.has_perm("registry.decide_recommendation")


def can_withdraw_recognition(user):
    return is_bureau(user) and user.has_perm("registry.withdraw_recognition")


def can_manage_rounds(user):
    """Open and close review rounds: the Bureau and the Secretariat."""
    return (is_bureau(user) or is_secretariat(user)) and user.has_perm(
        "registry.change_reviewround"
    )


def can_edit_reference_data(user):
    """Reference data, users and groups: the Secretariat."""
    return is_secretariat(user)


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
    return _active(user) and user.has_perm("registry.change_user")


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
    return _active(user) and user.is_superuser


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)
