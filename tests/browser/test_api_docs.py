"""The API's documentation page renders in Chromium under the site's Content Security
Policy: Swagger UI, from the app's own static files, lists the endpoints, with no CSP
violation and no request to another origin."""

import pytest
from playwright.sync_api import expect

# No serialized rollback (see test_csp.py); conftest reloads the reference data.
pytestmark = pytest.mark.django_db(transaction=True)

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => window.reportCspViolation(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
));
"""


def test_the_docs_page_lists_the_endpoints_with_no_csp_violation(browser, live_url, site_data):
    site_data(2)
    context = browser.new_context()
    page = context.new_page()
    violations, elsewhere = [], []
    page.expose_function("reportCspViolation", lambda text: violations.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((live_url, "data:")) else elsewhere.append(request.url)
        ),
    )
    response = page.goto(live_url + "/api/v1/docs/")
    assert "script-src" in response.headers["content-security-policy"] or (
        "default-src 'self'" in response.headers["content-security-policy"]
    )
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("IPBES")
    for path in ("/api/v1/communities/", "/api/v1/contributions/", "/api/v1/topics/"):
        expect(page.locator(f'.opblock-summary-path[data-path="{path}"]').first).to_be_visible()
    # Open one operation and try it: the answer comes from the same origin.
    page.locator('.opblock-summary-path[data-path="/api/v1/topics/"]').first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table .response .response-col_status").first).to_have_text(
        "200"
    )
    context.close()
    assert violations == [], "\n".join(violations)
    assert elsewhere == [], elsewhere
