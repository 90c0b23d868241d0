"""The owner's side of publication: submit, see the Secretariat's decision on the
dashboard (waiting, returned with the reason, published), resubmit, archive
after confirmation. Every transition is logged and notifies."""

import pytest
from django.urls import reverse

from registry import services
from registry.models import Community, Membership, TransitionLog


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.org")


@pytest.fixture
def draft(make_community, owner):
    return make_community("Draft network", status=Community.Status.DRAFT, owner=owner)


def _dashboard(client):
    return client.get(reverse("coordinator:dashboard")).content.decode()


@pytest.mark.django_db
def test_dashboard_shows_each_community_with_status_role_and_next_step(
    client, owner, draft, make_community, make_user
):
    published = make_community("Live network", owner=make_user())
    Membership.objects.create(user=owner, community=published, role="editor")
    client.force_login(owner)
    html = _dashboard(client)
    assert "Draft network" in html and "Live network" in html
    assert "Your role: Owner" in html and "Your role: Editor" in html
    assert "Next: submit it for review by the IPBES Secretariat" in html
    assert "View the public page" in html and "Add a contribution" in html
    assert reverse("coordinator:contribution_create", args=[published.slug]) in html


@pytest.mark.django_db
def test_submit_publish_flow_as_seen_by_the_owner(
    client, owner, draft, secretariat, sent_mail, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    overview = client.get(reverse("coordinator:community_overview", args=[draft.slug]))
    assert "Submit for review" in overview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("coordinator:community_submit", args=[draft.slug]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Community.Status.SUBMITTED
    assert any(m.to == ["secretariat@example.org"] for m in sent_mail())
    assert "Waiting for the IPBES Secretariat" in _dashboard(client)

    services.community_publish(community=draft, user=secretariat)
    html = _dashboard(client)
    assert "Published" in html
    assert draft.get_absolute_url() in html


@pytest.mark.django_db
def test_a_returned_community_shows_the_reason_and_can_be_submitted_again(
    client, owner, draft, secretariat
):
    services.community_submit(community=draft, user=owner)
    services.community_return(
        community=draft, user=secretariat, reason="Please add <b>your regions</b>."
    )
    client.force_login(owner)
    html = _dashboard(client)
    assert "Please add &lt;b&gt;your regions&lt;/b&gt;." in html
    assert "Edit and submit again" in html
    client.post(reverse("coordinator:community_submit", args=[draft.slug]))
    draft.refresh_from_db()
    assert draft.status == Community.Status.SUBMITTED
    assert TransitionLog.objects.filter(
        community=draft, from_status="returned", to_status="submitted"
    ).exists()


@pytest.mark.django_db
def test_submitting_twice_shows_the_services_message(client, owner, draft):
    client.force_login(owner)
    url = reverse("coordinator:community_submit", args=[draft.slug])
    client.post(url)
    response = client.post(url, follow=True)
    assert "Only a draft or returned community can be submitted." in response.content.decode()
    assert TransitionLog.objects.filter(community=draft, to_status="submitted").count() == 1


@pytest.mark.django_db
def test_a_community_without_topics_cannot_be_submitted(client, owner, draft):
    draft.topics.clear()
    client.force_login(owner)
    url = reverse("coordinator:community_submit", args=[draft.slug])
    response = client.post(url, follow=True)
    assert "Choose at least one topic before submitting." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Community.Status.DRAFT


@pytest.mark.django_db
def test_archiving_needs_confirmation_and_notifies(
    client, owner, make_community, make_user, sent_mail, django_capture_on_commit_callbacks
):
    community = make_community("Ending network", owner=owner)
    editor = make_user("editor@example.org")
    Membership.objects.create(user=editor, community=community, role="editor")
    client.force_login(owner)
    url = reverse("coordinator:community_archive", args=[community.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "Archive the community" in page.content.decode()
    community.refresh_from_db()
    assert community.status == Community.Status.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "The project has ended."})
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.status == Community.Status.ARCHIVED
    log = TransitionLog.objects.get(community=community, to_status="archived")
    assert log.note == "The project has ended." and log.actor == owner
    assert {"editor@example.org", "owner@example.org"} <= {m.to[0] for m in sent_mail()}
    assert "Archived" in _dashboard(client)


@pytest.mark.django_db
def test_a_draft_cannot_be_archived(client, owner, draft):
    client.force_login(owner)
    response = client.get(reverse("coordinator:community_archive", args=[draft.slug]), follow=True)
    assert "Only a published community can be archived." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Community.Status.DRAFT


@pytest.mark.django_db
def test_registering_then_submitting_from_the_pages(client, owner, secretariat):
    from registry.models import Topic

    client.force_login(owner)
    client.post(
        reverse("coordinator:community_create"),
        {
            "name": "Fresh network",
            "summary": "New.",
            "topics": [Topic.objects.get(slug="nexus").pk],
        },
    )
    community = Community.objects.get(name="Fresh network")
    client.post(reverse("coordinator:community_submit", args=[community.slug]))
    community.refresh_from_db()
    assert community.status == Community.Status.SUBMITTED
    assert list(
        TransitionLog.objects.filter(community=community)
        .order_by("at", "pk")
        .values_list("to_status", flat=True)
    ) == ["draft", "submitted"]


@pytest.mark.django_db
def test_the_secretariat_sees_how_many_communities_wait_for_review(
    client, owner, draft, secretariat
):
    services.community_submit(community=draft, user=owner)
    client.force_login(secretariat)
    html = _dashboard(client)
    assert "1 community is waiting for review." in html
    assert "/admin/registry/community/?queue=awaiting" in html
    client.force_login(owner)
    assert "waiting for review." not in _dashboard(client)


@pytest.mark.django_db
def test_an_overlong_archive_note_is_refused_on_the_field(client, owner, make_community):
    community = make_community("Wordy network", owner=owner)
    client.force_login(owner)
    url = reverse("coordinator:community_archive", args=[community.slug])
    response = client.post(url, {"note": "x" * 1001})
    assert response.status_code == 200
    assert 'id="id_note_error"' in response.content.decode()
    community.refresh_from_db()
    assert community.status == Community.Status.PUBLISHED
