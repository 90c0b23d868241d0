"""Long free text has sizes a person writes: a description at most 20,000
characters, a note or reason at most 5,000. Forms refuse more with the standard
error on the field and save nothing; the database refuses it too."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from registry.models import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    Community,
    Contribution,
    ImpactExample,
    Recommendation,
)
from tests.test_community_form import _data as community_data
from tests.test_contribution_forms import _data as contribution_data
from tests.test_impact_forms import _data as impact_data

HUGE = "x" * 4_900_000  # 4.9 MB, just under the request body limit


def _field_error(response, field):
    html = response.content.decode()
    match = re.search(rf'<div class="field-errors" id="id_{field}_error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def test_the_limits_are_sizes_a_person_writes():
    assert DESCRIPTION_MAX_LENGTH == 20_000
    assert NOTE_MAX_LENGTH == 5_000
    for model, field, limit in (
        (Community, "description", DESCRIPTION_MAX_LENGTH),
        (Community, "how_to_join", NOTE_MAX_LENGTH),
        (Contribution, "description", DESCRIPTION_MAX_LENGTH),
        (ImpactExample, "description", DESCRIPTION_MAX_LENGTH),
        (Recommendation, "rationale", NOTE_MAX_LENGTH),
        (Recommendation, "conflict_of_interest", NOTE_MAX_LENGTH),
        (Recommendation, "decision_note", NOTE_MAX_LENGTH),
    ):
        assert model._meta.get_field(field).max_length == limit, (model, field)


@pytest.mark.django_db
def test_a_4_9_mb_community_description_gets_a_field_error_and_nothing_is_saved(client, make_user):
    client.force_login(make_user())
    response = client.post(
        reverse("coordinator:community_create"), community_data(description=HUGE)
    )

    assert response.status_code == 200
    assert "at most 20000 characters" in _field_error(response, "description")
    assert not Community.objects.exists()


@pytest.mark.django_db
def test_a_community_description_of_exactly_the_limit_is_accepted(client, make_user):
    client.force_login(make_user())
    text = "x" * DESCRIPTION_MAX_LENGTH
    response = client.post(
        reverse("coordinator:community_create"), community_data(description=text)
    )

    assert response.status_code == 302
    assert Community.objects.get().description == text


@pytest.mark.django_db
def test_a_long_how_to_join_gets_a_field_error(client, make_user):
    client.force_login(make_user())
    response = client.post(
        reverse("coordinator:community_create"),
        community_data(how_to_join="x" * (NOTE_MAX_LENGTH + 1)),
    )

    assert "at most 5000 characters" in _field_error(response, "how_to_join")
    assert not Community.objects.exists()


@pytest.mark.django_db
def test_4_9_mb_contribution_and_impact_descriptions_get_a_field_error(
    client, make_user, make_community
):
    owner = make_user()
    community = make_community("Verbose network", owner=owner)
    client.force_login(owner)

    for url, data in (
        (reverse("coordinator:contribution_create", args=[community.slug]), contribution_data),
        (reverse("coordinator:impact_create", args=[community.slug]), impact_data),
    ):
        response = client.post(url, data(description=HUGE))
        assert response.status_code == 200, url
        assert "at most 20000 characters" in _field_error(response, "description"), url
    assert not Contribution.objects.exists()
    assert not ImpactExample.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_text_over_the_limit(
    make_community, make_contribution, make_impact_example, make_recommendation
):
    community = make_community("Checked network")
    recommendation = make_recommendation(community)
    rows = [
        (community, "description", DESCRIPTION_MAX_LENGTH),
        (community, "how_to_join", NOTE_MAX_LENGTH),
        (make_contribution(community), "description", DESCRIPTION_MAX_LENGTH),
        (make_impact_example(community), "description", DESCRIPTION_MAX_LENGTH),
        (recommendation, "rationale", NOTE_MAX_LENGTH),
        (recommendation, "conflict_of_interest", NOTE_MAX_LENGTH),
    ]
    for row, field, limit in rows:
        same_row = type(row).objects.filter(pk=row.pk)
        same_row.update(**{field: "x" * limit})  # the limit itself is fine
        with pytest.raises(IntegrityError), transaction.atomic():
            same_row.update(**{field: "x" * (limit + 1)})
        assert len(same_row.values_list(field, flat=True).get()) == limit
