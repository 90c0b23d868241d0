"""Registering and editing a community: sections, required topics, field-level
messages, Markdown description, live edits with history; valid HTML."""

import re

import pytest
from django.urls import reverse

from registry.models import Community, Function, Language, Membership, Region, Topic, TransitionLog


def _data(**overrides):
    data = {
        "name": "Pollinator Network Africa",
        "acronym": "PNA",
        "summary": "Experts and practitioners working on pollinators across Africa.",
        "description": "We run **workshops** on the [pollinators assessment](https://ipbes.net).",
        "website": "https://pollinators.example.org",
        "contact_email": "hello@pollinators.example.org",
        "year_founded": "2017",
        "member_count": "120",
        "how_to_join": "Write to us.",
        "topics": [Topic.objects.get(slug="pollination").pk],
        "functions": [Function.objects.get(slug="building-capacity").pk],
        "regions": [Region.objects.get(slug="africa").pk],
        "countries": ["KE", "GH"],
        "languages": [Language.objects.get(slug="en").pk],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_registering_creates_a_draft_owned_by_the_user(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("coordinator:community_create"), _data())
    community = Community.objects.get(name="Pollinator Network Africa")
    assert response.status_code == 302
    assert response["Location"] == reverse("coordinator:community_overview", args=[community.slug])
    assert community.slug == "pollinator-network-africa"
    assert community.status == Community.Status.DRAFT
    assert list(community.countries) == ["GH", "KE"] or set(community.countries) == {"KE", "GH"}
    assert community.topics.filter(slug="pollination").exists()
    assert Membership.objects.get(community=community).user == user
    assert Membership.objects.get(community=community).role == Membership.Role.OWNER
    assert TransitionLog.objects.filter(community=community, to_status="draft").exists()


@pytest.mark.django_db
def test_status_and_slug_in_the_post_are_ignored(client, make_user):
    client.force_login(make_user())
    client.post(
        reverse("coordinator:community_create"),
        _data(status="published", slug="chosen-slug"),
    )
    community = Community.objects.get(name="Pollinator Network Africa")
    assert community.status == Community.Status.DRAFT
    assert community.slug == "pollinator-network-africa"


@pytest.mark.django_db
def test_the_form_has_sections_and_checkboxes(client, make_user):
    client.force_login(make_user())
    html = client.get(reverse("coordinator:community_create")).content.decode()
    for legend in ("About", "Focus", "Contact and joining", "Logo"):
        assert f"<legend>{legend}</legend>" in html
    assert re.search(r'<input type="checkbox" name="topics" value="\d+"', html)
    assert 'aria-describedby="id_description_helptext"' in html
    assert 'name="status"' not in html
    assert 'name="slug"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("topics", None, "Choose at least one topic."),
        ("name", "", "Enter the community&#x27;s name."),
        ("summary", "x" * 301, "at most 300 characters"),
        ("website", "javascript:alert(1)", "starting with http:// or https://"),
        ("website", "ftp://example.org/file", "starting with http:// or https://"),
        ("contact_email", "not-an-address", "Enter a valid email address."),
        ("year_founded", "2999", "cannot be in the future"),
        ("year_founded", "1800", "greater than or equal to 1900"),
        ("member_count", "-5", "greater than or equal to 0"),
        ("countries", ["XX"], "Select a valid choice"),
    ],
)
def test_bad_input_shows_a_message_on_the_field_and_saves_nothing(
    client, make_user, field, value, message
):
    client.force_login(make_user())
    data = _data()
    if value is None:
        data.pop(field)
    else:
        data[field] = value
    response = client.post(reverse("coordinator:community_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(rf'<div class="field-errors" id="id_{field}_error">(.*?)</div>', html, re.S)
    assert errors, f"no error block for {field}"
    assert message in errors.group(1)
    assert "form-error-summary" in html
    assert not Community.objects.filter(name="Pollinator Network Africa").exists()


@pytest.mark.django_db
def test_error_is_linked_to_its_input(client, make_user):
    client.force_login(make_user())
    response = client.post(reverse("coordinator:community_create"), _data(website="nope"))
    html = response.content.decode()
    assert re.search(
        r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="id_website_error"', html
    )
    # A group of checkboxes is described on its fieldset.
    response = client.post(reverse("coordinator:community_create"), _data(topics=[]))
    html = response.content.decode()
    assert re.search(r'<fieldset class="choice-group" aria-describedby="[^"]*id_topics_error', html)


@pytest.mark.django_db
def test_editing_a_published_community_stays_live_and_keeps_history(
    client, make_user, make_community
):
    owner = make_user()
    community = make_community("Seed network", owner=owner)
    client.force_login(owner)
    response = client.post(
        reverse("coordinator:community_edit", args=[community.slug]),
        _data(name="Seed network renamed"),
    )
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.name == "Seed network renamed"
    assert community.status == Community.Status.PUBLISHED
    assert community.slug == "seed-network"  # stable public URL
    latest = community.history.first()
    assert latest.name == "Seed network renamed"
    assert latest.history_user == owner


@pytest.mark.django_db
def test_edit_form_shows_the_current_values(client, make_user, make_community):
    owner = make_user()
    community = make_community("Seed network", owner=owner, website="https://seed.example.org")
    client.force_login(owner)
    html = client.get(reverse("coordinator:community_edit", args=[community.slug])).content.decode()
    assert 'value="Seed network"' in html
    assert 'value="https://seed.example.org"' in html
    assert "Save changes" in html


@pytest.mark.django_db
def test_the_description_is_rendered_as_sanitised_markdown(client, make_user):
    client.force_login(make_user())
    client.post(reverse("coordinator:community_create"), _data())
    community = Community.objects.get(name="Pollinator Network Africa")
    html = client.get(
        reverse("coordinator:community_overview", args=[community.slug])
    ).content.decode()
    assert "<strong>workshops</strong>" in html
    assert 'href="https://ipbes.net"' in html
    assert 'rel="nofollow ugc noopener"' in html


@pytest.mark.django_db
def test_coordinator_pages_are_valid_html(
    client, make_user, make_community, make_contribution, make_impact_example, tmp_path
):
    from allauth.account.models import EmailAddress

    from tests.html_validity import validate_html

    owner = make_user()
    # A pending change of address shows more of the e-mail page.
    EmailAddress.objects.create(user=owner, email="next@example.org", verified=False)
    community = make_community("Valid network", owner=owner)
    contribution = make_contribution(community)
    example = make_impact_example(community)
    from registry.models import Invitation

    invitation = Invitation.objects.create(community=community, email="friend@example.org")
    client.force_login(owner)
    slug = community.slug
    urls = {
        "invitation": reverse("coordinator:invitation_accept", args=[invitation.token]),
        "dashboard": reverse("coordinator:dashboard"),
        "register": reverse("coordinator:community_create"),
        "overview": reverse("coordinator:community_overview", args=[slug]),
        "edit": reverse("coordinator:community_edit", args=[slug]),
        "archive": reverse("coordinator:community_archive", args=[slug]),
        "contribution": reverse("coordinator:contribution_create", args=[slug]),
        "contribution_delete": reverse(
            "coordinator:contribution_delete", args=[slug, contribution.pk]
        ),
        "impact": reverse("coordinator:impact_edit", args=[slug, example.pk]),
        "coordinators": reverse("coordinator:coordinators", args=[slug]),
        "email": reverse("account_email"),
        "logout": reverse("account_logout"),
        "password": reverse("account_change_password"),
    }
    pages = {name: client.get(url).content for name, url in urls.items()}
    pages["edit_errors"] = client.post(
        urls["edit"], _data(topics=[], website="ftp://example.org")
    ).content
    client.logout()
    for name in ("account_login", "account_signup", "account_reset_password"):
        pages[name] = client.get(reverse(name)).content
    pages["invitation_anonymous"] = client.get(urls["invitation"]).content
    assert validate_html(pages, tmp_path) == []
