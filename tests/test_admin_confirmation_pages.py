"""Publishing a community and submitting a recommendation from their admin pages go
through a GET page saying what happens next; only who may do it sees it."""

import pytest
from django.urls import reverse

from registry.models import Community, Recommendation

pytestmark = pytest.mark.django_db


def test_publish_button_leads_to_a_page_saying_what_happens_next(
    client, secretariat, make_community
):
    community = make_community("Pollinator Watch", status=Community.Status.SUBMITTED)
    client.force_login(secretariat)
    change = client.get(reverse("admin:registry_community_change", args=[community.pk]))
    confirm_url = reverse("admin:registry_community_confirm_publish", args=[community.pk])
    assert confirm_url in change.content.decode()
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "What happens next" in page.content.decode()
    community.refresh_from_db()
    assert community.status == Community.Status.SUBMITTED  # the GET changes nothing
    client.post(
        reverse("admin:registry_community_changelist"),
        {"action": "publish", "index": 0, "_selected_action": [community.pk]},
    )
    community.refresh_from_db()
    assert community.status == Community.Status.PUBLISHED


def test_publish_confirmation_is_not_for_others(client, task_force, make_community):
    community = make_community("Pollinator Watch", status=Community.Status.SUBMITTED)
    client.force_login(task_force)
    url = reverse("admin:registry_community_confirm_publish", args=[community.pk])
    assert client.get(url).status_code in (403, 404)


def test_publish_confirmation_of_a_published_community_is_404(client, secretariat, make_community):
    community = make_community("Pollinator Watch")
    client.force_login(secretariat)
    url = reverse("admin:registry_community_confirm_publish", args=[community.pk])
    assert client.get(url).status_code == 404


def test_recommendation_submit_has_a_confirmation_page(
    client, task_force, bureau, make_community, make_recommendation
):
    recommendation = make_recommendation(make_community(), by=task_force)
    url = reverse("admin:registry_recommendation_confirm_submit", args=[recommendation.pk])
    client.force_login(task_force)
    change = client.get(reverse("admin:registry_recommendation_change", args=[recommendation.pk]))
    assert url in change.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "What happens next" in page.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DRAFT
    client.force_login(bureau)
    assert client.get(url).status_code in (403, 404)
