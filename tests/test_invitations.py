"""Invitations: who may invite, revoke, re-send and accept; at most 20 invitation
e-mails a day per community; only a verified holder of the invited address can
accept; the owners are told when someone accepts."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from registry import services
from registry.models import Community, Invitation, InvitationSending, Membership

ROLES = ["anonymous", "other", "editor", "owner", "secretariat"]
MAY_MANAGE = {"owner", "secretariat"}


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.org")


@pytest.fixture
def community(make_community, owner):
    return make_community("Shared network", owner=owner)


@pytest.fixture
def users(make_user, community, owner, secretariat):
    editor = make_user("editor@example.org")
    Membership.objects.create(user=editor, community=community, role="editor")
    return {
        "anonymous": None,
        "other": make_user("other@example.org"),
        "editor": editor,
        "owner": owner,
        "secretariat": secretariat,
    }


def _invite(client, community, email="friend@example.org", role="editor"):
    return client.post(
        reverse("coordinator:coordinators", args=[community.slug]), {"email": email, "role": role}
    )


def _pending(community, owner, email="friend@example.org"):
    return services.invitation_create(community=community, user=owner, email=email)


def _field_error(response, field="email"):
    match = re.search(rf'id="id_{field}_error">(.*?)</div>', response.content.decode(), re.S)
    return match.group(1) if match else ""


def _accept_url(invitation):
    return reverse("coordinator:invitation_accept", args=[invitation.token])


def _mail_to(sent_mail, address):
    return [message for message in sent_mail() if message.to == [address]]


# --- Who may invite, revoke and re-send -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_an_owner_or_the_secretariat_may_invite(client, community, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    response = _invite(client, community)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    elif role in MAY_MANAGE:
        assert response.status_code == 302
    else:
        assert response.status_code == 404
    assert Invitation.objects.filter(email="friend@example.org").exists() == (role in MAY_MANAGE)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["invitation_revoke", "invitation_resend"])
def test_only_an_owner_or_the_secretariat_may_revoke_or_resend(
    client, community, owner, users, role, action, sent_mail
):
    invitation = _pending(community, owner)
    sent_before = len(sent_mail())
    if users[role] is not None:
        client.force_login(users[role])
    response = client.post(reverse(f"coordinator:{action}", args=[community.slug, invitation.pk]))
    invitation.refresh_from_db()
    changed = (
        invitation.revoked_at is not None
        if action == "invitation_revoke"
        else invitation.sendings.count() == 2
    )
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    elif role in MAY_MANAGE:
        assert response.status_code == 302
    else:
        assert response.status_code == 404
    assert changed == (role in MAY_MANAGE)
    if action == "invitation_resend":
        assert len(sent_mail()) == sent_before + (role in MAY_MANAGE)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["invitation_revoke", "invitation_resend"])
def test_revoke_and_resend_accept_post_only(client, community, owner, action):
    invitation = _pending(community, owner)
    client.force_login(owner)
    url = reverse(f"coordinator:{action}", args=[community.slug, invitation.pk])
    assert client.get(url).status_code == 405
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert invitation.sendings.count() == 1


@pytest.mark.django_db
def test_an_invitation_of_another_community_is_404(client, make_community, community, owner):
    other = make_community("Other network", owner=owner)
    invitation = _pending(other, owner)
    client.force_login(owner)
    for action in ("invitation_revoke", "invitation_resend"):
        url = reverse(f"coordinator:{action}", args=[community.slug, invitation.pk])
        assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.django_db
def test_a_revoked_invitation_link_no_longer_works(client, community, owner, make_user):
    invitation = _pending(community, owner)
    client.force_login(owner)
    page = client.get(reverse("coordinator:coordinators", args=[community.slug])).content.decode()
    revoke = reverse("coordinator:invitation_revoke", args=[community.slug, invitation.pk])
    assert f'action="{revoke}"' in page
    response = client.post(revoke, follow=True)
    assert "is revoked" in response.content.decode()
    assert 'id="pending-heading"' not in response.content.decode()

    friend = make_user("friend@example.org")
    client.force_login(friend)
    assert "no longer valid" in client.get(_accept_url(invitation)).content.decode()
    client.post(_accept_url(invitation))
    assert not Membership.objects.filter(user=friend).exists()
    assert "Shared network" not in client.get(reverse("coordinator:dashboard")).content.decode()


@pytest.mark.django_db
def test_resending_extends_the_expiry_and_sends_the_same_link_again(
    client, community, owner, sent_mail
):
    invitation = _pending(community, owner)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=13),
        expires_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(owner)
    url = reverse("coordinator:invitation_resend", args=[community.slug, invitation.pk])
    response = client.post(url, follow=True)
    assert "is sent again to friend@example.org" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    mails = _mail_to(sent_mail, "friend@example.org")
    assert len(mails) == 2
    assert all(invitation.token in message.body for message in mails)


@pytest.mark.django_db
def test_an_accepted_invitation_cannot_be_revoked_or_resent(
    client, community, owner, make_user, sent_mail
):
    invitation = _pending(community, owner)
    services.invitation_accept(token=invitation.token, user=make_user("friend@example.org"))
    client.force_login(owner)
    for action in ("invitation_revoke", "invitation_resend"):
        url = reverse(f"coordinator:{action}", args=[community.slug, invitation.pk])
        response = client.post(url, follow=True)
        assert "already accepted or revoked" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert invitation.sendings.count() == 1


# --- Verified inviters ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_communitys_owner_with_an_unverified_address_cannot_invite(
    client, make_user, make_community, sent_mail
):
    owner = make_user("new-owner@example.org", verified=False)
    EmailAddress.objects.create(user=owner, email=owner.email, verified=False, primary=True)
    draft = make_community("Draft network", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    response = _invite(client, draft)
    assert response.status_code == 200
    assert "Verify your own e-mail address (new-owner@example.org)" in _field_error(response)
    assert not Invitation.objects.exists()
    assert not _mail_to(sent_mail, "friend@example.org")


@pytest.mark.django_db
def test_a_draft_communitys_owner_with_a_verified_address_can_invite(
    client, make_user, make_community
):
    owner = make_user("new-owner@example.org")
    draft = make_community("Draft network", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    assert _invite(client, draft).status_code == 302
    assert Invitation.objects.filter(community=draft).exists()


@pytest.mark.django_db
def test_a_published_communitys_owner_can_invite_before_verifying(
    client, make_user, make_community
):
    owner = make_user("new-owner@example.org", verified=False)
    published = make_community("Published network", owner=owner)
    client.force_login(owner)
    assert _invite(client, published).status_code == 302
    assert Invitation.objects.filter(community=published).exists()


# --- The daily limit ----------------------------------------------------------------


@pytest.mark.django_db
def test_twenty_invitations_a_day_are_sent_and_the_twenty_first_is_refused(
    client, community, owner, sent_mail
):
    assert services.DAILY_INVITATION_LIMIT == 20
    client.force_login(owner)
    for n in range(1, 21):
        assert _invite(client, community, email=f"friend{n}@example.org").status_code == 302
    page = client.get(reverse("coordinator:coordinators", args=[community.slug]))
    assert "sent in the last 24 hours: 20 of at most 20" in page.content.decode()

    response = _invite(client, community, email="friend21@example.org")
    assert response.status_code == 200
    assert "has sent 20 invitations in the last 24 hours" in _field_error(response)
    assert not Invitation.objects.filter(email="friend21@example.org").exists()
    assert not _mail_to(sent_mail, "friend21@example.org")
    assert InvitationSending.objects.filter(community=community).count() == 20


@pytest.mark.django_db
def test_resending_counts_toward_the_daily_limit(client, community, owner, sent_mail):
    for n in range(1, 20):
        _pending(community, owner, email=f"friend{n}@example.org")
    invitation = Invitation.objects.get(email="friend1@example.org")
    client.force_login(owner)
    url = reverse("coordinator:invitation_resend", args=[community.slug, invitation.pk])
    client.post(url)  # the 20th e-mail
    response = client.post(url, follow=True)  # the 21st
    assert "has sent 20 invitations in the last 24 hours" in response.content.decode()
    assert len(_mail_to(sent_mail, "friend1@example.org")) == 2


@pytest.mark.django_db
def test_replacing_or_revoking_invitations_does_not_reset_the_count(client, community, owner):
    client.force_login(owner)
    for _ in range(20):
        _invite(client, community, email="same@example.org")  # each replaces the last
    assert Invitation.objects.pending().filter(email="same@example.org").count() == 1
    response = _invite(client, community, email="same@example.org")
    assert "has sent 20 invitations" in _field_error(response)


@pytest.mark.django_db
def test_sendings_older_than_a_day_no_longer_count(client, community, owner):
    for n in range(20):
        _pending(community, owner, email=f"friend{n}@example.org")
    InvitationSending.objects.update(sent_at=timezone.now() - timedelta(hours=25))
    client.force_login(owner)
    assert _invite(client, community, email="tomorrow@example.org").status_code == 302


@pytest.mark.django_db
def test_the_limit_is_per_community(client, make_community, community, owner):
    for n in range(20):
        _pending(community, owner, email=f"friend{n}@example.org")
    other = make_community("Other network", owner=owner)
    client.force_login(owner)
    assert _invite(client, other).status_code == 302


# --- Accepting ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_right_verified_address_accepts_in_any_case(client, community, owner, make_user):
    invitation = _pending(community, owner, email="Friend@Example.org")
    friend = make_user("other-primary@example.org")
    EmailAddress.objects.create(user=friend, email="FRIEND@example.org", verified=True)
    client.force_login(friend)
    assert "Accept the invitation" in client.get(_accept_url(invitation)).content.decode()
    assert client.post(_accept_url(invitation)).status_code == 302
    assert Membership.objects.get(user=friend, community=community).role == "editor"


@pytest.mark.django_db
def test_an_unverified_invited_address_cannot_accept_yet(client, community, owner, make_user):
    invitation = _pending(community, owner)
    friend = make_user("friend@example.org", verified=False)
    EmailAddress.objects.create(user=friend, email=friend.email, verified=False, primary=True)
    client.force_login(friend)
    html = client.get(_accept_url(invitation)).content.decode()
    assert "sent to friend@example.org, which is not a verified address" in html
    assert f'href="{reverse("account_email")}"' in html
    assert "Accept the invitation</button>" not in html
    response = client.post(_accept_url(invitation), follow=True)
    assert (
        "sent to friend@example.org, which is not a verified address" in response.content.decode()
    )
    assert not Membership.objects.filter(user=friend).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
def test_another_account_cannot_accept(client, community, owner, make_user):
    invitation = _pending(community, owner)
    stranger = make_user("stranger@example.org")
    client.force_login(stranger)
    html = client.get(_accept_url(invitation)).content.decode()
    assert "sent to friend@example.org" in html
    response = client.post(_accept_url(invitation), follow=True)
    assert "Add friend@example.org on your account" in response.content.decode()
    assert not Membership.objects.filter(user=stranger).exists()
    invitation.refresh_from_db()
    assert invitation.is_usable  # still there for the right person


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in_before_accepting(client, community, owner):
    invitation = _pending(community, owner)
    response = client.post(_accept_url(invitation))
    assert response["Location"].startswith(reverse("account_login"))
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
def test_the_owners_are_told_when_an_invitation_is_accepted(
    client, community, owner, make_user, sent_mail
):
    second_owner = make_user("second-owner@example.org")
    Membership.objects.create(user=second_owner, community=community, role="owner")
    invitation = _pending(community, owner)
    friend = make_user("friend@example.org")
    client.force_login(friend)
    client.post(_accept_url(invitation))
    for address in ("owner@example.org", "second-owner@example.org"):
        (notice,) = _mail_to(sent_mail, address)
        assert "A new co-coordinator for Shared network" in notice.subject
        assert (
            'friend@example.org accepted the invitation and now coordinates "Shared network"'
            in (notice.body)
        )
        assert f"/my/communities/{community.slug}/coordinators/" in notice.body
    assert all("co-coordinator" not in m.subject for m in _mail_to(sent_mail, "friend@example.org"))


# --- Bad input ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "role", "field", "message"),
    [
        ("", "editor", "email", "Enter the e-mail address of the person to invite."),
        ("not-an-address", "editor", "email", "Enter a valid email address."),
        ("a\x00b@example.org", "editor", "email", "Null characters are not allowed."),
        ("x" * 250 + "@example.org", "editor", "email", "Ensure this value has at most"),
        ("friend@example.org", "admin", "role", "Choose a valid role."),
        ("friend@example.org", "\x00", "role", "Choose a valid role."),
        ("owner@example.org", "editor", "email", "already coordinates the community"),
    ],
)
def test_bad_input_on_the_invitation_form_shows_a_message_and_saves_nothing(
    client, community, owner, email, role, field, message, sent_mail
):
    client.force_login(owner)
    response = _invite(client, community, email=email, role=role)
    assert response.status_code == 200
    assert message in _field_error(response, field)
    assert not Invitation.objects.exists()
    assert not InvitationSending.objects.exists()
    assert not sent_mail()


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["0", "999999", "abc", "%00"])
def test_bad_invitation_ids_on_revoke_and_resend_are_404(client, community, owner, pk):
    client.force_login(owner)
    for action in ("revoke", "resend"):
        url = f"/my/communities/{community.slug}/invitations/{pk}/{action}/"
        assert client.post(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["not-a-token", "%00", "x" * 300, "'"])
def test_bad_invitation_tokens_are_404(client, community, owner, make_user, token):
    _pending(community, owner)
    client.force_login(make_user("friend@example.org"))
    url = f"/my/invitations/{token}/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Membership.objects.filter(user__email="friend@example.org").exists()
