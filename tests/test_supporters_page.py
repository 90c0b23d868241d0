"""/supporters/: communities recognised as IPBES collaborative supporters."""

import datetime

import pytest
from django.urls import reverse

from registry import services
from registry.models import Community, TaskForce
from tests.public_site_data import recognise

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognised(make_round, make_recommendation, bureau):
    def make(community, **kwargs):
        return recognise(
            community,
            bureau=bureau,
            make_round=make_round,
            make_recommendation=make_recommendation,
            **kwargs,
        )

    return make


def test_lists_active_recognitions_with_since_round_and_task_force(
    client, make_community, make_round, recognised
):
    make_round("Bureau meeting, June 2026")
    community = make_community("Pollinator network", acronym="PN")
    recognition = recognised(community)
    response = client.get(reverse("registry:supporter_list"))
    assert response.status_code == 200
    assert list(response.context["recognitions"]) == [recognition]
    html = response.content.decode()
    assert "Pollinator network" in html
    assert "Bureau meeting, June 2026" in html
    assert recognition.task_force.name in html
    assert recognition.since.isoformat() in html


def test_withdrawn_recognitions_are_not_listed(client, make_community, recognised, bureau):
    kept = recognised(make_community("Still recognised"))
    withdrawn = recognised(make_community("No longer recognised"))
    services.recognition_withdraw(recognition=withdrawn, user=bureau, reason="Inactive since 2024.")
    response = client.get(reverse("registry:supporter_list"))
    assert list(response.context["recognitions"]) == [kept]
    assert "No longer recognised" not in response.content.decode()


def test_recognised_communities_that_are_not_public_are_not_listed(
    client, make_community, recognised, secretariat
):
    community = make_community("Archived network")
    recognised(community)
    services.community_archive(community=community, user=secretariat, note="Closed.")
    response = client.get(reverse("registry:supporter_list"))
    assert list(response.context["recognitions"]) == []
    assert "Archived network" not in response.content.decode()


def test_links_to_the_atom_feed(client):
    html = client.get(reverse("registry:supporter_list")).content.decode()
    assert html.count(f'href="{reverse("registry:supporter_feed")}"') >= 2
    assert 'type="application/atom+xml"' in html


def test_says_so_when_nobody_is_recognised_yet(client, make_community):
    make_community()
    html = client.get(reverse("registry:supporter_list")).content.decode()
    assert "No community has been recognised" in html


def test_newest_recognitions_come_first(client, make_community, recognised):
    older = recognised(make_community("Older"))
    newer = recognised(make_community("Newer"))
    type(older).objects.filter(pk=older.pk).update(since=datetime.date(2025, 1, 1))
    response = client.get(reverse("registry:supporter_list"))
    assert list(response.context["recognitions"]) == [newer, older]


def test_query_count_is_fixed(client, make_community, recognised, django_assert_max_num_queries):
    recognised(make_community())
    with django_assert_max_num_queries(2):
        client.get(reverse("registry:supporter_list"))
    for task_force in TaskForce.objects.all()[:3]:
        recognised(make_community(), note=f"For {task_force}")
    assert Community.objects.published().count() == 4
    with django_assert_max_num_queries(2):
        client.get(reverse("registry:supporter_list"))
