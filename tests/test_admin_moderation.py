"""The Secretariat's moderation queue in the admin: publish, return with a reason, archive."""

import pytest
from django.urls import reverse

from registry.models import Community, Membership, TransitionLog

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:registry_community_changelist"


def editable_values(form):
    """The change form's current scalar values, as a browser would post them back."""
    return {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list) and name != "logo"
    }


def action(client, name, *communities, back=False):
    data = {"action": name, "index": 0, "post": "yes"}
    data["_selected_action"] = [c.pk for c in communities]
    if back:
        data["_back_to_object"] = "1"
    return client.post(reverse(CHANGELIST), data, follow=True)


def test_queue_lists_only_submitted_communities_with_their_count(
    client, secretariat, make_community
):
    make_community("Waiting one", status=Community.Status.SUBMITTED)
    make_community("Waiting two", status=Community.Status.SUBMITTED)
    make_community("Already public")
    client.force_login(secretariat)

    response = client.get(reverse(CHANGELIST), {"queue": "awaiting"})

    assert response.status_code == 200
    names = [c.name for c in response.context["cl"].result_list]
    assert sorted(names) == ["Waiting one", "Waiting two"]
    assert "2 communities awaiting review" in response.content.decode()


def test_admin_index_links_the_secretariat_to_the_queue_with_its_size(
    client, secretariat, make_community
):
    make_community(status=Community.Status.SUBMITTED)
    make_community(status=Community.Status.SUBMITTED)
    client.force_login(secretariat)

    response = client.get(reverse("admin:index"))

    html = response.content.decode()
    assert f'{reverse(CHANGELIST)}?queue=awaiting"' in html
    assert '<span class="awaiting-count">(2)</span>' in html


def test_admin_index_shows_no_queue_to_the_bureau(client, bureau):
    client.force_login(bureau)

    response = client.get(reverse("admin:index"))

    assert "queue=awaiting" not in response.content.decode()


def test_publish_action_publishes_logs_and_tells_coordinators(
    client, secretariat, make_user, make_community, sent_mail
):
    owner = make_user("owner@example.org")
    community = make_community(status=Community.Status.SUBMITTED, owner=owner)
    client.force_login(secretariat)

    response = action(client, "publish", community)

    community.refresh_from_db()
    assert community.status == Community.Status.PUBLISHED
    assert community.published_at is not None
    assert "1 community published." in response.content.decode()
    entry = TransitionLog.objects.get(community=community, to_status="published")
    assert entry.actor == secretariat and entry.from_status == "submitted"
    assert any(m.to == ["owner@example.org"] for m in sent_mail())


def test_publish_action_refuses_a_draft_with_a_message(client, secretariat, make_community):
    community = make_community(status=Community.Status.DRAFT)
    client.force_login(secretariat)

    response = action(client, "publish", community)

    community.refresh_from_db()
    assert community.status == Community.Status.DRAFT
    assert "Only a submitted or archived community can be published." in response.content.decode()
    assert not TransitionLog.objects.filter(community=community).exists()


def test_publish_button_on_the_change_form_comes_back_to_the_community(
    client, secretariat, make_community
):
    community = make_community(status=Community.Status.SUBMITTED)
    client.force_login(secretariat)

    # The change form links to a confirmation page, whose button posts the action.
    page = client.get(reverse("admin:registry_community_confirm_publish", args=[community.pk]))
    assert 'value="publish"' in page.content.decode()
    response = action(client, "publish", community, back=True)

    assert response.redirect_chain[-1][0] == reverse(
        "admin:registry_community_change", args=[community.pk]
    )
    community.refresh_from_db()
    assert community.status == Community.Status.PUBLISHED


def test_archive_action_archives_a_published_community(client, secretariat, make_community):
    community = make_community()
    client.force_login(secretariat)

    action(client, "archive", community)

    community.refresh_from_db()
    assert community.status == Community.Status.ARCHIVED


