"""The privacy pages are valid HTML (Nu HTML Checker): the notice (left to right and
right to left), a community's contact form, the account page, the deletion page and
its refusal."""

import pytest

from tests.html_validity import validate_html

pytestmark = pytest.mark.django_db


def test_the_privacy_pages_are_valid_html(client, make_community, make_user, tmp_path):
    owner = make_user()
    community = make_community("Desk Network", owner=owner, contact_email="desk@example.org")
    pages = {
        "privacy_en": client.get("/privacy/").content,
        "privacy_ar": client.get("/privacy/", headers={"accept-language": "ar"}).content,
        "contact": client.get(f"/communities/{community.slug}/contact/").content,
        "contact_errors": client.post(f"/communities/{community.slug}/contact/", {}).content,
    }
    client.force_login(owner)
    pages["account"] = client.get("/my/account/").content
    pages["delete_refused"] = client.get("/my/account/delete/").content
    client.force_login(make_user())
    pages["delete"] = client.post("/my/account/delete/", {"password": "wrong"}).content
    assert validate_html(pages, tmp_path) == []
