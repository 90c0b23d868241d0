"""On a phone (375 × 812): the first result is on the first screen of every
listing, nothing scrolls sideways, in English and in Arabic; the filters sit behind
a "Filter (n active)" control that works without JavaScript.

One test function: every live_server test flushes the database when it ends.
"""

import pytest

from registry.models import Community
from tests.test_html_validity import public_urls

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}
LISTINGS = {
    "communities": ("/communities/", ".card-list > li"),
    "contributions": ("/contributions/", ".card-list > li"),
    "impact": ("/impact/", ".impact-list > li"),
}


def first_result_problems(page, live_url):
    problems = []
    for name, (url, selector) in LISTINGS.items():
        page.goto(live_url + url)
        first = page.locator(selector).first
        box = first.bounding_box()
        if box is None or box["y"] + min(box["height"], 40) > PHONE["height"]:
            problems.append(f"{name}: first result at {box and box['y']}px")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{name}: {width}px wide")
    return problems


def sideways_problems(page, live_url, urls):
    problems = []
    for name in ("home", "communities", "community", "contributions", "impact", "supporters"):
        page.goto(live_url + urls[name])
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{name}: {width}px wide")
    return problems


def check_filter_control(page, live_url, axe_check):
    page.goto(live_url + "/communities/?topic=pollination&region=africa")
    summary = page.locator("summary.filter-toggle-summary")
    assert summary.is_visible()
    assert "2" in summary.inner_text()
    assert not page.locator("#filter-panel .facet").first.is_visible()
    summary.click()
    assert page.locator("#filter-panel .facet").first.is_visible()
    axe_check(page)
    # The main navigation is one row high.
    nav = page.locator(".main-nav").bounding_box()
    assert nav["height"] < 60, nav


def check_wide_screen_shows_the_filters(page, live_url):
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(live_url + "/communities/")
    assert page.locator("#filter-panel .facet").first.is_visible()
    assert not page.locator("summary.filter-toggle-summary").is_visible()
    page.set_viewport_size(PHONE)


def test_phone_first_listings(live_url, page, site_data, axe_check):
    site_data(6)
    urls = public_urls(Community.objects.published().order_by("name").first())
    page.set_viewport_size(PHONE)
    assert first_result_problems(page, live_url) == []
    assert sideways_problems(page, live_url, urls) == []
    check_filter_control(page, live_url, axe_check)
    check_wide_screen_shows_the_filters(page, live_url)
    page.set_extra_http_headers({"Accept-Language": "ar"})
    page.goto(live_url + "/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert first_result_problems(page, live_url) == []
    assert sideways_problems(page, live_url, urls) == []
    axe_check(page)


def test_filters_work_without_javascript(live_url, browser, site_data):
    site_data(3)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(live_url + "/communities/")
        page.locator("summary.filter-toggle-summary").click()
        page.locator("#f-topic-pollination").check()
        page.locator("#filter-panel button[type=submit]").click()
        page.wait_for_load_state()
        assert "topic=pollination" in page.url
        assert "1" in page.locator("summary.filter-toggle-summary").inner_text()
    finally:
        context.close()
