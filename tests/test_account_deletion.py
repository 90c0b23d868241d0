"""Deleting an account: by the person (password; second factor for an account with one)
or by the Secretariat; refused for a last owner; the record kept and nameless, nothing
else about the person left anywhere."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.urls import reverse
from mailer.models import Message

from registry import services
from registry.models import (
    AuditEntry,
    Community,
    Invitation,
    Membership,
    Subscription,
    TransitionLog,
    User,
)
from registry.models.communities import Membership as Role
from tests.conftest import PASSWORD

NAME = "Wilhelmina Departing"
ADDRESS = "wilhelmina.departing@example.org"
SECOND_ADDRESS = "w.d.private@example.net"


def _community_data(**overrides):
    from registry.models import Topic

    data = {
        "name": "Leaving Pollinators Network",
        "summary": "A network about pollinators.",
        "contact_email": ADDRESS,
        "topics": [Topic.objects.get(slug="pollination").pk],
    }
    data.update(overrides)
    return data


def _text_columns():
    """(model, field name) of every text column of every model."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield model, field.attname


def _places_mentioning(*needles):
    found = []
    for model, column in _text_columns():
        manager = model._base_manager
        for needle in needles:
            if manager.filter(**{f"{column}__icontains": needle}).exists():
                found.append(f"{model._meta.label}.{column} ~ {needle}")
    return found


@pytest.fixture
def leaving(make_user):
    user = make_user(ADDRESS, name=NAME)
    EmailAddress.objects.create(user=user, email=SECOND_ADDRESS, verified=True, primary=False)
    return user


def _delete_page(client):
    return client.post(reverse("coordinator:account_delete"), {"password": PASSWORD})


@pytest.mark.django_db
def test_a_coordinator_who_leaves_downloads_hands_over_deletes_and_is_nowhere(
    client, leaving, make_user, secretariat
):
    # Registers a community (its history names them), has it published, invites a
    # co-coordinator, follows a list, and gets mail queued.
    client.force_login(leaving)
    client.post(reverse("coordinator:community_create"), _community_data())
    community = Community.objects.get(name="Leaving Pollinators Network")
    services.community_submit(community=community, user=leaving)
    services.community_publish(community=community, user=secretariat)
    helper = make_user("helper@example.org", name="Helper Person")
    invitation = services.invitation_create(
        community=community, user=leaving, email="helper@example.org"
    )
    services.invitation_accept(token=invitation.token, user=helper)
    Subscription.objects.create(
        email=SECOND_ADDRESS,
        kind="communities",
        language="en",
        confirmation_sent_at=community.created_at,
    )
    Invitation.objects.create(community=community, email=SECOND_ADDRESS, invited_by=helper)

    # Their data first.
    download = client.get(reverse("coordinator:account_data"))
    assert download.status_code == 200
    assert json.loads(download.content)["account"]["email"] == ADDRESS

    # Refused while they are the last owner: the page says why and the way out.
    refused = _delete_page(client)
    assert refused.status_code == 200
    assert "last owner" in refused.content.decode()
    assert User.objects.filter(pk=leaving.pk, deleted_at__isnull=True).exists()

    # They hand over, then delete.
    to = Membership.objects.get(community=community, user=helper)
    client.post(reverse("coordinator:ownership_hand_over", args=[community.slug, to.pk]))
    mail.outbox.clear()
    response = _delete_page(client)
    assert response.status_code == 302 and response["Location"] == reverse("registry:home")

    # Signed out, and the account is a nameless row the record points to.
    assert "_auth_user_id" not in client.session
    former = User.objects.get(pk=leaving.pk)
    assert former.deleted_at is not None and not former.is_active
    assert str(former) == "a former coordinator"
    assert not former.has_usable_password()

    # Nothing about them is left, in any text column of any table.
    assert _places_mentioning(ADDRESS, SECOND_ADDRESS, NAME) == []
    assert not EmailAddress.objects.filter(user=former).exists()
    assert not Membership.objects.filter(user=former).exists()
    assert not Subscription.objects.filter(email__iexact=SECOND_ADDRESS).exists()
    assert not Invitation.objects.filter(email__iexact=SECOND_ADDRESS).exists()

    # The community's history still reads truthfully, naming a former coordinator.
    transitions = TransitionLog.objects.filter(community=community).order_by("at", "pk")
    assert [(str(t.actor), t.to_status) for t in transitions][:3] == [
        ("a former coordinator", "draft"),
        ("a former coordinator", "submitted"),
        (str(secretariat), "published"),
    ]
    handed = AuditEntry.objects.get(action=AuditEntry.Action.OWNERSHIP_HANDED_OVER)
    assert handed.actor == former and handed.detail == "from a former coordinator"
    assert community.history.earliest().history_user == former
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ACCOUNT_DELETED).exists()
    community.refresh_from_db()
    assert community.contact_email == "" and community.is_public
    assert Membership.objects.get(community=community, user=helper).role == Role.Role.OWNER


