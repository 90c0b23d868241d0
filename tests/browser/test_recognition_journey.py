"""The recognition journey in a real browser: a task force member recommends a published
community in the admin and submits it into the open round; a Bureau member endorses it
on the review page; an anonymous visitor sees the badge and the supporters list."""

import re

import pytest
from playwright.sync_api import expect

from registry.models import Recognition, Recommendation
from tests.conftest import PASSWORD

# No serialized rollback: after another live_server test's flush, restoring a snapshot
# collides with the content types the flush recreated; conftest reloads reference data.
pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_url, email):
    # The admin's login is the site's sign-in page (rate limits, second factor).
    page.goto(f"{live_url}/admin/login/?next=/admin/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="IPBES CoP registry administration")).to_be_visible()


def test_recommend_endorse_and_show_as_collaborative_supporter(
    browser, live_url, make_user, make_community, make_contribution, make_round
):
    community = make_community("Pollinator Knowledge Network", summary="Farmers and scientists.")
    make_contribution(community, title="Uptake event on the pollinators assessment")
    review_round = make_round("Bureau meeting, December 2026")
    make_user("tf.member@example.org", groups=["Task force"])
    make_user("bureau.member@example.org", groups=["Bureau"])

    # A task force member recommends the community from its admin page, then submits.
    task_force_page = browser.new_context().new_page()
    sign_in(task_force_page, live_url, "tf.member@example.org")
    task_force_page.goto(f"{live_url}/admin/registry/community/{community.pk}/change/")
    task_force_page.get_by_role("link", name="Recommend for recognition").click()
    task_force_page.get_by_label("Recommending task force").select_option(index=1)
    task_force_page.get_by_label("Rationale").fill(
        "Three years of uptake events on the pollinators assessment."
    )
    task_force_page.locator(".field-supporting .select2-selection").click()
    task_force_page.locator(".select2-search__field").fill("Uptake")
    task_force_page.get_by_role("option", name="Uptake event on the pollinators assessment").click()
    task_force_page.get_by_label("Declaration of conflict of interest").fill("none")
    task_force_page.get_by_role("button", name="Save and continue editing").click()
    expect(task_force_page.locator(".messagelist")).to_contain_text("was added successfully")
    # A page says what happens next; its button submits.
    task_force_page.get_by_role("link", name="Submit to the review round…").click()
    task_force_page.get_by_role("button", name="Submit to the review round").click()
    expect(task_force_page.locator(".messagelist")).to_contain_text(
        "1 recommendation submitted to the review round."
    )
    recommendation = Recommendation.objects.get(community=community)
    assert recommendation.status == Recommendation.Status.SUBMITTED
    assert recommendation.round == review_round
    assert [c.title for c in recommendation.supporting_contributions.all()] == [
        "Uptake event on the pollinators assessment"
    ]
    task_force_page.context.close()

    # A Bureau member endorses it on the round's review page.
    bureau_page = browser.new_context().new_page()
    sign_in(bureau_page, live_url, "bureau.member@example.org")
    bureau_page.goto(f"{live_url}/admin/registry/reviewround/{review_round.pk}/review/")
    entry = bureau_page.locator(f"#recommendation-{recommendation.pk}")
    expect(entry.locator("li.supporting")).to_contain_text("Uptake event on the pollinators")
    entry.get_by_label("Endorse").check()
    entry.get_by_label("Note explaining the decision").fill("A sustained record of uptake.")
    entry.get_by_role("button", name="Record the decision").click()
    expect(bureau_page.locator(".messagelist")).to_contain_text(
        "Decision recorded for: Pollinator Knowledge Network."
    )
    assert Recognition.objects.active().filter(community=community).exists()
    bureau_page.context.close()

    # Anyone sees the badge on the community page and the community on /supporters/.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_url}/communities/{community.slug}/")
    expect(visitor.locator(".badge-supporter")).to_have_text(
        re.compile("IPBES collaborative supporter")
    )
    visitor.goto(f"{live_url}/supporters/")
    expect(visitor.get_by_role("link", name="Pollinator Knowledge Network")).to_be_visible()
    visitor.context.close()
