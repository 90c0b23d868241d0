"""Every public page type in Chromium: no axe-core violations (WCAG 2.2 A/AA), no
horizontal scrolling at 320 px wide on the home and list pages, a working skip link.

One test function on purpose: every live_server test flushes the database when it
ends, and a later live_server test of this module could start without the rows the
data migrations made. The live server is requested before Playwright's page so that
it shares the test's database connection.
"""

import pytest

from registry.models import Community
from tests.conftest import PASSWORD
from tests.test_html_validity import public_urls

pytestmark = pytest.mark.django_db(transaction=True)

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
def demo(site_data):
    site_data(6)
    return public_urls(Community.objects.published().order_by("name").first())


def check_axe_on_every_public_page(page, live_url, urls, axe_check):
    for name, url in urls.items():
        response = page.goto(live_url + url)
        assert response.status == (404 if name == "not_found" else 200), url
        axe_check(page)


def check_no_horizontal_scroll_at_320_px(page, live_url, urls):
    page.set_viewport_size({"width": 320, "height": 640})
    overflowing = []
    for name in NARROW_PAGES:
        page.goto(live_url + urls[name])
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            overflowing.append(f"{name}: {width}px")
    assert overflowing == []
    page.set_viewport_size({"width": 1280, "height": 800})


def check_skip_link_moves_focus_to_the_main_content(page, live_url):
    page.goto(live_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def check_right_to_left_pages(page, live_url, urls, axe_check):
    """Arabic reads right to left: the page mirrors and never scrolls sideways."""
    page.set_extra_http_headers({"Accept-Language": "ar"})
    overflowing = []
    for name in ("home", "communities", "function", "coverage"):
        page.goto(live_url + urls[name])
        assert page.evaluate("document.documentElement.dir") == "rtl"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.viewport_size["width"]:
            overflowing.append(f"{name}: {width}px")
    axe_check(page)
    assert overflowing == []
    page.set_extra_http_headers({"Accept-Language": "en"})


def check_signed_in_pages(page, live_url, user, axe_check):
    page.goto(live_url + "/accounts/login/")
    page.fill('input[name="login"]', user.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main button[type="submit"]').first.click()
    page.wait_for_load_state()
    for url in ("/", "/coverage/"):
        page.goto(live_url + url)
        assert page.locator(".account-nav button").count() == 1  # the sign-out button
        axe_check(page)


def test_public_pages_are_accessible(live_url, page, demo, make_user, axe_check):
    check_axe_on_every_public_page(page, live_url, demo, axe_check)
    check_no_horizontal_scroll_at_320_px(page, live_url, demo)
    check_skip_link_moves_focus_to_the_main_content(page, live_url)
    check_right_to_left_pages(page, live_url, demo, axe_check)
    check_signed_in_pages(page, live_url, make_user(), axe_check)
