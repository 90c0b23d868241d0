"""Bad input in URLs never gives a server error.

Every URL pattern of the project (admin and allauth included) is requested with
each parameter replaced by strings holding control characters and other nasties,
as an anonymous visitor, a coordinator and the Secretariat; so is every filter
of the public lists and of every admin change list. Control characters (NUL and
the other C0 controls), percent-encoded or raw, give our 404 page; nothing gives
a 500.

The corpus is fixed, so a failure is reproducible. To keep the file fast, each
(URL, parameter) gets a few values of the corpus, rotating with its position and
the role, so that together the roles try every value on every kind of parameter;
every single control character is tried on its own in the first tests.
"""

import itertools
import re
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from registry.filters import CommunityFilterSet, ContributionFilterSet, ImpactFilterSet
from registry.models import Community, Invitation

EVERY_CONTROL = [chr(code) for code in range(0x20)] + ["\x7f"]
CONTROL = ["\x00", "a\x00b", "\x01", "\x08", "\t", "\n", "\r\n", "\x0b", "\x1b[31m", "\x1f", "\x7f"]
# The test client's URL parser drops raw tab, CR and LF, so raw forms use the others.
RAW_CONTROL = [value for value in CONTROL if not set(value) & set("\t\n\r")]
OTHER = [
    "x" * 3000,
    "ünïcødé 名前 😀",
    "\u202eevil",
    "%",
    "%ff",
    "'",
    "' OR '1'='1",
    '"><script>alert(1)</script>',
    "9" * 30,
    "-1",
    "..",
]
ROLES = ["anonymous", "coordinator", "secretariat"]


@pytest.fixture
def world(make_user, make_community, make_contribution, make_impact_example, secretariat):
    owner = make_user("owner@example.org")
    published = make_community("Published network", owner=owner)
    make_community("Draft network", status=Community.Status.DRAFT, owner=owner)
    make_contribution(published, title="Uptake event")
    make_impact_example(published, title="A national policy")
    Invitation.objects.create(community=published, email="friend@example.org")
    return {"anonymous": None, "coordinator": owner, "secretariat": secretariat}


def _client(world, role):
    # Errors come back as 500 responses (collected below), not as exceptions.
    client = Client(raise_request_exception=False)
    if world[role] is not None:
        client.force_login(world[role])
    return client


def _failures(client, requests, *, expect_404=False):
    failures = []
    for method, url in requests:
        status = getattr(client, method)(url).status_code
        if status >= 500 or (expect_404 and status != 404):
            failures.append((method, url[:120], status))
    return failures


def _rotation(values, position, count):
    """``count`` values of the corpus, starting at ``position`` (wrapping)."""
    return [values[(position + k) % len(values)] for k in range(count)]


def _form(value, *, raw=False):
    return value if raw else quote(value, safe="")


# --- Every control character, on its own ------------------------------------------


