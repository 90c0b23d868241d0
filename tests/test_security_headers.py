"""Every response carries the security headers: a strict Content Security Policy (no
'unsafe-inline', no nonce), Permissions-Policy, Cross-Origin-Opener-Policy and
Cross-Origin-Resource-Policy, with Referrer-Policy, nosniff and X-Frame-Options kept.
HTML pages, the admin, error pages, feeds, exports and static files alike; and no
template relies on an inline script or style the policy would block."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import include, path

from registry.models import Community

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MEDIA_ORIGINS = [
    f"{url.scheme}://{url.netloc}"
    for url in [urlsplit(getattr(settings, "S3_PUBLIC_URL", ""))]
    if url.netloc
]
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_security_headers(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    # data: for the QR code of the second factor; the bucket's origin when logos live there.
    assert csp["img-src"] == ["'self'", "data:", *MEDIA_ORIGINS]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    # Scripts and styles fall back to default-src 'self': files from this site only.
    assert "script-src" not in csp and "style-src" not in csp
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-" not in header and "nonce-" not in header
    features = dict(
        item.strip().split("=", 1) for item in response.headers["Permissions-Policy"].split(",")
    )
    for feature in DENIED_FEATURES:
        assert features[feature] == "()", feature
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def community(make_community, make_contribution):
    community = make_community("Header Network")
    make_contribution(community, title="Workshop on headers")
    return community


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/communities/", 200),
        ("/communities/{slug}/", 200),
        ("/contributions/", 200),
        ("/topics/pollination/", 200),
        ("/communities/feed/", 200),
        ("/supporters/feed/", 200),
        ("/contributions/upcoming.ics", 200),
        ("/communities/export.csv", 200),
        ("/communities/export.json", 200),
        ("/sitemap.xml", 200),
        ("/robots.txt", 200),
        ("/accounts/login/", 200),
        ("/accounts/signup/", 200),
        ("/no-such-page/", 404),
        ("/communities/no-such-community/", 404),
    ],
)
def test_every_public_page_type_carries_the_security_headers(client, community, url, status):
    response = client.get(url.format(slug=community.slug))
    assert response.status_code == status
    assert_security_headers(response)


def test_a_coordinators_pages_carry_the_security_headers(client, make_user, make_community):
    coordinator = make_user()
    community = make_community(status=Community.Status.DRAFT, owner=coordinator)
    client.force_login(coordinator)
    for url in ["/my/", "/my/communities/new/", f"/my/communities/{community.slug}/edit/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_the_admin_carries_the_security_headers(client, secretariat, community):
    client.force_login(secretariat)
    for url in [
        "/admin/",
        "/admin/registry/community/",
        f"/admin/registry/community/{community.pk}/change/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_a_redirect_carries_the_security_headers(client):
    response = client.get("/my/")
    assert response.status_code == 302
    assert_security_headers(response)


def test_a_static_file_served_by_whitenoise_carries_the_security_headers(client, settings):
    # WhiteNoise answers before the URL patterns (there are none for /static/ with
    # DEBUG off) and returns early: the header middlewares must sit above it.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert_security_headers(response)


def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", failing_view), path("", include("ipbes_cop.urls"))]
handler500 = "registry.views.public.server_error"


def test_a_server_error_page_carries_the_security_headers(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_security_headers(response)


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>"), "inline script"),
    (re.compile(r"<style\b"), "<style> block"),
    (re.compile(r"\sstyle\s*="), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def test_no_template_has_an_inline_script_or_style():
    """JSON-LD (<script type="application/ld+json">) is a data block: allowed."""
    found = []
    for template in TEMPLATES.rglob("*.html"):
        text = re.sub(r"{#.*?#}", "", template.read_text(encoding="utf-8"))
        found += [
            f"{template.relative_to(TEMPLATES)}: {what}"
            for pattern, what in INLINE
            if pattern.search(text)
        ]
    assert found == []
