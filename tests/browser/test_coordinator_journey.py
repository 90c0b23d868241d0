"""A coordinator's whole journey in Chromium: sign up, confirm the e-mail,
register a community, submit it, the Secretariat publishes it in the admin, the
page is public, a contribution appears on it. axe-core on every coordinator page."""

import re

import pytest
from django.core import mail
from mailer import engine
from playwright.sync_api import expect

from registry.models import ActivityType, Community

# No serialized rollback: after another live_server test's flush, restoring a snapshot
# collides with the content types the flush recreated; conftest reloads reference data.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-journey-password-2026"


def _deliver_mail():
    engine.send_all()
    return list(mail.outbox)


def test_coordinator_journey(page, browser, live_url, axe_check, make_user):
    secretariat = make_user("secretariat@example.org", groups=["Secretariat"])
    assert secretariat.is_staff

    # Sign up.
    page.goto(live_url + "/accounts/signup/")
    axe_check(page)
    page.fill("#id_display_name", "Amina Diallo")
    page.fill("#id_email", "coordinator@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    # Read the verification mail and confirm.
    messages = [m for m in _deliver_mail() if m.to == ["coordinator@example.org"]]
    assert messages, "no verification mail"
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s/]+/", messages[-1].body)
    page.goto(live_url + re.sub(r"^https?://[^/]+", "", link.group(0)))
    axe_check(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/my/$"))
    axe_check(page)

    # Register a community.
    page.get_by_role("link", name="Register a community").first.click()
    page.wait_for_url(re.compile(r"/my/communities/new/$"))
    axe_check(page)
    page.get_by_role("button", name="Save as draft").click()  # empty: messages on the fields
    assert page.locator("#id_topics_error").is_visible()
    axe_check(page)
    page.fill("#id_name", "Journey Pollinator Network")
    page.fill("#id_summary", "Pollination experts meeting every month.")
    page.fill("#id_description", "We run **uptake events** on the pollinators assessment.")
    page.get_by_label("Pollination and pollinators").check()
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(re.compile(r"/my/communities/journey-pollinator-network/$"))
    axe_check(page)

    # Submit for review: a page says what happens next, then the button submits.
    page.get_by_role("link", name="Submit for review…").click()
    page.wait_for_url(re.compile(r"/my/communities/journey-pollinator-network/submit/$"))
    assert page.get_by_text("What happens next").is_visible()
    axe_check(page)
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(re.compile(r"/my/communities/journey-pollinator-network/$"))
    assert page.get_by_text("Submitted for review").first.is_visible()
    community = Community.objects.get(slug="journey-pollinator-network")
    assert community.status == Community.Status.SUBMITTED
    visitor = browser.new_context().new_page()
    assert visitor.goto(live_url + community.get_absolute_url()).status == 404

    # The Secretariat publishes it in the admin.
    admin_context = browser.new_context()
    admin = admin_context.new_page()
    admin.goto(live_url + "/admin/login/?next=/admin/registry/community/")
    # The admin signs in through the site's own sign-in page (rate limits, second factor).
    admin.wait_for_url(re.compile(r"/accounts/login/"))
    admin.fill("#id_login", "secretariat@example.org")
    admin.fill("#id_password", "a-long-test-password-2026")
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(re.compile(r"/admin/registry/community/"))
    admin.check(f"input[name=_selected_action][value='{community.pk}']")
    admin.select_option("select[name=action]", "publish")
    admin.click("button[name=index]")
    # The action first says what publishing does; its button publishes.
    expect(admin.get_by_role("heading", name="What happens next")).to_be_visible()
    admin.get_by_role("button", name="Publish").click()
    expect(admin.locator(".messagelist")).to_contain_text("1 community published.")
    admin_context.close()
    community.refresh_from_db()
    assert community.status == Community.Status.PUBLISHED

    # The community page is public.
    response = visitor.goto(live_url + community.get_absolute_url())
    assert response.status == 200
    assert visitor.get_by_role("heading", name="Journey Pollinator Network").first.is_visible()

    # The coordinator adds a contribution; it appears on the public page.
    page.goto(live_url + "/my/communities/journey-pollinator-network/contributions/new/")
    axe_check(page)
    activity = ActivityType.objects.get(slug="uptake-event")
    page.select_option("#id_activity_type", str(activity.pk))
    page.fill("#id_title", "Uptake workshop in Nairobi")
    page.fill("#id_start_date", "2025-05-20")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/my/communities/journey-pollinator-network/$"))
    assert page.get_by_text("Uptake workshop in Nairobi").first.is_visible()
    visitor.goto(live_url + community.get_absolute_url())
    assert visitor.get_by_text("Uptake workshop in Nairobi").first.is_visible()

    # The co-coordinators page.
    page.goto(live_url + "/my/communities/journey-pollinator-network/coordinators/")
    axe_check(page)

    # Sign out, then the sign-in page.
    page.goto(live_url + "/my/")
    page.get_by_role("button", name="Sign out").first.click()
    page.goto(live_url + "/accounts/login/")
    axe_check(page)
    page.fill("#id_login", "coordinator@example.org")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").last.click()
    page.wait_for_url(re.compile(r"/my/$"))
    assert page.get_by_text("Journey Pollinator Network").first.is_visible()


def test_other_coordinator_pages_pass_axe_and_fit_a_narrow_screen(
    page, live_url, axe_check, make_user, make_community, make_contribution
):
    from registry.models import Invitation

    owner = make_user("owner@example.org")
    community = make_community("Narrow network", owner=owner)
    contribution = make_contribution(community, title="A long-titled capacity-building workshop")
    invitation = Invitation.objects.create(community=community, email="owner@example.org")
    page.goto(live_url + "/accounts/login/")
    page.fill("#id_login", "owner@example.org")
    page.fill("#id_password", "a-long-test-password-2026")
    page.get_by_role("button", name="Sign in").last.click()
    page.wait_for_url(re.compile(r"/my/$"))

    base = f"/my/communities/{community.slug}/"
    pages = [
        "/my/",
        base,
        base + "edit/",
        base + "archive/",
        base + "coordinators/",
        base + "contributions/new/",
        base + f"contributions/{contribution.pk}/delete/",
        base + "impact/new/",
        f"/my/invitations/{invitation.token}/",
        "/accounts/email/",
        "/accounts/password/change/",
    ]
    for url in pages:
        assert page.goto(live_url + url).status == 200, url
        axe_check(page)

    page.set_viewport_size({"width": 320, "height": 640})
    overflowing = []
    for url in pages:
        page.goto(live_url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            overflowing.append(f"{url}: {width}px")
    assert overflowing == []
