"""/communities/<slug>/: the public profile, its visibility, recognition and metadata."""

import html as html_lib
import json
import re

import pytest
from django.urls import reverse

from registry import services
from registry.models import Community, Language, MemberType, Recommendation
from tests.html_validity import validate_html


@pytest.fixture
def recognise(make_round, make_recommendation, bureau):
    def recognise(community, **round_fields):
        review_round = services.open_round() or make_round(**round_fields)
        recommendation = make_recommendation(
            community, status=Recommendation.Status.SUBMITTED, round=review_round
        )
        services.recommendation_decide(
            recommendation=recommendation, user=bureau, decision="endorsed", note="Well done."
        )
        return community.recognitions.get(withdrawn_at=None)

    return recognise


@pytest.fixture
def community(make_community, make_contribution, make_impact_example):
    community = make_community(
        "Pollinator Network",
        acronym="POLLNET",
        summary="Bees & food security <everywhere>.",
        description="We **monitor** wild bees.\n\n<script>alert('x')</script>",
        website="https://pollnet.example.org/",
        contact_email="secret-contact@example.org",
        how_to_join="Write to us.",
        year_founded=2015,
        member_count=240,
        topics=("pollination", "nexus"),
        functions=("assessing-knowledge",),
        regions=("africa",),
        scales=("national",),
        countries=["KE", "TZ"],
    )
    community.member_types.set(MemberType.objects.filter(slug="experts"))
    community.languages.set(Language.objects.filter(slug__in=["en", "sw"]))
    make_contribution(
        community,
        title="Review of the pollinators assessment",
        activity="review-comments",
        deliverables=("pollinators",),
    )
    make_impact_example(community, title="National pollinator strategy")
    return community


def page(client, community):
    return client.get(reverse("registry:community_detail", args=[community.slug]))


def test_the_profile_shows_what_the_community_is_and_does(client, community):
    response = page(client, community)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Pollinator Network",
        "POLLNET",
        "Bees &amp; food security &lt;everywhere&gt;.",
        "https://pollnet.example.org/",
        "Write to us.",
        "2015",
        "240",
        "Review of the pollinators assessment",
        "National pollinator strategy",
        "Kenya",
        Language.objects.get(slug="sw").name,
    ]:
        assert text in html, text


def test_the_description_is_rendered_markdown_without_scripts(client, community):
    html = page(client, community).content.decode()
    assert "<strong>monitor</strong>" in html
    assert "<script>alert" not in html


def test_profile_facts_link_to_the_filtered_list(client, community):
    html = page(client, community).content.decode()
    for query in [
        "topic=pollination",
        "topic=nexus",
        "function=assessing-knowledge",
        "region=africa",
        "scale=national",
        "country=KE",
        "member_type=experts",
        "language=sw",
    ]:
        assert f'href="/communities/?{query}"' in html, query


def test_profile_facts_are_named_in_the_visitors_language(client, community):
    """Its facts name each term as the list's cards and filters do: in French,
    "Afrique", not the English name stored in the reference table."""
    html = client.get(
        reverse("registry:community_detail", args=[community.slug]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    for query, name in [
        ("topic=pollination", "Pollinisation et pollinisateurs"),
        ("region=africa", "Afrique"),
        ("scale=national", "Nationale"),
        ("member_type=experts", "Experts et scientifiques"),
    ]:
        assert f'href="/communities/?{query}">{name}</a>' in html, query


def test_the_contact_address_is_never_shown_to_anonymous_visitors(client, community):
    html = page(client, community).content.decode()
    assert "secret-contact@example.org" not in html
    assert f'href="/communities/{community.slug}/contact/"' in html


def test_a_signed_in_visitor_sees_the_contact_address(client, community, make_user):
    community.contact_visibility = "signed_in"
    community.save(update_fields=["contact_visibility"])
    client.force_login(make_user())
    html = page(client, community).content.decode()
    assert 'href="mailto:secret-contact@example.org"' in html


def test_the_page_carries_schema_org_organization_json_ld(client, community):
    html = page(client, community).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Organization"
    assert data["name"] == "Pollinator Network"
    assert data["alternateName"] == "POLLNET"
    assert data["url"] == f"http://testserver/communities/{community.slug}/"
    assert data["description"] == "Bees & food security <everywhere>."
    assert data["sameAs"] == ["https://pollnet.example.org/"]
    assert "secret-contact@example.org" not in match.group(1)


def test_json_ld_cannot_close_its_script_element(client, make_community):
    community = make_community("Evil", summary="</script><script>alert(1)</script>")
    html = page(client, community).content.decode()
    assert "</script><script>alert(1)" not in html
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(match.group(1))["description"] == "</script><script>alert(1)</script>"


def test_the_meta_description_is_the_summary(client, community):
    html = page(client, community).content.decode()
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert html_lib.unescape(match.group(1)) == "Bees & food security <everywhere>."


def test_a_recognised_community_shows_the_supporter_badge(client, community, recognise):
    recognition = recognise(community, title="Bureau meeting, May 2026")
    html = page(client, community).content.decode()
    assert "IPBES collaborative supporter" in html
    assert "Bureau meeting, May 2026" in html
    assert recognition.task_force.name in html
    assert recognition.since.strftime("%Y") in html


def test_a_withdrawn_recognition_is_no_longer_shown(client, community, recognise, bureau):
    recognition = recognise(community)
    services.recognition_withdraw(recognition=recognition, user=bureau, reason="Inactive.")
    html = page(client, community).content.decode()
    assert "IPBES collaborative supporter" not in html


@pytest.mark.parametrize(
    "status",
    [
        Community.Status.DRAFT,
        Community.Status.SUBMITTED,
        Community.Status.RETURNED,
        Community.Status.ARCHIVED,
    ],
)
def test_an_unpublished_community_is_404_for_the_public(client, make_community, make_user, status):
    community = make_community("Hidden", status=status)
    assert page(client, community).status_code == 404
    client.force_login(make_user())
    assert page(client, community).status_code == 404


def test_an_unknown_slug_is_404(client, db):
    assert client.get("/communities/no-such-community/").status_code == 404


def test_a_coordinator_sees_their_draft_with_a_not_public_banner(client, make_community, make_user):
    owner = make_user()
    community = make_community("My draft", status=Community.Status.DRAFT, owner=owner)
    client.force_login(owner)
    response = page(client, community)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not public" in html
    assert "(Draft)" in html


def test_the_secretariat_sees_a_submitted_community_with_the_banner(
    client, make_community, secretariat
):
    community = make_community("Waiting", status=Community.Status.SUBMITTED)
    client.force_login(secretariat)
    response = page(client, community)
    assert response.status_code == 200
    assert "Not public" in response.content.decode()


def test_a_published_community_has_no_banner(client, community):
    assert "Not public" not in page(client, community).content.decode()


def test_list_and_profile_pages_are_valid_html(client, community, recognise, tmp_path):
    recognise(community)
    pages = {
        "list": client.get("/communities/").content,
        "list-filtered": client.get("/communities/?topic=nexus&region=africa&q=bee").content,
        "list-empty": client.get("/communities/?topic=scenarios-models").content,
        "detail": page(client, community).content,
        "contributions": client.get("/contributions/?activity=review-comments").content,
    }
    assert validate_html(pages, tmp_path) == []
