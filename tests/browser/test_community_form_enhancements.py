"""The community form in Chromium: the searchable country picker (and the plain
select it enhances), the summary's live counter, axe-core clean on the new states."""

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_url, user):
    page.goto(live_url + "/accounts/login/")
    page.fill('input[name="login"]', user.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main button[type="submit"]').first.click()
    page.wait_for_load_state()


def test_country_picker_and_counter(live_url, page, make_user, axe_check):
    sign_in(page, live_url, make_user())
    page.goto(live_url + "/my/communities/new/")
    assert not page.locator("#id_countries").is_visible()
    page.fill("#id_countries-search", "keny")
    visible = page.locator(".country-options li:not([hidden])")
    assert visible.count() == 1
    visible.first.locator("input").check()
    assert page.locator(".country-chosen .chip").inner_text().startswith("Kenya")
    assert page.evaluate(
        "Array.from(document.getElementById('id_countries').selectedOptions).map(o => o.value)"
    ) == ["KE"]
    page.fill("#id_summary", "Bees.")
    assert page.locator("#id_summary-count").inner_text() == "5 of 300 characters"
    axe_check(page)
    page.locator(".country-chosen .chip").click()
    assert page.evaluate("document.getElementById('id_countries').selectedOptions.length") == 0
    # Save the community with a country and a bad input: the form comes back with errors.
    page.fill("#id_countries-search", "france")
    page.locator(".country-options li:not([hidden]) input").first.check()
    page.fill("#id_name", "")
    page.locator('form.stacked-form button[type="submit"]').first.click()
    page.wait_for_load_state()
    assert page.locator(".field-errors").count() >= 1
    assert page.locator(".country-chosen .chip").inner_text().startswith("France")
    axe_check(page)


def test_without_javascript_the_countries_are_a_plain_select(live_url, browser, make_user):
    user = make_user()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_url, user)
        page.goto(live_url + "/my/communities/new/")
        assert page.locator("select#id_countries[multiple]").is_visible()
        assert page.locator('textarea#id_summary[maxlength="300"]').count() == 1
    finally:
        context.close()
