"""The Content Security Policy breaks nothing: in Chromium, public pages with scripts,
the coordinator forms and the admin (change lists, change forms with their widgets,
actions, our own admin views) run without a single CSP violation."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

from registry.models import Community, Recommendation
from tests.conftest import PASSWORD
from tests.public_site_data import recognise

# No serialized rollback: after another live_server test's flush, restoring a snapshot
# collides with the content types the flush recreated; conftest reloads reference data.
pytestmark = pytest.mark.django_db(transaction=True)

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => window.reportCspViolation(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
));
"""


@pytest.fixture
def csp_page(browser):
    """A fresh page that records every CSP violation (event or console message)."""
    context = browser.new_context()
    page = context.new_page()
    page.violations = []
    page.expose_function(
        "reportCspViolation", lambda text: page.violations.append(f"{page.url}: {text}")
    )
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            page.violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def sign_in(page, live_url, email, *, then):
    page.goto(f"{live_url}/accounts/login/?next={then}")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").last.click()
    page.wait_for_url(re.compile(re.escape(then) + "$"))


def test_public_pages_with_scripts_raise_no_csp_violation(csp_page, live_url, site_data):
    communities = site_data(4)
    page = csp_page
    page.goto(live_url + "/")
    page.goto(live_url + "/communities/")
    # Live filtering (static/js/filters.js): fetch the filtered page and swap it in.
    page.locator("[data-listing-form] input[type=checkbox]").first.check()
    expect(page.locator("#results[aria-busy=true]")).to_have_count(0)
    page.wait_for_url(re.compile(r"\?"))
    page.goto(live_url + "/contributions/")
    # A community page carries schema.org JSON-LD: a data block, not a script.
    page.goto(live_url + communities[0].get_absolute_url())
    assert page.locator('script[type="application/ld+json"]').count() == 1
    page.goto(live_url + "/no-such-page/")
    assert page.violations == [], "\n".join(page.violations)


def test_coordinator_form_raises_no_csp_violation(csp_page, live_url, make_user, make_community):
    coordinator = make_user("coordinator@example.org")
    community = make_community("Form Network", status=Community.Status.DRAFT, owner=coordinator)
    page = csp_page
    sign_in(page, live_url, "coordinator@example.org", then="/my/")
    page.goto(live_url + "/my/communities/new/")
    page.get_by_role("button", name="Save as draft").click()  # errors on the fields
    expect(page.locator("#id_topics_error")).to_be_visible()
    page.goto(live_url + f"/my/communities/{community.slug}/")
    page.goto(live_url + f"/my/communities/{community.slug}/edit/")
    page.goto(live_url + "/accounts/email/")
    page.fill("#id_email", "new.address@example.org")  # then a pending change is listed
    page.locator("button[name=action_add]").click()
    expect(page.locator("form#pending-email")).to_have_count(1)
    expect(page.locator("form#pending-email")).to_be_hidden()
    page.goto(live_url + "/accounts/password/change/")
    assert page.violations == [], "\n".join(page.violations)


def admin_pages(community, review_round, recommendation, recognition):
    """Every change list and add form in the admin, a change form of each kind of
    object the test made, and our own admin views."""
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        yield reverse("admin:{}_{}_changelist".format(*info))
        yield reverse("admin:{}_{}_add".format(*info))
    yield reverse("admin:index")
    yield reverse("admin:registry_community_change", args=[community.pk])
    yield reverse("admin:registry_community_history", args=[community.pk])
    yield reverse("admin:registry_community_return", args=[community.pk])
    yield reverse("admin:registry_reviewround_change", args=[review_round.pk])
    yield reverse("admin:registry_reviewround_review", args=[review_round.pk])
    yield reverse("admin:registry_reviewround_dossier", args=[review_round.pk])
    yield reverse("admin:registry_recommendation_change", args=[recommendation.pk])
    yield reverse("admin:registry_recognition_change", args=[recognition.pk])
    yield reverse("admin:registry_recognition_withdraw", args=[recognition.pk])
    yield reverse("admin:registry_activitytype_change", args=[1])


def test_admin_raises_no_csp_violation(
    csp_page,
    live_url,
    make_user,
    make_community,
    make_contribution,
    make_round,
    make_recommendation,
    bureau,
):
    # A superuser in the task force and the Bureau: every admin page and admin view.
    staff = make_user("admin@example.org", superuser=True, groups=["Task force", "Bureau"])
    community = make_community("Admin Network", status=Community.Status.SUBMITTED)
    make_contribution(community, title="Workshop on pollinators")
    review_round = make_round("Bureau meeting")
    recognition = recognise(
        make_community("Recognised Network"),
        bureau=bureau,
        make_round=make_round,
        make_recommendation=make_recommendation,
    )
    make_community("Published Network")  # for the autocomplete
    recommendation = make_recommendation(
        community, by=staff, status=Recommendation.Status.DRAFT, round=review_round
    )
    page = csp_page
    sign_in(page, live_url, "admin@example.org", then="/admin/")
    for path in admin_pages(community, review_round, recommendation, recognition):
        response = page.goto(live_url + path)
        # Some models (logs, history) have no add form for anyone.
        assert response.status == 200 or (response.status == 403 and "/add/" in path), path

    # Widgets: prepopulated slug, filter_horizontal, calendar, autocomplete.
    page.goto(live_url + reverse("admin:registry_activitytype_add"))
    page.locator("#id_name").press_sequentially("Citizen science day")
    expect(page.locator("#id_slug")).to_have_value("citizen-science-day")
    page.locator("#id_functions_add_all").click()
    page.goto(live_url + reverse("admin:registry_reviewround_add"))
    page.locator(".datetimeshortcuts a").first.click()
    page.locator(".datetimeshortcuts .date-icon, .datetimeshortcuts a").last.click()
    page.goto(live_url + reverse("admin:registry_recommendation_add"))
    page.locator(".field-community .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Published")
    expect(page.get_by_role("option", name=re.compile("Published Network"))).to_be_visible()

    # An action, with the change list's select-all checkbox and its counter.
    page.goto(live_url + reverse("admin:registry_community_changelist"))
    page.check("#action-toggle")
    expect(page.locator(".action-counter")).to_contain_text("3 of 3")
    page.select_option("select[name=action]", "archive")
    page.click("button[name=index]")
    # The action's confirmation page, then its button.
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Archive")).click()
    expect(page.locator(".messagelist")).to_contain_text("archived")
    assert page.violations == [], "\n".join(page.violations)
