"""User text is inert everywhere it is shown: XSS payloads in every text field
and in Markdown never become markup, script or a javascript: link on the
dashboard, the coordinator pages or the public community page."""

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from registry import services
from registry.models import (
    ActivityType,
    Community,
    Contribution,
    Deliverable,
    ImpactExample,
    ImpactScale,
    ImpactType,
    Topic,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '![logo](x" onerror="alert(1))',
    "<details open ontoggle=alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<style>body{display:none}</style>",
]
FORBIDDEN_TAGS = {"img", "svg", "iframe", "details", "style", "object", "embed"}


# The pictures the app draws itself (registry/templatetags/registry_pictures.py).
OUR_SVGS = {"map-svg", "chart-svg", "community-logo logo-placeholder"}


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.script = None
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        allowed = (tag == "img" and dict(attrs).get("src", "") != "x") or (
            tag == "svg" and dict(attrs).get("class") in OUR_SVGS
        )
        if tag in FORBIDDEN_TAGS and not allowed:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in {"href", "src", "action", "formaction"}:
                scheme = (value or "").strip().lower().replace("\t", "").replace("\n", "")
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "script":
            self.script = {"type": dict(attrs).get("type", ""), "text": ""}

    def handle_data(self, data):
        if self.script is not None:
            self.script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            self.scripts.append(self.script)
            self.script = None


def assert_inert(html, where):
    inspector = _Inspector()
    inspector.feed(html)
    problems = list(inspector.problems)
    for script in inspector.scripts:
        if script["type"] == "application/ld+json":
            try:
                json.loads(script["text"])  # a payload that broke out leaves invalid JSON
            except ValueError:
                problems.append("JSON-LD broken by user text")
        elif "alert(" in script["text"]:
            problems.append("user text inside a <script>")
    assert not problems, f"{where}: {problems}"


@pytest.fixture
def world(client, make_user, secretariat):
    owner = make_user()
    client.force_login(owner)
    return owner


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_text_field_render_inert(client, world, secretariat, payload):
    name = f"Network {PAYLOADS.index(payload)} {payload}"
    response = client.post(
        reverse("coordinator:community_create"),
        {
            "name": name,
            "acronym": payload[:30],
            "summary": payload,
            "description": f"Intro {payload}\n\n{payload}",
            "how_to_join": payload,
            "website": "https://example.org/?q=%22%3E%3Cscript%3E",
            "contact_email": "contact@example.org",
            "topics": [Topic.objects.get(slug="pollination").pk],
        },
    )
    assert response.status_code == 302, response.content[:500]
    community = Community.objects.get(name=name)
    slug = community.slug
    response = client.post(
        reverse("coordinator:contribution_create", args=[slug]),
        {
            "activity_type": ActivityType.objects.get(slug="uptake-event").pk,
            "title": payload,
            "description": payload,
            "start_date": "2025-01-15",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("coordinator:impact_create", args=[slug]),
        {
            "title": payload,
            "description": payload,
            "impact_type": ImpactType.objects.get(slug="policy").pk,
            "impact_scale": ImpactScale.objects.get(slug="national").pk,
            "date": "2024-01-15",
            "deliverables": [Deliverable.objects.get(slug="pollinators").pk],
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get(community=community)
    example = ImpactExample.objects.get(community=community)
    services.community_submit(community=community, user=world)
    services.community_return(community=community, user=secretariat, reason=payload)

    pages = {
        "dashboard": reverse("coordinator:dashboard"),
        "overview": reverse("coordinator:community_overview", args=[slug]),
        "edit": reverse("coordinator:community_edit", args=[slug]),
        "contribution edit": reverse("coordinator:contribution_edit", args=[slug, contribution.pk]),
        "contribution delete": reverse(
            "coordinator:contribution_delete", args=[slug, contribution.pk]
        ),
        "impact edit": reverse("coordinator:impact_edit", args=[slug, example.pk]),
        "coordinators": reverse("coordinator:coordinators", args=[slug]),
    }
    for where, url in pages.items():
        page = client.get(url)
        assert page.status_code == 200, where
        assert_inert(page.content.decode(), where)

    services.community_submit(community=community, user=world)
    services.community_publish(community=community, user=secretariat)
    for where, url in {
        "public page": community.get_absolute_url(),
        "archive confirmation": reverse("coordinator:community_archive", args=[slug]),
    }.items():
        page = client.get(url)
        assert page.status_code == 200, where
        assert_inert(page.content.decode(), where)


@pytest.mark.django_db
def test_markdown_keeps_safe_formatting_and_drops_the_rest(client, world):
    client.post(
        reverse("coordinator:community_create"),
        {
            "name": "Markdown network",
            "summary": "S.",
            "description": "**bold** [site](https://ipbes.net) [bad](javascript:alert(1))",
            "topics": [Topic.objects.get(slug="pollination").pk],
        },
    )
    community = Community.objects.get(name="Markdown network")
    html = client.get(reverse("coordinator:community_overview", args=[community.slug]))
    html = html.content.decode()
    assert "<strong>bold</strong>" in html
    assert '<a href="https://ipbes.net" rel="nofollow ugc noopener">site</a>' in html
    assert "javascript:" not in html.split('class="markdown"')[1].split("</div>")[0]


@pytest.mark.django_db
def test_the_inspector_catches_live_markup():
    with pytest.raises(AssertionError):
        assert_inert('<p><img src=x onerror="alert(1)"></p>', "sample")
    with pytest.raises(AssertionError):
        assert_inert('<a href=" javascript:alert(1)">x</a>', "sample")
    with pytest.raises(AssertionError):
        assert_inert('<script type="application/ld+json">{"a": "</script>', "sample")
