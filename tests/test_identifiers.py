"""ROR IDs of host organisations and ORCID iDs of coordinators: format and checksum
checked by the model fields (so every form and the admin check them), stored as the
full https:// address, shown on the pages and in JSON-LD."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from registry.identifiers import (
    normalise_orcid,
    normalise_ror,
    orcid_check_digit,
    ror_checksum,
    validate_orcid,
    validate_ror,
    validate_track_url,
)
from registry.models import Community, Topic, User
from tests.linked_data import RDF_TYPE, json_ld_in_page, schema, triples

# Published ROR IDs: Caltech, Harvard, Cambridge, Oxford, California Digital Library.
GOOD_ROR = ["05dxps055", "03vek6s52", "013meh722", "052gg0110", "03yrm5c26"]
# Published ORCID iDs (ORCID's own examples; the last has the check character X).
GOOD_ORCID = ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]


def _field_error(response, field):
    html = response.content.decode()
    match = re.search(rf'<div class="field-errors" id="id_{field}_error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


# --- The checksums -------------------------------------------------------------------


@pytest.mark.parametrize("ror", GOOD_ROR)
def test_published_ror_ids_pass_their_checksum(ror):
    assert ror_checksum(ror[:7]) == ror[7:]
    validate_ror(ror)
    validate_ror(f"https://ror.org/{ror}")
    validate_ror(f"ror.org/{ror}")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("05dxps056", "ror_checksum"),  # Caltech with the last check digit changed
        ("03vek6s25", "ror_checksum"),  # Harvard with the check digits swapped
        ("https://ror.org/013meh723", "ror_checksum"),
        ("15dxps055", "ror_format"),  # does not start with 0
        ("05dxps05", "ror_format"),  # too short
        ("05dxpi055", "ror_format"),  # i is not in Crockford's base32
        ("https://example.org/05dxps055", "ror_format"),
        ("Caltech", "ror_format"),
    ],
)
def test_bad_ror_ids_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as refused:
        validate_ror(value)
    assert refused.value.code == code


@pytest.mark.parametrize("orcid", GOOD_ORCID)
def test_published_orcid_ids_pass_their_checksum(orcid):
    digits = orcid.replace("-", "")
    assert orcid_check_digit(digits[:15]) == digits[15]
    validate_orcid(orcid)
    validate_orcid(f"https://orcid.org/{orcid}")
    validate_orcid(digits)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0000-0002-1825-0098", "orcid_checksum"),  # wrong check digit
        ("0000-0002-1825-0079", "orcid_checksum"),  # two digits swapped
        ("0000-0001-5109-370X", "orcid_checksum"),
        ("0000-0002-1825-009", "orcid_format"),
        ("0000-0002-1825-00977", "orcid_format"),
        ("https://example.org/0000-0002-1825-0097", "orcid_format"),
        ("Josiah Carberry", "orcid_format"),
    ],
)
def test_bad_orcid_ids_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as refused:
        validate_orcid(value)
    assert refused.value.code == code


def test_every_accepted_form_is_stored_as_the_full_address():
    for typed in ("05dxps055", "ror.org/05dxps055", "https://ror.org/05DXPS055/", " 05dxps055 "):
        assert normalise_ror(typed.strip()) == "https://ror.org/05dxps055", typed
    for typed in (
        "0000-0002-1694-233x",
        "000000021694233X",
        "http://orcid.org/0000-0002-1694-233X",
    ):
        assert normalise_orcid(typed) == "https://orcid.org/0000-0002-1694-233X", typed


# --- The model fields (what the admin and every form rely on) -------------------------


@pytest.mark.django_db
def test_the_model_checks_and_normalises_a_communitys_ror_id(make_community):
    community = make_community()
    community.host_ror = "ror.org/03yrm5c26"
    community.full_clean()
    assert community.host_ror == "https://ror.org/03yrm5c26"
    community.host_ror = "03yrm5c27"
    with pytest.raises(ValidationError) as refused:
        community.full_clean()
    assert "check digits" in refused.value.message_dict["host_ror"][0]


@pytest.mark.django_db
def test_the_model_checks_and_normalises_a_users_orcid(make_user):
    user = make_user()
    user.orcid = "0000000218250097"
    user.full_clean()
    assert user.orcid == "https://orcid.org/0000-0002-1825-0097"
    user.orcid = "0000-0002-1825-0098"
    with pytest.raises(ValidationError) as refused:
        user.full_clean()
    assert "check digit" in refused.value.message_dict["orcid"][0]


# --- Through the coordinators' forms ---------------------------------------------------


def _community_data(**overrides):
    data = {
        "name": "Pollinator Network Africa",
        "summary": "Experts and practitioners working on pollinators across Africa.",
        "topics": [Topic.objects.get(slug="pollination").pk],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_coordinator_gives_the_host_organisations_ror_id(client, make_user):
    client.force_login(make_user())
    response = client.post(
        reverse("coordinator:community_create"), _community_data(host_ror="ror.org/05dxps055")
    )
    assert response.status_code == 302
    assert Community.objects.get().host_ror == "https://ror.org/05dxps055"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("https://ror.org/05dxps056", "check digits do not match"),
        ("Caltech", "Enter a ROR ID such as"),
    ],
)
def test_a_bad_ror_id_is_refused_on_its_field_and_nothing_is_saved(
    client, make_user, typed, message
):
    client.force_login(make_user())
    response = client.post(reverse("coordinator:community_create"), _community_data(host_ror=typed))
    assert response.status_code == 200
    assert message in _field_error(response, "host_ror")
    assert not Community.objects.exists()


@pytest.mark.django_db
def test_editing_keeps_a_bad_ror_id_out(client, make_user, make_community):
    owner = make_user()
    community = make_community("Pollinator Network Africa", owner=owner)
    client.force_login(owner)
    url = reverse("coordinator:community_edit", args=[community.slug])
    response = client.post(url, _community_data(host_ror="052gg0111"))
    assert "check digits do not match" in _field_error(response, "host_ror")
    community.refresh_from_db()
    assert community.host_ror == ""


@pytest.mark.django_db
def test_a_coordinator_adds_an_orcid_to_their_profile(client, make_user):
    user = make_user()
    client.force_login(user)
    url = reverse("coordinator:profile")
    assert client.get(url).status_code == 200
    response = client.post(url, {"orcid": "0000-0002-1694-233x"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.orcid == "https://orcid.org/0000-0002-1694-233X"
    assert "https://orcid.org/0000-0002-1694-233X" in client.get(url).content.decode()
    client.post(url, {"orcid": ""})
    user.refresh_from_db()
    assert user.orcid == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0000-0002-1825-0098", "check digit does not match"),
        ("1234", "Enter an ORCID iD such as"),
    ],
)
def test_a_bad_orcid_is_refused_on_its_field_and_nothing_is_saved(
    client, make_user, typed, message
):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("coordinator:profile"), {"orcid": typed})
    assert response.status_code == 200
    assert message in _field_error(response, "orcid")
    user.refresh_from_db()
    assert user.orcid == ""


def test_the_profile_page_needs_a_sign_in(client, db):
    response = client.get(reverse("coordinator:profile"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_co_coordinators_see_each_others_orcid(client, make_user, make_community):
    owner = make_user(orcid="https://orcid.org/0000-0002-1825-0097")
    community = make_community(owner=owner)
    client.force_login(owner)
    html = client.get(reverse("coordinator:coordinators", args=[community.slug])).content
    assert b'href="https://orcid.org/0000-0002-1825-0097"' in html


@pytest.mark.django_db
def test_orcid_is_not_on_the_public_community_page(client, make_user, make_community):
    owner = make_user(orcid="https://orcid.org/0000-0002-1825-0097")
    community = make_community(owner=owner)
    assert b"0000-0002-1825-0097" not in client.get(community.get_absolute_url()).content


# --- In the admin ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_checks_a_users_orcid(client, make_user):
    admin = User.objects.create_superuser("root@example.org", "a-long-password-1", display_name="R")
    client.force_login(admin)
    person = make_user()
    url = reverse("admin:registry_user_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "password"}
    data.update(orcid="0000-0002-1825-0098")
    data = {k: v for k, v in data.items() if v not in (None, False)}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "check digit does not match" in response.content.decode()
    person.refresh_from_db()
    assert person.orcid == ""


# --- On the public page and in its JSON-LD ------------------------------------------------


@pytest.mark.django_db
def test_the_host_organisation_is_on_the_page_and_in_json_ld(client, make_community):
    community = make_community(host_ror="https://ror.org/05dxps055")
    html = client.get(community.get_absolute_url()).content.decode()
    assert '<a href="https://ror.org/05dxps055" rel="external">ROR ID 05dxps055</a>' in html
    graph = triples(json_ld_in_page(html))
    page = "http://testserver" + community.get_absolute_url()
    host = "https://ror.org/05dxps055"
    assert (page, schema("parentOrganization"), host) in graph
    identifier = next(o for s, p, o in graph if s == host and p == schema("identifier"))
    assert (identifier, RDF_TYPE, schema("PropertyValue")) in graph
    assert (identifier, schema("propertyID"), "ROR") in graph
    assert (identifier, schema("value"), "05dxps055") in graph


@pytest.mark.django_db
def test_an_orcid_typed_as_its_longest_accepted_address_is_taken(client, make_user):
    user = make_user()
    client.force_login(user)
    typed = "https://www.orcid.org/0000-0002-1825-0097"  # 41 characters, stored as 37
    assert client.post(reverse("coordinator:profile"), {"orcid": typed}).status_code == 302
    user.refresh_from_db()
    assert user.orcid == "https://orcid.org/0000-0002-1825-0097"


@pytest.mark.parametrize(
    "address",
    [
        "https://ipbes.net:99999/impact-tracking",  # a port out of range: no 500
        "https://ipbes.net:443/impact-tracking",
        "https://someone@ipbes.net/impact-tracking",
    ],
)
def test_a_track_address_with_a_port_or_a_user_is_refused(address):
    with pytest.raises(ValidationError):
        validate_track_url(address)
