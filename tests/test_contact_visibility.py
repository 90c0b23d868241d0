"""Who sees a community's contact address: its choice (the contact form, signed-in
people, everyone), on its page, in its JSON-LD, in exports and feeds."""

import json
import re

import pytest
from django.urls import reverse

from registry import permissions
from registry.models import ContactVisibility

ADDRESS = "contact-desk@pollinators.example.org"
FORM, SIGNED_IN, EVERYONE = (
    ContactVisibility.FORM,
    ContactVisibility.SIGNED_IN,
    ContactVisibility.EVERYONE,
)

# (choice, viewer) -> does the page show the address?
SHOWN_ON_PAGE = {
    (FORM, "anonymous"): False,
    (FORM, "signed_in"): False,
    (FORM, "coordinator"): True,
    (FORM, "secretariat"): True,
    (SIGNED_IN, "anonymous"): False,
    (SIGNED_IN, "signed_in"): True,
    (SIGNED_IN, "coordinator"): True,
    (SIGNED_IN, "secretariat"): True,
    (EVERYONE, "anonymous"): True,
    (EVERYONE, "signed_in"): True,
    (EVERYONE, "coordinator"): True,
    (EVERYONE, "secretariat"): True,
}


@pytest.fixture
def owner(make_user):
    return make_user("owner@example.org")


@pytest.fixture
def community_choosing(make_community, owner):
    def make(choice):
        return make_community(
            "Pollinator Desk", owner=owner, contact_email=ADDRESS, contact_visibility=choice
        )

    return make


@pytest.fixture
def viewer(client, make_user, owner, secretariat):
    def sign_in(who):
        user = {
            "anonymous": None,
            "signed_in": make_user(),
            "coordinator": owner,
            "secretariat": secretariat,
        }[who]
        if user is not None:
            client.force_login(user)
        return user

    return sign_in


def _json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize(("choice", "who"), list(SHOWN_ON_PAGE))
def test_the_community_page_shows_the_address_only_to_whom_the_community_chose(
    client, community_choosing, viewer, choice, who
):
    community = community_choosing(choice)
    user = viewer(who)
    html = client.get(community.get_absolute_url()).content.decode()
    shown = SHOWN_ON_PAGE[(choice, who)]
    assert (f'href="mailto:{ADDRESS}"' in html) is shown
    assert (ADDRESS in html) is shown
    # Those who may not see it get the contact form's page instead.
    assert (reverse("registry:community_contact", args=[community.slug]) in html) is not shown
    assert permissions.contact_email_for(user, community) == (ADDRESS if shown else "")
    # JSON-LD carries it only when it is for everyone, whoever looks.
    assert ("email" in _json_ld(html)) is (choice == EVERYONE)


@pytest.mark.django_db
@pytest.mark.parametrize("choice", [FORM, SIGNED_IN, EVERYONE])
def test_public_contact_email_is_the_address_only_for_everyone(community_choosing, choice):
    community = community_choosing(choice)
    assert community.public_contact_email == (ADDRESS if choice == EVERYONE else "")


@pytest.mark.django_db
@pytest.mark.parametrize("choice", [FORM, SIGNED_IN])
@pytest.mark.parametrize("who", ["anonymous", "signed_in", "coordinator"])
def test_exports_and_feeds_never_carry_an_address_not_chosen_for_everyone(
    client, community_choosing, viewer, choice, who
):
    community_choosing(choice)
    viewer(who)
    for name in ("community_export_csv", "community_export_json", "community_feed"):
        response = client.get(reverse(f"registry:{name}"))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200
        assert "Pollinator Desk" in body.decode()
        assert ADDRESS not in body.decode(), name


@pytest.mark.django_db
def test_the_exports_carry_the_address_a_community_shows_everyone(client, community_choosing):
    community_choosing(EVERYONE)
    for name in ("community_export_csv", "community_export_json"):
        response = client.get(reverse(f"registry:{name}"))
        assert ADDRESS in b"".join(response.streaming_content).decode(), name


@pytest.mark.django_db
def test_an_anonymous_community_page_touches_no_session_whatever_the_choice(
    client, community_choosing, settings
):
    # (The footer's language form still sets the CSRF cookie: the caching work removes it.)
    for choice in (FORM, SIGNED_IN, EVERYONE):
        community = community_choosing(choice)
        response = client.get(community.get_absolute_url())
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode().split("site-footer")[0]
        community.delete()


@pytest.mark.django_db
def test_a_new_community_uses_the_contact_form_unless_its_coordinators_choose(client, make_user):
    from registry.models import Community, Topic

    client.force_login(make_user())
    data = {
        "name": "Quiet Network",
        "summary": "Says little.",
        "contact_email": ADDRESS,
        "topics": [Topic.objects.get(slug="pollination").pk],
    }
    client.post(reverse("coordinator:community_create"), data)
    assert Community.objects.get(name="Quiet Network").contact_visibility == FORM
    client.post(
        reverse("coordinator:community_create"),
        {**data, "name": "Open Network", "contact_visibility": "everyone"},
    )
    assert Community.objects.get(name="Open Network").contact_visibility == EVERYONE
    response = client.post(
        reverse("coordinator:community_create"),
        {**data, "name": "Odd Network", "contact_visibility": "the-moon"},
    )
    assert response.status_code == 200
    assert not Community.objects.filter(name="Odd Network").exists()
