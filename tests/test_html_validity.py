"""Every public page type is valid HTML (Nu HTML Checker) on demo-like data."""

import pytest

from registry.models import Community
from tests.html_validity import validate_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(site_data):
    return site_data(6)


def public_urls(community):
    """The public page types, by name: the list shared with the accessibility tests."""
    return {
        "home": "/",
        "communities": "/communities/",
        "communities_filtered": "/communities/?topic=pollination&region=africa",
        "community": community.get_absolute_url(),
        "topics": "/topics/",
        "topic": "/topics/pollination/",
        "functions": "/functions/",
        "function": "/functions/building-capacity/",
        "contributions": "/contributions/",
        "impact": "/impact/",
        "impact_filtered": "/impact/?region=africa&deliverable=nope",
        "supporters": "/supporters/",
        "coverage": "/coverage/",
        "about": "/about/",
        "not_found": "/no/such/page/",
        "sign_in": "/accounts/login/",
    }


def test_every_public_page_type_is_valid_html(client, demo, tmp_path):
    supporter = Community.objects.published().order_by("name").first()
    pages = {}
    for name, url in public_urls(supporter).items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not_found" else 200), url
        pages[name] = response.content
    assert validate_html(pages, tmp_path) == []


def test_signed_in_header_is_valid_html(client, demo, make_user, tmp_path):
    client.force_login(make_user())
    pages = {"home_signed_in": client.get("/").content}
    assert validate_html(pages, tmp_path) == []


def test_500_page_is_valid_html(tmp_path):
    from django.template import loader

    assert validate_html({"server_error": loader.get_template("500.html").render()}, tmp_path) == []


@pytest.mark.parametrize("language", ["fr", "es", "ar", "zh-hans", "ru"])
def test_every_public_page_type_is_valid_html_in_every_language(client, demo, tmp_path, language):
    # Translations carry markup (links, emphasis): a slip there would break the page.
    supporter = Community.objects.published().order_by("name").first()
    pages = {}
    for name, url in public_urls(supporter).items():
        response = client.get(url, headers={"accept-language": language})
        assert f'lang="{language}"' in response.content.decode()
        pages[f"{language}-{name}"] = response.content
    assert validate_html(pages, tmp_path) == []