@pytest.mark.django_db
def test_the_last_owner_of_a_draft_is_told_to_hand_it_over_not_to_archive_it(
    client, leaving, make_community
):
    """Only a published community can be archived: for a draft the way out the page
    gives is a hand-over, with a link to its coordinators page to invite one first."""
    draft = make_community("Unfinished Draft Network", owner=leaving, status="draft")
    published = make_community("Running Network", owner=leaving)
    client.force_login(leaving)
    page = client.get(reverse("coordinator:account")).content.decode()
    refusal = services.account_deletion_refusal(leaving)
    assert "“Running Network”. Hand ownership over" in refusal
    assert "or archive the community" in refusal
    assert "“Unfinished Draft Network”, not published, which cannot be archived" in refusal
    assert "invite one as an owner" in refusal
    for community in (draft, published):
        assert reverse("coordinator:coordinators", args=[community.slug]) in page
    # Refused on the deletion page too, and nothing is deleted.
    assert "cannot be archived" in _delete_page(client).content.decode()
    assert User.objects.filter(pk=leaving.pk, deleted_at__isnull=True).exists()


@pytest.mark.django_db
def test_deleting_is_refused_for_the_last_owner_and_allowed_for_an_archived_community(
    leaving, make_community
):
    community = make_community(owner=leaving)
    with pytest.raises(services.TransitionNotAllowed, match="last owner"):
        services.account_delete(user=leaving)
    Community.objects.filter(pk=community.pk).update(status=Community.Status.ARCHIVED)
    assert services.account_delete(user=leaving) is None  # nothing in the record: row gone
    assert not User.objects.filter(pk=leaving.pk).exists()


@pytest.mark.django_db
def test_an_owner_among_several_owners_may_delete(leaving, make_user, make_community):
    community = make_community(owner=leaving)
    Membership.objects.create(user=make_user(), community=community, role=Role.Role.OWNER)
    assert services.account_deletion_refusal(leaving) is None


