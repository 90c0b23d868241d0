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
