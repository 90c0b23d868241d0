"""Nothing unpublished ever reaches the API, on any endpoint, for anyone: anonymous
visitors, the coordinators of the unpublished communities, the Secretariat and a
superuser all get what the public gets. And no contact e-mail, ever."""

import pytest
from django.urls import reverse

from registry.models import Community, Membership
from tests.api_support import every_row, list_urls
from tests.public_site_data import recognise

SECRET = "Clandestine"  # every unpublished name and title below contains it
CONTACT = "contact-inbox@example.org"
UNPUBLISHED = [
    Community.Status.DRAFT,
    Community.Status.SUBMITTED,
    Community.Status.RETURNED,
    Community.Status.ARCHIVED,
]
ROLES = ["anonymous", "coordinator", "secretariat", "superuser"]


@pytest.fixture
def world(
    site_data,
    make_user,
    make_community,
    make_contribution,
    make_impact_example,
    make_round,
    make_recommendation,
    bureau,
    secretariat,
):
    """Published data (with contact addresses), and a community in every unpublished
    status with contributions and examples, coordinated by one person; one of them was
    recognised while published and is archived since."""
    published = site_data(3)
    Community.objects.filter(pk__in=[c.pk for c in published]).update(contact_email=CONTACT)
    coordinator = make_user("coordinator@example.org")
    hidden = []
    for status in UNPUBLISHED:
        community = make_community(
            f"{SECRET} {status} network",
            status=status,
            owner=coordinator,
            topics=("pollination", "nexus"),
            regions=("africa",),
            contact_email=CONTACT,
        )
        make_contribution(community, title=f"{SECRET} {status} workshop", topics=("nexus",))
        make_impact_example(community, title=f"{SECRET} {status} impact")
        hidden.append(community)
    archived = make_community(f"{SECRET} recognised then archived", topics=("pollination",))
    Membership.objects.create(user=coordinator, community=archived, role="owner")
    recognise(
        archived, bureau=bureau, make_round=make_round, make_recommendation=make_recommendation
    )
    Community.objects.filter(pk=archived.pk).update(status=Community.Status.ARCHIVED)
    hidden.append(archived)
    people = {
        "anonymous": None,
        "coordinator": coordinator,
        "secretariat": secretariat,
        "superuser": make_user("root@example.org", superuser=True),
    }
    return {"people": people, "hidden": hidden, "published": published}


def sign_in(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)


FILTERED = [
    {"topic": "pollination"},
    {"topic": "nexus", "region": "africa"},
    {"q": SECRET},
]


@pytest.mark.parametrize("role", ROLES)
def test_no_list_endpoint_shows_anything_unpublished(client, world, role):
    sign_in(client, world, role)
    for url in list_urls():
        for query in [{}, *FILTERED] if url.endswith(("communities/", "contributions/")) else [{}]:
            rows = every_row(client, url, **query)
            text = str(rows)
            assert SECRET not in text, (url, query)
            assert "Secret draft" not in text, (url, query)  # site_data's own draft
            assert CONTACT not in text, (url, query)


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_communities_are_404_problems(client, world, role):
    sign_in(client, world, role)
    for community in world["hidden"]:
        response = client.get(reverse("api:communities-detail", args=[community.slug]))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert SECRET not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_published_communitys_detail_has_no_contact_address_and_nothing_hidden(
    client, world, role
):
    sign_in(client, world, role)
    for community in world["published"]:
        response = client.get(reverse("api:communities-detail", args=[community.slug]))
        assert response.status_code == 200
        body = response.content.decode()
        assert CONTACT not in body
        assert "contact" not in response.json()
        assert SECRET not in body


@pytest.mark.parametrize("role", ROLES)
def test_the_root_the_schema_and_the_docs_show_nothing_unpublished(client, world, role):
    sign_in(client, world, role)
    for url in (reverse("api:root"), reverse("api:schema"), reverse("api:docs")):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
        assert CONTACT not in response.content.decode()


def test_the_recognition_of_a_community_archived_since_is_not_listed(client, world):
    rows = every_row(client, reverse("api:recognitions-list"))
    slugs = {row["community"]["slug"] for row in rows}
    assert world["hidden"][-1].slug not in slugs
    assert {c.slug for c in world["published"] if c.recognitions.exists()} == slugs
    rounds = every_row(client, reverse("api:review-rounds-list"))
    in_rounds = {r["community"]["slug"] for row in rounds for r in row["recognitions"]}
    assert in_rounds == slugs


@pytest.mark.parametrize(
    ("visibility", "shown"), [("form", False), ("signed_in", False), ("everyone", True)]
)
def test_a_contact_address_is_in_the_api_only_when_its_community_shows_it_to_everyone(
    client, world, visibility, shown
):
    community = world["published"][0]
    Community.objects.filter(pk=community.pk).update(contact_visibility=visibility)
    for url in (
        reverse("api:communities-detail", args=[community.slug]),
        reverse("api:communities-list"),
    ):
        assert (CONTACT in client.get(url).content.decode()) is shown
