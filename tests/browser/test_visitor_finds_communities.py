"""A visitor finds communities by ticking filters, opens one, comes back and downloads
the same list as CSV: with JavaScript (live updates) and without (plain GET form)."""

import csv
import io

import pytest
from playwright.sync_api import expect

MATCH = "Andes Invasives Network"
# serialized_rollback: the flush after a live-server test would lose the reference data.
# No serialized rollback: after another live_server test's flush, restoring a snapshot
# collides with the content types the flush recreated; conftest reloads reference data.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def communities(make_community, make_contribution):
    andes = make_community(
        MATCH,
        topics=("invasive-alien-species",),
        regions=("americas",),
        scales=("national",),
        description="We map **invasive** plants in the Andes.",
        contact_email="hidden@example.org",
    )
    make_contribution(andes, title="Field guide workshop")
    make_community(
        "Caribbean Invasive Watch",
        topics=("invasive-alien-species",),
        regions=("americas",),
        scales=("regional",),
    )
    make_community(
        "Pollinators of the Americas",
        topics=("pollination",),
        regions=("americas",),
        scales=("national",),
    )
    make_community(
        "Africa Invasives",
        topics=("invasive-alien-species",),
        regions=("africa",),
        scales=("national",),
    )
    return andes


def go_to_the_list_from_home(page, live_url):
    page.goto(f"{live_url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Communities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Communities of practice")
    expect(page.locator("[data-result-count]")).to_have_text("4 communities")


def tick(page, group, label):
    page.get_by_role("group", name=group).get_by_label(label).check()


def download_csv_slugs(page):
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this list as CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as handle:
        return [row["slug"] for row in csv.DictReader(io.StringIO(handle.read()))]


def open_the_community_and_come_back(page, axe_check):
    page.get_by_role("link", name=MATCH).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(MATCH)
    # The address stays hidden behind the contact form (the default choice).
    expect(page.get_by_role("link", name="Write to this community")).to_be_visible()
    assert "hidden@example.org" not in page.content()
    if axe_check:
        axe_check(page)
    page.go_back()
    expect(page.locator("[data-result-count]")).to_have_text("1 community")


def test_with_javascript_ticking_filters_updates_the_list_in_place(
    page, live_url, communities, axe_check
):
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    go_to_the_list_from_home(page, live_url)
    axe_check(page)

    tick(page, "Topic", "Invasive alien species")
    expect(page.locator("[data-result-count]")).to_have_text("3 communities")
    expect(page.locator("#listing-status")).to_have_text("3 communities")
    tick(page, "IPBES region", "Americas")
    expect(page.locator("[data-result-count]")).to_have_text("2 communities")
    tick(page, "Scale", "National")
    expect(page.locator("[data-result-count]")).to_have_text("1 community")
    expect(page.locator("#listing-status")).to_have_text("1 community")
    # The address bar follows, so the state is a shareable link.
    assert "topic=invasive-alien-species" in page.url
    assert "region=americas" in page.url
    assert "scale=national" in page.url
    expect(page.get_by_role("link", name="Caribbean Invasive Watch")).to_have_count(0)
    axe_check(page)

    open_the_community_and_come_back(page, axe_check)
    assert download_csv_slugs(page) == [communities.slug]

    # Removing a filter chip widens the list again, still without a page load.
    page.get_by_role("link", name="Scale: National (remove this filter)").click()
    expect(page.locator("[data-result-count]")).to_have_text("2 communities")
    assert "scale=national" not in page.url
    expect(page.get_by_role("group", name="Scale").get_by_label("National")).not_to_be_checked()
    # Back restores the previous state of the list (popstate).
    page.go_back()
    expect(page.locator("[data-result-count]")).to_have_text("1 community")
    expect(page.get_by_role("group", name="Scale").get_by_label("National")).to_be_checked()
    assert script_errors == []


def test_without_javascript_the_plain_form_gives_the_same_journey(browser, live_url, communities):
    # axe-core is a script, so it cannot run here; the JavaScript journey runs it.
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        go_to_the_list_from_home(page, live_url)
        tick(page, "Topic", "Invasive alien species")
        tick(page, "IPBES region", "Americas")
        tick(page, "Scale", "National")
        # Nothing happens until the form is submitted.
        expect(page.locator("[data-result-count]")).to_have_text("4 communities")
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("[data-result-count]")).to_have_text("1 community")
        assert "topic=invasive-alien-species" in page.url
        assert "region=americas" in page.url
        assert "scale=national" in page.url

        open_the_community_and_come_back(page, axe_check=None)
        assert download_csv_slugs(page) == [communities.slug]
    finally:
        context.close()
