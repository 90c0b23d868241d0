"""A signed-in person downloads everything the registry holds about them, as JSON."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from registry import services
from registry.models import AuditEntry, Invitation, Membership, Subscription, TransitionLog

URL = reverse("coordinator:account_data")


@pytest.mark.django_db
def test_the_account_page_links_to_the_download_and_the_deletion(client, make_user):
    client.force_login(make_user())
    html = client.get(reverse("coordinator:account")).content.decode()
    assert f'href="{URL}"' in html
    assert f'href="{reverse("coordinator:account_delete")}"' in html


@pytest.mark.django_db
def test_the_download_needs_a_signed_in_person(client):
    assert client.get(URL).status_code == 302
    assert client.get(reverse("coordinator:account")).status_code == 302


@pytest.mark.django_db
def test_the_download_holds_what_the_database_holds_about_the_person(
    client, make_user, make_community, secretariat
):
    person = make_user("person@example.org", name="Data Person")
    EmailAddress.objects.create(user=person, email="alt@example.net", verified=False)
    community = make_community("Data Network", owner=person)
    services.invitation_create(community=community, user=person, email="friend@example.org")
    Invitation.objects.create(community=make_community(), email="alt@example.net")
    Subscription.objects.create(
        email="ALT@example.net", kind="impact", language="fr", confirmation_sent_at=timezone.now()
    )
    TransitionLog.objects.create(community=community, actor=person, to_status="submitted")
    someone_else = make_user("else@example.org")
    make_community("Not Theirs", owner=someone_else)
    client.force_login(person)

    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)

    assert data["account"]["email"] == "person@example.org"
    assert data["account"]["display_name"] == "Data Person"
    assert sorted(e["email"] for e in data["email_addresses"]) == [
        "alt@example.net",
        "person@example.org",
    ]
    assert data["memberships"] == [
        {
            "community": community.slug,
            "community_name": "Data Network",
            "role": "owner",
            "since": Membership.objects.get(user=person).created_at.isoformat(),
        }
    ]
    assert [i["email"] for i in data["invitations_sent"]] == ["friend@example.org"]
    assert [i["email"] for i in data["invitations_received"]] == ["alt@example.net"]
    assert [(s["email"], s["list"], s["language"]) for s in data["subscriptions"]] == [
        ("ALT@example.net", "impact", "fr")
    ]
    entries = AuditEntry.objects.filter(actor=person)
    assert len(data["audit_entries"]) == entries.count() == 1
    assert data["audit_entries"][0]["action"] == "invited"
    assert [t["to"] for t in data["transitions"]] == ["submitted"]
    # Nothing of anyone else.
    text = response.content.decode()
    assert "else@example.org" not in text and "Not Theirs" not in text