@pytest.mark.django_db
def test_each_control_character_in_a_path_or_a_query_gives_404(world):
    client = _client(world, "coordinator")
    requests = []
    for char in EVERY_CONTROL:
        forms = [_form(char)] + ([char] if char not in "\t\n\r" else [])
        for text in forms:
            requests += [
                ("get", f"/my/invitations/{text}/"),
                ("post", f"/communities/a{text}b/"),
                ("get", f"/communities/?topic={text}"),
                ("get", f"/communities/?{text}=1"),
            ]
    assert _failures(client, requests, expect_404=True) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/my/invitations/%00/", "/my/invitations/\x00/", "/communities/%00/", "/admin/%00/"],
)
def test_the_measured_cases_give_our_404_page(client, world, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<html" in html
    assert "\x00" not in html  # the page never echoes the characters back


@pytest.mark.django_db
def test_the_measured_admin_filter_gives_404(client, world):
    client.force_login(world["secretariat"])
    assert client.get("/admin/registry/community/?status=%00").status_code == 404
    assert client.get("/admin/registry/community/?q=%00").status_code == 404
    assert client.get("/admin/registry/community/?status=published").status_code == 200


# --- Every URL pattern ---------------------------------------------------------------


def _patterns(patterns=None, prefix=""):
    """Every URL pattern of the project as a template whose parameters are {name}."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern).lstrip("^").rstrip("$").replace(r"\Z", "")
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)  # regex groups
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)  # path converters
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + route)
        else:
            assert isinstance(entry, URLPattern)
            yield "/" + prefix + route


def _plausible(name):
    return {"slug": "published-network", "app_label": "registry"}.get(name, "1")


def _path_cases():
    """(template, parameter, position) for every parameter of every pattern."""
    counter = itertools.count()
    for template in _patterns():
        for name in re.findall(r"{(\w+)}", template):
            yield template, name, next(counter)


def _fill(template, name, text):
    url = template.replace("{" + name + "}", text)
    return re.sub(r"{(\w+)}", lambda match: _plausible(match.group(1)), url)


def test_every_pattern_of_the_project_is_walked():
    templates = list(_patterns())
    assert "/my/invitations/{token}/" in templates
    assert "/admin/registry/community/{object_id}/change/" in templates
    assert "/admin/{url}" in templates
    assert any(template.startswith("/accounts/") for template in templates)
    assert len(templates) > 100


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_control_characters_in_any_path_parameter_give_404(world, role):
    client = _client(world, role)
    offset = ROLES.index(role)
    requests = []
    for template, name, position in _path_cases():
        # Alternately a percent-encoded GET and a raw POST.
        if position % 2 == 0:
            (value,) = _rotation(CONTROL, position + offset, 1)
            requests.append(("get", _fill(template, name, _form(value))))
        else:
            (value,) = _rotation(RAW_CONTROL, position + offset, 1)
            requests.append(("post", _fill(template, name, _form(value, raw=True))))
    assert _failures(client, requests, expect_404=True) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_other_nasty_path_parameters_never_give_a_server_error(world, role):
    client = _client(world, role)
    offset = 2 * ROLES.index(role)
    requests = [
        ("get", _fill(template, name, _form(value)))
        for template, name, position in _path_cases()
        for value in _rotation(OTHER, position + offset, 2)
    ]
    assert _failures(client, requests) == []


# --- Query parameters: public lists and admin change lists ----------------------------

PUBLIC_LISTS = {
    "registry:community_list": list(CommunityFilterSet.base_filters),
    "registry:community_export_csv": list(CommunityFilterSet.base_filters),
    "registry:community_export_json": list(CommunityFilterSet.base_filters),
    "registry:community_feed": list(CommunityFilterSet.base_filters),
    "registry:contribution_list": list(ContributionFilterSet.base_filters),
    "registry:contributions_ics": list(ContributionFilterSet.base_filters),
    "registry:impact_list": list(ImpactFilterSet.base_filters),
    "registry:supporter_list": [],
    "registry:coverage": ["rows", "columns"],
    "registry:home": [],
}


def _public_cases():
    """(path, parameter names) of each public list; page, q and sort everywhere."""
    for name, filters in PUBLIC_LISTS.items():
        yield reverse(name), [*filters, "page", "q", "sort"]


# The exports and feeds share the lists' FilterSets: one parameter at a time on
# the lists, every parameter at once on all of them.
LIST_PAGES = ["registry:community_list", "registry:contribution_list", "registry:impact_list"]


def _admin_cases(user):
    """(path, parameters) of every admin change list: its filters, the search ``q``
    and the ordering ``o`` (both depend on the model); the page ``p`` and the
    ``_facets`` and ``e`` flags, handled alike for every model, on every fifth."""
    request = RequestFactory().get("/")
    request.user = user
    for position, (model, model_admin) in enumerate(admin.site._registry.items()):
        path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        changelist = model_admin.get_changelist_instance(request)
        names = {
            name
            for spec in changelist.filter_specs
            for name in spec.expected_parameters()
            if not name.endswith("__isnull")  # handled alike by every filter
        }
        generic = ["p", "_facets", "e"] if position % 5 == 0 else []
        yield path, sorted(names) + ["q", "o"] + generic


def _query_requests(cases, values, count, offset):
    """Each parameter (and a made-up parameter name) set to ``count`` values;
    ``values=None``: one control character each, alternately encoded and raw."""
    counter = itertools.count(offset)
    requests = []
    for path, names in cases:
        for name in [*names, None]:
            position = next(counter)
            raw = values is None and position % 2 == 1
            corpus = values or (RAW_CONTROL if raw else CONTROL)
            for value in _rotation(corpus, position, count):
                text = _form(value, raw=raw)
                query = f"{text}=1" if name is None else f"{name}={text}"
                requests.append(("get", f"{path}?{query}"))
    return requests


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_public_list_filters_with_control_characters_give_404(world, role):
    client = _client(world, role)
    offset = ROLES.index(role)
    cases = list(_public_cases())
    requests = _query_requests(cases, None, 1, offset)
    assert _failures(client, requests, expect_404=True) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_public_list_filters_with_other_nasties_never_give_a_server_error(world, role):
    client = _client(world, role)
    cases = list(_public_cases())
    requests = []
    if role == "anonymous":  # the lists are the same for every role
        pages = [(path, names) for path, names in cases if path in map(reverse, LIST_PAGES)]
        requests = _query_requests(pages, OTHER, 2, 0)
    for position, (path, names) in enumerate(cases):
        for value in _rotation(OTHER, position + 4 * ROLES.index(role), 4):
            query = "&".join(f"{name}={_form(value)}" for name in names)
            requests.append(("get", f"{path}?{query}"))
    assert _failures(client, requests) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_change_list_filters_never_give_a_server_error(world, role):
    client = _client(world, role)
    offset = ROLES.index(role)
    cases = list(_admin_cases(world["secretariat"]))
    assert any("status__exact" in names for _path, names in cases)
    requests = _query_requests(cases, None, 1, offset)
    assert _failures(client, requests, expect_404=True) == []
    requests = _query_requests(cases, OTHER, 1, 3 * offset)
    assert _failures(client, requests) == []
