"""The bridge to TRACK (the IPBES impact tracking database): an impact example's
coordinators get its fields to copy and TRACK's portal, give the address of its
record (only TRACK's addresses are accepted), and the example then shows as
"Registered in TRACK", which /impact/ can filter on."""

import re

import pytest
from django.urls import reverse

from registry.models import ImpactExample, ImpactType, Membership
from tests.html_validity import validate_html

pytestmark = pytest.mark.django_db

GOOD = [
    "https://www.ipbes.net/impact-tracking-view/12345",
    "https://ipbes.net/impact-tracking-view?id=98",
    "https://www.ipbes.net/impact-tracking/record/7",
    "https://WWW.IPBES.NET/impact-tracking",
]
BAD = [
    "https://example.org/impact-tracking-view/12345",
    "http://www.ipbes.net/impact-tracking-view/12345",
    "https://www.ipbes.net/news/pollinators",
    "https://www.ipbes.net/impact-trackingx",
    "https://ipbes.net.example.org/impact-tracking",
    "https://someone@www.ipbes.net/impact-tracking",
    "https://www.ipbes.net:8443/impact-tracking",
]
REFUSAL = "starts with https://www.ipbes.net/impact-tracking"


@pytest.fixture
def owner(make_user):
    return make_user()


@pytest.fixture
def example(owner, make_community, make_impact_example):
    community = make_community("Pollinator Network Africa", owner=owner, regions=("africa",))
    return make_impact_example(
        community,
        title="National pollinator strategy",
        description="The strategy cites the **assessment**.",
        countries=["KE"],
        evidence_url="https://example.org/strategy",
    )


def _url(example):
    return reverse("coordinator:impact_track", args=[example.community.slug, example.pk])


def _field_error(response, field):
    html = response.content.decode()
    match = re.search(rf'<div class="field-errors" id="id_{field}_error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def test_coordinators_find_the_way_to_track_from_the_example(client, owner, example):
    client.force_login(owner)
    overview = client.get(
        reverse("coordinator:community_overview", args=[example.community.slug])
    ).content.decode()
    assert f'href="{_url(example)}">Also register it in TRACK' in overview
    edit = client.get(
        reverse("coordinator:impact_edit", args=[example.community.slug, example.pk])
    ).content.decode()
    assert f'href="{_url(example)}"' in edit


def test_the_track_page_lays_out_the_fields_to_copy_and_links_to_the_portal(
    client, owner, example, settings
):
    settings.TRACK_SUBMISSION_URL = "https://www.ipbes.net/impact-tracking/submit"
    client.force_login(owner)
    html = client.get(_url(example)).content.decode()
    labels = re.findall(r"<dt>(.*?)</dt>", html.split('class="track-fields"', 1)[1])
    assert labels[:5] == ["Title", "Description", "Type of impact", "Scale of impact", "Date"]
    assert {"Countries", "IPBES regions", "IPBES deliverables used", "Reported by"} <= set(labels)
    assert "The strategy cites the **assessment**." in html  # as typed, to paste
    assert "Kenya" in html and "Africa" in html
    assert 'href="https://www.ipbes.net/impact-tracking/submit"' in html


@pytest.mark.parametrize("address", GOOD)
def test_a_track_record_address_is_accepted(client, owner, example, address):
    client.force_login(owner)
    response = client.post(_url(example), {"track_url": address})
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.track_url == address


@pytest.mark.parametrize("address", BAD)
def test_any_other_address_is_refused_on_the_field_and_nothing_is_saved(
    client, owner, example, address
):
    client.force_login(owner)
    response = client.post(_url(example), {"track_url": address})
    assert response.status_code == 200
    assert REFUSAL in _field_error(response, "track_url")
    example.refresh_from_db()
    assert example.track_url == ""


def test_the_impact_form_refuses_other_addresses_too(client, owner, example):
    client.force_login(owner)
    url = reverse("coordinator:impact_edit", args=[example.community.slug, example.pk])
    data = {
        "title": example.title,
        "impact_type": example.impact_type_id,
        "impact_scale": example.impact_scale_id,
        "date": "2024-03-01",
        "deliverables": [d.pk for d in example.deliverables.all()],
        "track_url": "https://example.org/impact-tracking",
    }
    response = client.post(url, data)
    assert REFUSAL in _field_error(response, "track_url")
    assert client.post(url, {**data, "track_url": GOOD[0]}).status_code == 302


def test_clearing_the_address_removes_the_mark(client, owner, example):
    example.track_url = GOOD[0]
    example.save()
    client.force_login(owner)
    assert client.post(_url(example), {"track_url": ""}).status_code == 302
    example.refresh_from_db()
    assert example.track_url == ""


def test_only_the_examples_coordinators_and_the_secretariat_reach_the_track_page(
    client, example, make_user, secretariat, make_community, make_impact_example
):
    url = _url(example)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    client.force_login(make_user())
    assert client.get(url).status_code == 404
    assert client.post(url, {"track_url": GOOD[0]}).status_code == 404

    editor = make_user()
    Membership.objects.create(user=editor, community=example.community, role="editor")
    client.force_login(editor)
    assert client.get(url).status_code == 200

    # Through another community the editor coordinates, the example is not found.
    other = make_community(owner=editor)
    assert (
        client.get(reverse("coordinator:impact_track", args=[other.slug, example.pk])).status_code
        == 404
    )

    client.force_login(secretariat)
    assert client.get(url).status_code == 200
    example.refresh_from_db()
    assert example.track_url == ""


def test_registered_in_track_shows_where_the_address_is_set(client, example, make_impact_example):
    example.track_url = GOOD[0]
    example.save()
    make_impact_example(example.community, title="Not in TRACK")
    impact = client.get("/impact/").content.decode()
    assert impact.count("Registered in TRACK</span>") == 1
    page = client.get(example.community.get_absolute_url()).content.decode()
    assert page.count("Registered in TRACK</span>") == 1


def test_the_impact_list_filters_on_registered_in_track(
    client, example, make_community, make_impact_example
):
    example.track_url = GOOD[0]
    example.save()
    law = ImpactType.objects.get(slug="law-regulation")
    other = make_community()
    make_impact_example(other, title="Law in TRACK", impact_type=law, track_url=GOOD[1])
    make_impact_example(other, title="Law not in TRACK", impact_type=law)
    make_impact_example(other, title="Policy not in TRACK")

    def titles(params):
        response = client.get("/impact/", params)
        assert response.context["page"].paginator.count == len(response.context["examples"])
        return {e.title for e in response.context["examples"]}

    assert titles({}) == {
        "National pollinator strategy",
        "Law in TRACK",
        "Law not in TRACK",
        "Policy not in TRACK",
    }
    assert titles({"track": "1"}) == {"National pollinator strategy", "Law in TRACK"}
    assert titles({"track": "on"}) == {"National pollinator strategy", "Law in TRACK"}
    assert titles({"track": "1", "impact_type": "law-regulation"}) == {"Law in TRACK"}
    assert titles({"track": ""}) == titles({})
    html = client.get("/impact/", {"track": "1"}).content.decode()
    assert "2 examples" in html
    assert 'name="track"' in html and "checked" in html


def test_track_pages_are_valid_html(client, owner, example, tmp_path):
    client.force_login(owner)
    refused = client.post(_url(example), {"track_url": BAD[0]}).content
    pages = {"track": client.get(_url(example)).content, "track_refused": refused}
    client.logout()
    pages["impact_in_track"] = client.get("/impact/?track=1").content
    assert validate_html(pages, tmp_path) == []
    assert ImpactExample.objects.filter(track_url="").count() == 1