def test_return_page_requires_a_reason(client, secretariat, make_community):
    community = make_community(status=Community.Status.SUBMITTED)
    client.force_login(secretariat)
    url = reverse("admin:registry_community_return", args=[community.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Give the reason."]
    community.refresh_from_db()
    assert community.status == Community.Status.SUBMITTED
    assert not TransitionLog.objects.filter(community=community).exists()


def test_return_with_a_reason_returns_and_mails_the_reason(
    client, secretariat, make_user, make_community, sent_mail
):
    owner = make_user("owner@example.org")
    community = make_community(status=Community.Status.SUBMITTED, owner=owner)
    client.force_login(secretariat)

    response = client.post(
        reverse("admin:registry_community_return", args=[community.pk]),
        {"reason": "Please name at least one IPBES deliverable."},
    )

    assert response.status_code == 302
    community.refresh_from_db()
    assert community.status == Community.Status.RETURNED
    entry = TransitionLog.objects.get(community=community, to_status="returned")
    assert entry.note == "Please name at least one IPBES deliverable."
    mails = [m for m in sent_mail() if m.to == ["owner@example.org"]]
    assert mails and "Please name at least one IPBES deliverable." in mails[0].body


def test_return_of_a_published_community_is_refused_with_a_message(
    client, secretariat, make_community
):
    community = make_community()
    client.force_login(secretariat)

    response = client.post(
        reverse("admin:registry_community_return", args=[community.pk]),
        {"reason": "Because."},
        follow=True,
    )

    assert "Only a submitted community can be returned." in response.content.decode()
    community.refresh_from_db()
    assert community.status == Community.Status.PUBLISHED


@pytest.mark.parametrize("role", ["task_force", "bureau"])
def test_only_the_secretariat_may_return_a_community(request, client, role, make_community):
    community = make_community(status=Community.Status.SUBMITTED)
    client.force_login(request.getfixturevalue(role))

    url = reverse("admin:registry_community_return", args=[community.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "No."}).status_code == 403

    community.refresh_from_db()
    assert community.status == Community.Status.SUBMITTED


def test_secretariat_edits_a_community_but_a_forged_status_is_ignored(
    client, secretariat, make_community
):
    community = make_community("Old name", status=Community.Status.SUBMITTED)
    client.force_login(secretariat)
    url = reverse("admin:registry_community_change", args=[community.pk])
    form = client.get(url).context["adminform"].form
    data = {
        **editable_values(form),
        "name": "New name",
        "topics": [t.pk for t in community.topics.all()],
        "status": "published",
        "published_at": "2020-01-01 00:00",
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
        "transitions-TOTAL_FORMS": 0,
        "transitions-INITIAL_FORMS": 0,
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    community.refresh_from_db()
    assert community.name == "New name"
    assert community.status == Community.Status.SUBMITTED
    assert community.history.count() >= 2


def test_history_of_a_community_cannot_be_reverted(client, secretariat, make_community):
    community = make_community()
    community.name = "Renamed"
    community.save()
    version = community.history.earliest()
    client.force_login(secretariat)
    url = reverse(
        "admin:registry_community_simple_history", args=[community.pk, version.history_id]
    )

    assert client.get(url).status_code == 200
    assert client.post(url, {"name": community.name}).status_code == 403
    community.refresh_from_db()
    assert community.name == "Renamed"


def test_the_last_owner_cannot_be_removed_in_the_coordinators_inline(
    client, secretariat, make_user, make_community
):
    owner = make_user("owner@example.org")
    community = make_community(owner=owner)
    membership = Membership.objects.get(community=community)
    client.force_login(secretariat)
    url = reverse("admin:registry_community_change", args=[community.pk])
    form = client.get(url).context["adminform"].form
    data = {
        **editable_values(form),
        "topics": [t.pk for t in community.topics.all()],
        "memberships-TOTAL_FORMS": 1,
        "memberships-INITIAL_FORMS": 1,
        "memberships-0-id": membership.pk,
        "memberships-0-community": community.pk,
        "memberships-0-user": owner.pk,
        "memberships-0-role": "owner",
        "memberships-0-DELETE": "on",
        "transitions-TOTAL_FORMS": 0,
        "transitions-INITIAL_FORMS": 0,
    }

    response = client.post(url, data, follow=True)

    assert "A community must keep at least one owner" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_return_page_and_its_error_are_valid_html(
    client, secretariat, make_community, tmp_path
):
    from tests.html_validity import validate_html

    community = make_community(status=Community.Status.SUBMITTED)
    client.force_login(secretariat)
    url = reverse("admin:registry_community_return", args=[community.pk])

    pages = {"return": client.get(url).content, "error": client.post(url, {"reason": ""}).content}

    assert validate_html(pages, tmp_path) == []


def test_the_secretariat_invites_a_coordinator_by_email(
    client, secretariat, make_community, sent_mail
):
    from registry.models import Invitation

    community = make_community()
    client.force_login(secretariat)

    response = client.post(
        reverse("admin:registry_invitation_add"),
        {"community": community.pk, "email": "New.Person@Example.org", "role": "owner"},
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get(community=community)
    assert invitation.email == "new.person@example.org"
    assert invitation.invited_by == secretariat
    assert any(m.to == ["new.person@example.org"] for m in sent_mail())


def test_an_invitation_needs_a_valid_email(client, secretariat, make_community):
    from registry.models import Invitation

    community = make_community()
    client.force_login(secretariat)

    response = client.post(
        reverse("admin:registry_invitation_add"),
        {"community": community.pk, "email": "not an address", "role": "editor"},
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert not Invitation.objects.exists()


def test_the_admin_index_counts_the_communities_awaiting_review(
    client, secretariat, bureau, make_community
):
    make_community(status=Community.Status.SUBMITTED)
    make_community(status=Community.Status.SUBMITTED)
    make_community(status=Community.Status.PUBLISHED)
    client.force_login(secretariat)
    assert '<span class="awaiting-count">(2)</span>' in client.get("/admin/").content.decode()
    client.force_login(bureau)
    assert "awaiting-count" not in client.get("/admin/").content.decode()
