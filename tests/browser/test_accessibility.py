"""Every public page type in Chromium: no axe-core violations (WCAG 2.2 A/AA), and no
horizontal scrolling at 320 px wide on the home and list pages."""

import pytest

from registry.models import Community
from tests.public_site_data import build
from tests.test_html_validity import public_urls

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NARROW_PAGES = [
    "home",
    "communities",
    "contributions",
    "topics",
    "impact",
    "supporters",
    "coverage",
]


@pytest.fixture
def demo(
    make_community, make_contribution, make_impact_example, make_round, make_recommendation, bureau
):
    build(
        n=6,
        make_community=make_community,
        make_contribution=make_contribution,
        make_impact_example=make_impact_example,
        make_round=make_round,
        make_recommendation=make_recommendation,
        bureau=bureau,
    )
    return public_urls(Community.objects.published().order_by("name").first())


def test_public_pages_have_no_axe_violations(page, live_url, demo, axe_check):
    for name, url in demo.items():
        response = page.goto(live_url + url)
        assert response.status == (404 if name == "not_found" else 200), url
        axe_check(page)


def test_no_horizontal_scroll_at_320_px(page, live_url, demo):
    page.set_viewport_size({"width": 320, "height": 640})
    overflowing = []
    for name in NARROW_PAGES:
        page.goto(live_url + demo[name])
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            overflowing.append(f"{name}: {width}px")
    assert overflowing == []


def test_skip_link_moves_focus_to_the_main_content(page, live_url, demo):
    page.goto(live_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_signed_in_pages_have_no_axe_violations(page, live_url, demo, make_user, axe_check):
    from tests.conftest import PASSWORD

    user = make_user()
    page.goto(live_url + "/accounts/login/")
    page.fill('input[name="login"]', user.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main button[type="submit"]').first.click()
    page.wait_for_load_state()
    for url in ("/", "/coverage/"):
        page.goto(live_url + url)
        assert page.locator(".account-nav button").count() == 1  # the sign-out button
        axe_check(page)
