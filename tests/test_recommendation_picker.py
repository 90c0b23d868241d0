"""The admin's supporting-contribution picker names each contribution's community and
date, and offers only the recommended community's contributions."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADD = reverse("admin:registry_recommendation_add")


def test_autocomplete_results_name_the_community_and_date(
    client, task_force, make_community, make_contribution
):
    community = make_community("Pollinator Watch")
    make_contribution(community, title="Annual workshop", start_date=datetime.date(2025, 3, 12))
    client.force_login(task_force)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Annual",
            "app_label": "registry",
            "model_name": "recommendation",
            "field_name": "supporting_contributions",
            "community": community.pk,
        },
    )
    assert [r["text"] for r in response.json()["results"]] == [
        "Annual workshop (Pollinator Watch, March 12, 2025)"
    ]


def test_add_form_offers_only_the_chosen_communitys_contributions(
    client, task_force, make_community, make_contribution
):
    community = make_community("Pollinator Watch")
    own = make_contribution(community, title="Annual workshop")
    make_contribution(make_community("Other network"), title="Annual workshop")
    client.force_login(task_force)
    blank = client.get(ADD).context["adminform"].form
    assert list(blank.fields["supporting"].queryset) == []
    chosen = client.get(ADD, {"community": community.pk}).context["adminform"].form
    field = chosen.fields["supporting"]
    assert list(field.queryset) == [own]
    assert field.label == "Supporting contributions"
    assert field.label_from_instance(own).startswith("Annual workshop (Pollinator Watch, ")
