"""Contributions: add, edit, delete after confirmation; validation messages on
the field; a contribution cited by a recommendation cannot be deleted."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import (
    ActivityType,
    Contribution,
    Deliverable,
    RecommendationEvidence,
    Scale,
    Topic,
)


@pytest.fixture
def owner_and_community(client, make_user, make_community):
    owner = make_user()
    community = make_community("Workshop network", owner=owner)
    client.force_login(owner)
    return owner, community


def _data(**overrides):
    data = {
        "activity_type": ActivityType.objects.get(slug="uptake-event").pk,
        "title": "Uptake event on the pollinators assessment",
        "description": "Two days in *Nairobi*.",
        "start_date": "2025-03-10",
        "end_date": "2025-03-11",
        "scale": Scale.objects.get(slug="national").pk,
        "countries": ["KE"],
        "participants": "45",
        "evidence_url": "https://example.org/report",
        "deliverables": [Deliverable.objects.get(slug="pollinators").pk],
        "topics": [Topic.objects.get(slug="pollination").pk],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _field_error(response, field):
    html = response.content.decode()
    match = re.search(rf'<div class="field-errors" id="id_{field}_error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


@pytest.mark.django_db
def test_adding_a_contribution(client, owner_and_community):
    _, community = owner_and_community
    url = reverse("coordinator:contribution_create", args=[community.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, _data())
    assert response.status_code == 302
    contribution = Contribution.objects.get(community=community)
    assert contribution.title == "Uptake event on the pollinators assessment"
    assert contribution.end_date == datetime.date(2025, 3, 11)
    assert contribution.participants == 45
    assert list(contribution.deliverables.values_list("slug", flat=True)) == ["pollinators"]
    overview = client.get(response["Location"]).content.decode()
    assert "Uptake event on the pollinators assessment" in overview


@pytest.mark.django_db
def test_editing_a_contribution(client, owner_and_community, make_contribution):
    _, community = owner_and_community
    contribution = make_contribution(community, title="Old title")
    url = reverse("coordinator:contribution_edit", args=[community.slug, contribution.pk])
    assert 'value="Old title"' in client.get(url).content.decode()
    assert client.post(url, _data(title="New title")).status_code == 302
    contribution.refresh_from_db()
    assert contribution.title == "New title"


@pytest.mark.django_db
def test_deleting_asks_for_confirmation_then_deletes_on_post(
    client, owner_and_community, make_contribution
):
    _, community = owner_and_community
    contribution = make_contribution(community, title="To delete")
    url = reverse("coordinator:contribution_delete", args=[community.slug, contribution.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Delete “To delete”?" in page.content.decode()
    assert Contribution.objects.filter(pk=contribution.pk).exists()
    assert client.post(url).status_code == 302
    assert not Contribution.objects.filter(pk=contribution.pk).exists()


@pytest.mark.django_db
def test_a_contribution_cited_by_a_recommendation_cannot_be_deleted(
    client, owner_and_community, make_contribution, make_recommendation
):
    _, community = owner_and_community
    contribution = make_contribution(community, title="Cited event")
    recommendation = make_recommendation(community)
    RecommendationEvidence.objects.create(recommendation=recommendation, contribution=contribution)
    url = reverse("coordinator:contribution_delete", args=[community.slug, contribution.pk])
    page = client.get(url).content.decode()
    assert "supports a recommendation for recognition" in page
    assert 'type="submit" class="button button-danger"' not in page
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert Contribution.objects.filter(pk=contribution.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title."),
        ({"activity_type": None}, "activity_type", "Choose the kind of activity."),
        ({"start_date": ""}, "start_date", "Enter the start date."),
        ({"start_date": "not a date"}, "start_date", "Enter a valid date."),
        ({"end_date": "2025-03-01"}, "end_date", "cannot be before the start date"),
        ({"start_date": "1985-01-01", "end_date": ""}, "start_date", "1990 or later"),
        ({"start_date": "2090-01-01", "end_date": ""}, "start_date", "Enter a date before"),
        ({"end_date": "2099-12-31"}, "end_date", "Enter a date before"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url", "http:// or https://"),
        ({"evidence_url": "ftp://example.org/x"}, "evidence_url", "http:// or https://"),
        ({"participants": "-1"}, "participants", "greater than or equal to 0"),
        ({"participants": "many"}, "participants", "Enter a whole number."),
        ({"countries": ["ZZ"]}, "countries", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_on_the_field(
    client, owner_and_community, overrides, field, message
):
    _, community = owner_and_community
    url = reverse("coordinator:contribution_create", args=[community.slug])
    response = client.post(url, _data(**overrides))
    assert response.status_code == 200
    assert message in _field_error(response, field)
    assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_a_date_five_years_ahead_is_still_accepted(client, owner_and_community):
    _, community = owner_and_community
    soon = timezone.localdate().replace(day=1) + datetime.timedelta(days=4 * 365)
    url = reverse("coordinator:contribution_create", args=[community.slug])
    response = client.post(url, _data(start_date=soon.isoformat(), end_date=""))
    assert response.status_code == 302
    assert Contribution.objects.get().start_date == soon
