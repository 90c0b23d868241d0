"""Co-coordinators: invite by e-mail, accept with the single-use link, change
roles, remove, hand over ownership; a community always keeps an owner."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Invitation, Membership


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.org")


@pytest.fixture
def community(make_community, owner):
    return make_community("Shared network", owner=owner)


def _invite(client, community, email="friend@example.org", role="editor"):
    return client.post(
        reverse("coordinator:coordinators", args=[community.slug]), {"email": email, "role": role}
    )


@pytest.mark.django_db
def test_invitation_mail_links_to_a_page_that_makes_the_invitee_a_coordinator(
    client, owner, community, make_user, sent_mail
):
    client.force_login(owner)
    assert _invite(client, community).status_code == 302
    mail = [m for m in sent_mail() if m.to == ["friend@example.org"]][-1]
    path = re.search(r"http://testserver(/my/invitations/[^/\s]+/)", mail.body).group(1)

    friend = make_user("friend@example.org")
    client.force_login(friend)
    page = client.get(path)
    assert page.status_code == 200
    assert "Accept the invitation" in page.content.decode()
    assert not Membership.objects.filter(user=friend).exists()  # GET changes nothing
    response = client.post(path)
    assert response.status_code == 302
    assert Membership.objects.get(user=friend, community=community).role == "editor"
    # Single use.
    assert client.post(path).status_code == 302
    assert "no longer valid" in client.get(path).content.decode()


@pytest.mark.django_db
def test_anonymous_visitor_is_asked_to_sign_in_or_sign_up_and_comes_back(client, owner, community):
    invitation = Invitation.objects.create(community=community, email="new@example.org")
    path = reverse("coordinator:invitation_accept", args=[invitation.token])
    html = client.get(path).content.decode()
    assert f'href="/accounts/login/?next={path.replace("/", "%2F")}"' in html
    assert f'href="/accounts/signup/?next={path.replace("/", "%2F")}"' in html
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
def test_an_expired_or_unknown_invitation_is_refused(client, community, make_user):
    invitation = Invitation.objects.create(community=community, email="late@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=30),
        expires_at=timezone.now() - timedelta(days=1),
    )
    late = make_user("late@example.org")
    client.force_login(late)
    path = reverse("coordinator:invitation_accept", args=[invitation.token])
    assert "no longer valid" in client.get(path).content.decode()
    response = client.post(path, follow=True)
    assert "no longer valid" in response.content.decode()
    assert not Membership.objects.filter(user=late).exists()
    unknown = reverse("coordinator:invitation_accept", args=["not-a-token"])
    assert client.get(unknown).status_code == 404


@pytest.mark.django_db
def test_pending_invitations_appear_on_the_invitees_dashboard(client, owner, community, make_user):
    Invitation.objects.create(community=community, email="friend@example.org", role="owner")
    client.force_login(make_user("friend@example.org"))
    html = client.get(reverse("coordinator:dashboard")).content.decode()
    assert "You are invited to coordinate “Shared network” as owner." in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the e-mail address of the person to invite."),
        ("not-an-address", "Enter a valid email address."),
        ("owner@example.org", "This person already coordinates the community."),
    ],
)
def test_bad_invitations_show_a_message_on_the_field(client, owner, community, email, message):
    client.force_login(owner)
    response = _invite(client, community, email=email)
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(r'id="id_email_error">(.*?)</div>', html, re.S).group(1)
    assert message in errors
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_a_bad_role_is_refused(client, owner, community):
    client.force_login(owner)
    response = _invite(client, community, role="admin")
    assert response.status_code == 200
    assert 'id="id_role_error"' in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_the_last_owner_cannot_step_down_or_be_removed(client, owner, community):
    membership = Membership.objects.get(user=owner, community=community)
    client.force_login(owner)
    role_url = reverse("coordinator:membership_role", args=[community.slug, membership.pk])
    response = client.post(role_url, {"role": "editor"}, follow=True)
    assert "must keep at least one owner" in response.content.decode()
    remove_url = reverse("coordinator:membership_remove", args=[community.slug, membership.pk])
    response = client.post(remove_url, follow=True)
    assert "must keep at least one owner" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == "owner"


@pytest.mark.django_db
def test_owner_changes_a_role_and_removes_a_coordinator(client, owner, community, make_user):
    helper = Membership.objects.create(user=make_user(), community=community, role="editor")
    client.force_login(owner)
    url = reverse("coordinator:membership_role", args=[community.slug, helper.pk])
    assert client.post(url, {"role": "owner"}).status_code == 302
    helper.refresh_from_db()
    assert helper.role == "owner"
    url = reverse("coordinator:membership_remove", args=[community.slug, helper.pk])
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=helper.pk).exists()


@pytest.mark.django_db
def test_handing_over_ownership_makes_the_owner_an_editor(client, owner, community, make_user):
    helper = Membership.objects.create(user=make_user(), community=community, role="editor")
    client.force_login(owner)
    url = reverse("coordinator:ownership_hand_over", args=[community.slug, helper.pk])
    assert client.post(url).status_code == 302
    helper.refresh_from_db()
    assert helper.role == "owner"
    assert Membership.objects.get(user=owner, community=community).role == "editor"
    # The former owner no longer manages coordinators.
    page = client.get(reverse("coordinator:coordinators", args=[community.slug]))
    assert page.status_code == 404


@pytest.mark.django_db
def test_an_editor_can_leave_but_the_last_owner_cannot(client, owner, community, make_user):
    editor = make_user()
    Membership.objects.create(user=editor, community=community, role="editor")
    client.force_login(editor)
    url = reverse("coordinator:community_leave", args=[community.slug])
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(user=editor).exists()
    client.force_login(owner)
    response = client.post(url, follow=True)
    assert "must keep at least one owner" in response.content.decode()
    assert Membership.objects.filter(user=owner).exists()


@pytest.mark.django_db
def test_coordinators_page_lists_members_and_pending_invitations(client, owner, community):
    Invitation.objects.create(community=community, email="pending@example.org")
    client.force_login(owner)
    html = client.get(reverse("coordinator:coordinators", args=[community.slug])).content.decode()
    assert "owner@example.org" in html
    assert "pending@example.org" in html


@pytest.mark.django_db
def test_a_new_user_signing_up_from_the_invitation_returns_to_it(client, community, sent_mail):
    from tests.conftest import PASSWORD

    invitation = Invitation.objects.create(community=community, email="newcomer@example.org")
    path = reverse("coordinator:invitation_accept", args=[invitation.token])
    client.post(
        reverse("account_signup") + "?next=" + path,
        {"display_name": "Nia Newcomer", "email": "newcomer@example.org",
         "password1": PASSWORD, "password2": PASSWORD, "next": path},
    )  # fmt: skip
    mail = [m for m in sent_mail() if m.to == ["newcomer@example.org"]][-1]
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mail.body).group(1)
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == path
    client.post(path)
    assert Membership.objects.filter(community=community, user__email="newcomer@example.org")


@pytest.mark.django_db
def test_an_unknown_role_is_refused_with_a_message(client, owner, community, make_user):
    helper = Membership.objects.create(user=make_user(), community=community, role="editor")
    client.force_login(owner)
    url = reverse("coordinator:membership_role", args=[community.slug, helper.pk])
    response = client.post(url, {"role": "superuser"}, follow=True)
    assert "Choose a valid role." in response.content.decode()
    helper.refresh_from_db()
    assert helper.role == "editor"