@pytest.mark.django_db
def test_a_wrong_or_missing_password_deletes_nothing(client, leaving):
    client.force_login(leaving)
    url = reverse("coordinator:account_delete")
    for data, error in (
        ({"password": "not-my-password"}, "This is not your password."),
        ({"password": ""}, "Enter your password to confirm."),
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert error in response.content.decode()
    assert User.objects.filter(pk=leaving.pk, deleted_at__isnull=True).exists()
    assert EmailAddress.objects.filter(user=leaving).count() == 2


@pytest.mark.django_db
def test_the_delete_page_needs_a_signed_in_person(client):
    response = client.get(reverse("coordinator:account_delete"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_an_account_with_a_second_factor_must_use_it_before_deleting(client, make_user):
    staff = make_user("staff.leaving@example.org", groups=["Secretariat"])
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    url = reverse("coordinator:account_delete")
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert User.objects.get(pk=staff.pk).deleted_at is None
    # Having just used the second factor (as allauth.mfa records it), the password suffices.
    import time

    session = client.session
    session["account_authentication_methods_user"] = str(staff.pk)
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "totp", "at": time.time(), "reauthenticated": True}
    ]
    session.save()
    assert client.post(url, {"password": PASSWORD}).status_code == 302
    # Nothing in the record named them: the row itself is gone, its authenticator too.
    assert not User.objects.filter(pk=staff.pk).exists()
    assert not Authenticator.objects.exists()


@pytest.mark.django_db
def test_deleting_ends_every_session_and_drops_mail_queued_to_the_person(leaving, client):
    other = type(client)()
    client.force_login(leaving)
    other.force_login(leaving)
    SocialAccount.objects.create(user=leaving, provider="orcid", uid="0000-0002-1825-0097")
    from mailer import send_mail

    send_mail("Hello", "Queued for you", "registry@example.org", [SECOND_ADDRESS])
    send_mail("Hello", "Queued for someone else", "registry@example.org", ["else@example.org"])
    assert Session.objects.count() == 2
    services.account_delete(user=leaving)
    assert Session.objects.count() == 0
    assert [m.to_addresses for m in Message.objects.all()] == [["else@example.org"]]
    assert not SocialAccount.objects.exists()
    assert other.get(reverse("coordinator:dashboard")).status_code == 302


@pytest.mark.django_db
def test_a_bureau_member_is_named_a_former_member_of_the_bureau(bureau, make_community):
    community = make_community()
    TransitionLog.objects.create(community=community, actor=bureau, to_status="published")
    former = services.account_delete(user=bureau)
    assert str(former) == "a former member of the Bureau"
    assert former.email.endswith("@deleted.invalid") and former.display_name == ""
    assert not former.groups.exists()


@pytest.mark.django_db
def test_the_secretariat_deletes_an_account_on_request_and_the_audit_log_says_so(
    client, secretariat, leaving
):
    client.force_login(secretariat)
    changelist = reverse("admin:registry_user_changelist")
    data = {"action": "delete_accounts_on_request", "_selected_action": [leaving.pk]}
    confirm = client.post(changelist, data)
    assert confirm.status_code == 200 and ADDRESS in confirm.content.decode()
    assert User.objects.filter(pk=leaving.pk).exists()
    done = client.post(changelist, {**data, "post": "yes"})
    assert done.status_code == 302
    assert not User.objects.filter(pk=leaving.pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCOUNT_DELETED)
    assert entry.actor == secretariat and entry.user is None
    assert _places_mentioning(ADDRESS, NAME) == []


@pytest.mark.django_db
def test_only_the_secretariat_deletes_someone_else(leaving, task_force):
    with pytest.raises(services.TransitionNotAllowed):
        services.account_delete(user=leaving, actor=task_force)
    assert User.objects.get(pk=leaving.pk).deleted_at is None


@pytest.mark.django_db
def test_the_admin_never_offers_django_s_own_delete_of_an_account(client, secretariat, leaving):
    client.force_login(secretariat)
    url = reverse("admin:registry_user_delete", args=[leaving.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=leaving.pk).exists()


@pytest.mark.django_db
def test_the_secretariat_is_refused_too_for_a_last_owner_and_told_why(
    client, secretariat, leaving, make_community
):
    make_community("Only Owner Network", owner=leaving)
    client.force_login(secretariat)
    changelist = reverse("admin:registry_user_changelist")
    data = {"action": "delete_accounts_on_request", "_selected_action": [leaving.pk]}
    assert "last owner" in client.post(changelist, data).content.decode()
    done = client.post(changelist, {**data, "post": "yes"}, follow=True)
    assert "last owner" in done.content.decode()
    assert User.objects.get(pk=leaving.pk).deleted_at is None
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ACCOUNT_DELETED).exists()


@pytest.mark.django_db
def test_a_name_that_is_a_common_word_is_erased_only_from_the_persons_own_records(
    make_user, make_community
):
    person = make_user("african@example.org", name="African", orcid="0000-0002-1825-0097")
    other = make_community("African Biodiversity Data Network")
    theirs = TransitionLog.objects.create(
        community=other, actor=person, to_status="draft", note="African asked to start over."
    )
    someone_elses = TransitionLog.objects.create(
        community=other, to_status="submitted", note="For the African Union's programme."
    )
    former = services.account_delete(user=person)
    assert former.orcid == "" and former.display_name == ""
    theirs.refresh_from_db()
    someone_elses.refresh_from_db()
    assert "African" not in theirs.note
    assert someone_elses.note == "For the African Union's programme."
    other.refresh_from_db()
    assert other.name == "African Biodiversity Data Network"


@pytest.mark.django_db
def test_the_secretariat_cannot_delete_an_account_only_a_superuser_may_change(
    secretariat, make_user
):
    admin = make_user(superuser=True)
    with pytest.raises(services.TransitionNotAllowed):
        services.account_delete(user=admin, actor=secretariat)
    assert User.objects.get(pk=admin.pk).deleted_at is None
