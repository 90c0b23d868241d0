"""The world map and the charts in Chromium: no axe-core violations on the front page,
/coverage/ and a function page with a chart; each country is a keyboard-reachable link
with its name and count, and it works with JavaScript turned off.

One test function (see test_accessibility.py: live_server flushes the database)."""

import re

import pytest

from registry.models import Community
from tests.public_site_data import ACTIVITIES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mapped(site_data, make_contribution):
    site_data(6)  # communities in Kenya, Brazil and France
    community = Community.objects.published().order_by("name").first()
    for activity in ACTIVITIES:
        make_contribution(community, activity=activity, topics=["pollination"])


def check_axe(page, live_url, axe_check):
    for url in ("/", "/coverage/", "/topics/pollination/", "/functions/building-capacity/"):
        page.goto(live_url + url)
        assert page.locator("svg.map-svg, svg.chart-svg").count() >= 1, url
        axe_check(page)


def check_a_country_is_a_named_link_that_lists_its_communities(page, live_url):
    page.goto(live_url + "/coverage/")
    kenya = page.locator('svg.map-svg a[href$="?country=KE"]')
    label = kenya.get_attribute("aria-label")
    assert re.fullmatch(r"Kenya: \d+ communit(y|ies)", label)
    kenya.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == label
    page.keyboard.press("Enter")
    page.wait_for_url("**/communities/?country=KE")
    count = int(label.split(": ")[1].split()[0])
    assert page.locator(".community-card").count() == count


def check_the_map_works_without_javascript(browser, live_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_url + "/")
        box = page.locator("svg.map-svg").bounding_box()
        assert box["width"] > 300 and box["height"] > 100
        page.locator('svg.map-svg a[href$="?country=BR"] path').click()
        page.wait_for_url("**/communities/?country=BR")
        assert page.locator(".community-card").count() >= 1
    finally:
        context.close()


def test_map_and_charts_are_accessible(live_url, page, browser, mapped, axe_check):
    check_axe(page, live_url, axe_check)
    check_a_country_is_a_named_link_that_lists_its_communities(page, live_url)
    check_the_map_works_without_javascript(browser, live_url)
