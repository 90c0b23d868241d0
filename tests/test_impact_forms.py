"""Examples of IPBES impact: add, edit, delete after confirmation, with
messages on the field for bad input."""

import re

import pytest
from django.urls import reverse

from registry.models import Deliverable, ImpactExample, ImpactScale, ImpactType


@pytest.fixture
def community(client, make_user, make_community):
    owner = make_user()
    community = make_community("Impact network", owner=owner)
    client.force_login(owner)
    return community


def _data(**overrides):
    data = {
        "title": "National pollinator strategy",
        "impact_type": ImpactType.objects.get(slug="policy").pk,
        "impact_scale": ImpactScale.objects.get(slug="national").pk,
        "date": "2023-09-01",
        "deliverables": [Deliverable.objects.get(slug="pollinators").pk],
        "description": "The strategy cites the assessment.",
        "countries": ["FR"],
        "evidence_url": "https://example.org/strategy",
        "track_url": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _field_error(response, field):
    html = response.content.decode()
    match = re.search(rf'<div class="field-errors" id="id_{field}_error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


@pytest.mark.django_db
def test_adding_editing_and_deleting_an_example(client, community):
    url = reverse("coordinator:impact_create", args=[community.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, _data()).status_code == 302
    example = ImpactExample.objects.get(community=community)
    assert example.deliverables.filter(slug="pollinators").exists()

    edit = reverse("coordinator:impact_edit", args=[community.slug, example.pk])
    assert client.post(edit, _data(title="Updated strategy")).status_code == 302
    example.refresh_from_db()
    assert example.title == "Updated strategy"

    delete = reverse("coordinator:impact_delete", args=[community.slug, example.pk])
    assert client.get(delete).status_code == 200
    assert ImpactExample.objects.filter(pk=example.pk).exists()
    assert client.post(delete).status_code == 302
    assert not ImpactExample.objects.filter(pk=example.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title."),
        ({"deliverables": None}, "deliverables", "Choose at least one IPBES deliverable."),
        ({"impact_type": None}, "impact_type", "Choose the type of impact."),
        ({"impact_scale": None}, "impact_scale", "Choose the scale of impact."),
        ({"date": ""}, "date", "Enter the date."),
        ({"date": "2005-01-01"}, "date", "IPBES was established in 2012"),
        ({"date": "2099-01-01"}, "date", "cannot be in the future"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url", "http:// or https://"),
        ({"track_url": "data:text/html,hi"}, "track_url", "http:// or https://"),
    ],
)
def test_bad_input_is_refused_with_a_message_on_the_field(
    client, community, overrides, field, message
):
    url = reverse("coordinator:impact_create", args=[community.slug])
    response = client.post(url, _data(**overrides))
    assert response.status_code == 200
    assert message in _field_error(response, field)
    assert not ImpactExample.objects.exists()
