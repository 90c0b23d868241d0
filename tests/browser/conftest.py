"""Browser tests: Debian's Chromium driven by Playwright, against live_server.

Skipped locally when /usr/bin/chromium is absent; CI sets REQUIRE_BROWSER=1 so
they fail instead of skipping there.
"""

import os
import shutil

import pytest

from tests.conftest import require

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop; ORM calls in the test would raise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (os.path.exists(CHROMIUM) and shutil.which("chromium")):
        require("BROWSER", "Debian's chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture
def axe_check():
    """Run axe-core (WCAG 2.2 A/AA) on the page; fail with the violations listed."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
                }
            },
        )
        violations = results.response["violations"]
        assert not violations, f"{page.url}: " + "; ".join(
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            + ", ".join(n["target"][0] for n in v["nodes"][:3])
            + ")"
            for v in violations
        )

    return check


@pytest.fixture
def live_url(live_server):
    return live_server.url
