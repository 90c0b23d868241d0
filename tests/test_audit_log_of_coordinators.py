"""Every change of a community's coordinators is on the audit log: who, when, what."""
# ruff: noqa: E501  (the expected audit rows read best one to a line)

import pytest
from django.test import Client
from django.urls import reverse

from registry.models import Invitation, Membership
from registry.models.audit import AuditEntry


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def entries(community):
    return list(
        AuditEntry.objects.filter(community=community)
        .order_by("pk")
        .values_list("actor__email", "action", "user__email", "detail")
    )


@pytest.mark.django_db
def test_inviting_resending_revoking_and_accepting_are_logged(make_user, make_community):
    owner = make_user("owner@example.org")
    community = make_community("Shared network", owner=owner)
    friend = make_user("friend@example.org")
    client = signed_in(owner)
    coordinators = reverse("coordinator:coordinators", args=[community.slug])

    client.post(coordinators, {"email": "friend@example.org", "role": "editor"})
    invitation = Invitation.objects.get(email="friend@example.org")
    client.post(reverse("coordinator:invitation_resend", args=[community.slug, invitation.pk]))
    signed_in(friend).post(reverse("coordinator:invitation_accept", args=[invitation.token]))
    client.post(coordinators, {"email": "other@example.org", "role": "owner"})
    other = Invitation.objects.get(email="other@example.org")
    client.post(reverse("coordinator:invitation_revoke", args=[community.slug, other.pk]))

    assert entries(community) == [
        ("owner@example.org", "invited", None, "friend@example.org as editor"),
        ("owner@example.org", "invitation_resent", None, "friend@example.org"),
        ("friend@example.org", "invitation_accepted", "friend@example.org", "friend@example.org as editor"),
        ("owner@example.org", "invited", None, "other@example.org as owner"),
        ("owner@example.org", "invitation_revoked", None, "other@example.org"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_role_changes_hand_over_and_removal_are_logged(make_user, make_community):
    owner = make_user("owner@example.org")
    community = make_community("Shared network", owner=owner)
    editor = make_user("editor@example.org")
    leaver = make_user("leaver@example.org")
    for person in (editor, leaver):
        Membership.objects.create(user=person, community=community, role="editor")
    client = signed_in(owner)
    membership = Membership.objects.get(user=editor)

    client.post(
        reverse("coordinator:membership_role", args=[community.slug, membership.pk]),
        {"role": "owner"},
    )
    client.post(
        reverse("coordinator:membership_role", args=[community.slug, membership.pk]),
        {"role": "editor"},
    )
    client.post(reverse("coordinator:ownership_hand_over", args=[community.slug, membership.pk]))
    signed_in(leaver).post(reverse("coordinator:community_leave", args=[community.slug]))
    owner_membership = Membership.objects.get(user=owner)
    signed_in(editor).post(
        reverse("coordinator:membership_remove", args=[community.slug, owner_membership.pk])
    )

    assert entries(community) == [
        ("owner@example.org", "coordinator_role_changed", "editor@example.org", "editor → owner"),
        ("owner@example.org", "coordinator_role_changed", "editor@example.org", "owner → editor"),
        ("owner@example.org", "ownership_handed_over", "editor@example.org", "from owner@example.org"),
        ("leaver@example.org", "coordinator_removed", "leaver@example.org", "left"),
        ("editor@example.org", "coordinator_removed", "owner@example.org", "was editor"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_refused_change_leaves_no_audit_entry(make_user, make_community):
    owner = make_user("owner@example.org")
    community = make_community("Shared network", owner=owner)
    only_owner = Membership.objects.get(user=owner)
    signed_in(owner).post(
        reverse("coordinator:membership_role", args=[community.slug, only_owner.pk]),
        {"role": "editor"},
    )
    assert Membership.objects.get(user=owner).role == "owner"
    assert entries(community) == []
