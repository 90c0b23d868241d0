"""The vocabulary pages, and the coordinators' TRACK and profile pages, in Chromium:
no axe-core violations (WCAG 2.2 A/AA), in English and in Arabic (right to left).

One test function: every live_server test flushes the database when it ends (see
test_accessibility.py)."""

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = [
    "/vocabularies/",
    "/vocabularies/topics/",
    "/vocabularies/topics/pollination/",
    "/vocabularies/functions/knowledge-generation/",
    "/vocabularies/deliverables/pollinators/",
    "/vocabularies/impact-types/policy/",
    "/impact/?track=1",
]


def test_vocabulary_and_track_pages_are_accessible(
    live_url, page, make_user, make_community, make_impact_example, axe_check
):
    owner = make_user()
    community = make_community("Pollinator Network Africa", owner=owner, regions=("africa",))
    example = make_impact_example(
        community, track_url="https://www.ipbes.net/impact-tracking-view/1"
    )
    for url in PUBLIC:
        response = page.goto(live_url + url)
        assert response.status == 200, url
        axe_check(page)

    page.set_extra_http_headers({"Accept-Language": "ar"})
    page.goto(live_url + "/vocabularies/regions/africa/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    axe_check(page)
    page.set_extra_http_headers({"Accept-Language": "en"})

    page.goto(live_url + "/accounts/login/")
    page.fill('input[name="login"]', owner.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main button[type="submit"]').first.click()
    page.wait_for_load_state()
    track = f"/my/communities/{community.slug}/impact/{example.pk}/track/"
    for url in (track, "/my/profile/"):
        response = page.goto(live_url + url)
        assert response.status == 200, url
        axe_check(page)
    # A refused address: the error summary and the field's message.
    page.goto(live_url + track)
    page.fill('input[name="track_url"]', "https://example.org/impact-tracking")
    page.locator('main button[type="submit"]').click()
    page.wait_for_load_state()
    assert page.locator("#id_track_url_error").is_visible()
    axe_check(page)
