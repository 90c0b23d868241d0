"""Staff reach the admin through the one rate-limited sign-in, with a second factor
where it is required; staff sessions end; signed-in pages are never cached."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client
from django.urls import reverse

from registry.staff_access import SIGNED_IN_AT
from tests.conftest import PASSWORD
from tests.test_settings import GOOD_KEY, manage

ADMIN = "/admin/"


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def rate_limited(settings):
    del settings.ACCOUNT_RATE_LIMITS  # allauth's defaults, as in production


def wrong_passwords_until_refused(client, url, email, limit=20):
    for attempt in range(1, limit + 1):
        response = client.post(url, {"login": email, "password": f"wrong-{attempt}-password"})
        if "Too many failed login attempts" in response.content.decode():
            return attempt
    return None


@pytest.mark.django_db
def test_the_admin_login_page_is_the_sites_sign_in(client):
    response = client.get("/admin/login/?next=/admin/registry/community/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2Fregistry%2Fcommunity%2F" in response["Location"]


@pytest.mark.django_db
def test_posting_a_password_to_the_admin_login_signs_no_one_in(client, bureau):
    client.post("/admin/login/", {"username": bureau.email, "password": PASSWORD})
    assert client.get(ADMIN).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_admin_login_refuses_after_as_many_wrong_passwords_as_the_site_login(
    rate_limited, make_user, bureau
):
    make_user("coordinator@example.org")
    # Each from its own address: allauth also limits failed attempts per address.
    site = wrong_passwords_until_refused(
        Client(REMOTE_ADDR="192.0.2.1"), reverse("account_login"), "coordinator@example.org"
    )
    admin_login = Client().get("/admin/login/?next=/admin/")["Location"]
    staff = Client(REMOTE_ADDR="192.0.2.2")
    refused_at = wrong_passwords_until_refused(staff, admin_login, bureau.email)

    assert site is not None and refused_at == site
    # and then the right password is refused too, for now
    response = staff.post(admin_login, {"login": bureau.email, "password": PASSWORD})
    assert "_auth_user_id" not in staff.session
    assert response.status_code in (200, 429)


@pytest.mark.django_db
def test_rate_limits_count_the_client_address_the_proxy_reports(rate_limited, settings, make_user):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    make_user("someone@example.org")
    url = reverse("account_login")
    for n in range(10):  # 10 a minute per address; each from a different client address
        Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").post(
            url, {"login": f"nobody{n}@example.org", "password": "wrong-password-here"}
        )
    fresh_address = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = fresh_address.post(url, {"login": "someone@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in fresh_address.session


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["task_force", "bureau", "secretariat"])
def test_staff_without_a_second_factor_cannot_reach_the_admin_where_it_is_required(
    settings, request, role
):
    settings.STAFF_MFA_REQUIRED = True
    person = request.getfixturevalue(role)
    client = Client()
    client.force_login(person)

    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    assert client.get("/admin/registry/community/").status_code == 302
    assert client.get(reverse("mfa_index")).status_code == 200  # where to set one up


@pytest.mark.django_db
def test_a_coordinator_needs_no_second_factor(settings, make_user):
    settings.STAFF_MFA_REQUIRED = True
    client = Client()
    client.force_login(make_user())
    assert client.get(reverse("coordinator:dashboard")).status_code == 200


@pytest.mark.django_db
def test_staff_with_an_authenticator_sign_in_with_a_code_and_reach_the_admin(settings, bureau):
    settings.STAFF_MFA_REQUIRED = True
    secret = generate_totp_secret()
    TOTP.activate(bureau, secret)
    client = Client()

    after_password = client.post(
        reverse("account_login") + "?next=/admin/",
        {"login": bureau.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert after_password["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in on the password alone

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_in_the_demo_staff_reach_the_admin_without_a_second_factor(settings, bureau):
    settings.STAFF_MFA_REQUIRED = False
    client = Client()
    client.force_login(bureau)
    assert client.get(ADMIN).status_code == 200


@pytest.mark.django_db
def test_a_staff_session_ends_twelve_hours_after_signing_in(bureau):
    client = Client()
    client.post(reverse("account_login"), {"login": bureau.email, "password": PASSWORD})
    assert client.get(ADMIN).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 12 * 60 * 60 - 1
    session.save()

    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_staff_session_expires_after_an_hour_without_a_request(bureau, make_user):
    staff, coordinator = Client(), Client()
    staff.post(reverse("account_login"), {"login": bureau.email, "password": PASSWORD})
    make_user("coordinator@example.org")
    coordinator.post(
        reverse("account_login"), {"login": "coordinator@example.org", "password": PASSWORD}
    )
    staff.get(ADMIN)
    coordinator.get(reverse("coordinator:dashboard"))

    assert staff.session.get_expiry_age() == 60 * 60
    assert coordinator.session.get_expiry_age() > 60 * 60  # coordinators keep the default


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/communities/", "/my/"])
def test_pages_seen_signed_in_are_private_and_not_stored(client, make_user, path):
    client.force_login(make_user())
    response = client.get(path)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_production_cookies_carry_the_host_prefix():
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.STAFF_MFA_REQUIRED)",
        DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="registry.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
    ]


@pytest.mark.django_db
def test_everyone_finds_two_factor_set_up_from_their_dashboard(make_user):
    page = signed_in_page(make_user(), reverse("coordinator:dashboard"))
    assert f'href="{reverse("mfa_index")}"' in page
    assert "Two-factor authentication" in page


def signed_in_page(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url).content.decode()
