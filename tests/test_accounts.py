"""Accounts (allauth): sign up with verification, sign in and out, password reset,
e-mail management, all in the site's design; ORCID only when configured."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import PASSWORD

NEW_PASSWORD = "another-long-password-2026"


def _link(mail, pattern):
    match = re.search(pattern, mail.body)
    assert match, mail.body
    return match.group(0).replace("http://testserver", "")


@pytest.mark.django_db
def test_sign_up_sends_a_verification_mail_and_confirming_signs_in(client, sent_mail):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Nadia New",
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email="new@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    # Mandatory verification: not signed in yet.
    assert client.get(reverse("coordinator:dashboard")).status_code == 302

    mail = sent_mail()[-1]
    assert mail.to == ["new@example.org"]
    link = _link(mail, r"http://testserver/accounts/confirm-email/[^/\s]+/")
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert b'class="site-header"' in confirm_page.content  # the site's design
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("coordinator:dashboard")).status_code == 200


@pytest.mark.django_db
def test_sign_up_with_bad_input_shows_messages_on_the_fields(client, make_user):
    make_user("taken@example.org")
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-address", "password1": PASSWORD, "password2": "different-2026-pass"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert re.search(r'<input[^>]+aria-invalid="true"[^>]+aria-describedby="id_email_error"', html)
    assert 'id="id_password2_error"' in html
    assert not get_user_model().objects.filter(email="not-an-address").exists()
    # An address already taken is not revealed (allauth prevents enumeration).
    client.post(
        reverse("account_signup"),
        {
            "display_name": "Someone Else",
            "email": "taken@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert get_user_model().objects.filter(email="taken@example.org").count() == 1


@pytest.mark.django_db
def test_unverified_user_cannot_sign_in(client, make_user, sent_mail):
    make_user("unverified@example.org", verified=False)
    EmailAddress.objects.create(
        user=get_user_model().objects.get(email="unverified@example.org"),
        email="unverified@example.org",
        verified=False,
        primary=True,
    )
    response = client.post(
        reverse("account_login"), {"login": "unverified@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("coordinator:dashboard")).status_code == 302
    assert sent_mail()[-1].to == ["unverified@example.org"]


@pytest.mark.django_db
def test_sign_in_goes_to_the_dashboard_and_sign_out_needs_a_post(client, make_user):
    make_user("coordinator@example.org")
    response = client.post(
        reverse("account_login"), {"login": "coordinator@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("coordinator:dashboard")
    assert client.get(reverse("coordinator:dashboard")).status_code == 200
    # GET shows a confirmation page; it does not sign out.
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.get(reverse("coordinator:dashboard")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("coordinator:dashboard")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client, make_user):
    make_user("coordinator@example.org")
    response = client.post(
        reverse("account_login"), {"login": "coordinator@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert b"form-error-summary" in response.content
    assert client.get(reverse("coordinator:dashboard")).status_code == 302


@pytest.mark.django_db
def test_password_reset_by_mail(client, make_user, sent_mail):
    make_user("forgetful@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    assert response.status_code == 302
    mail = sent_mail()[-1]
    link = _link(mail, r"http://testserver/accounts/password/reset/key/[^\s]+/")
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.login(username="forgetful@example.org", password=NEW_PASSWORD)


@pytest.mark.django_db
def test_adding_an_e_mail_address_sends_a_verification(client, make_user, sent_mail):
    user = make_user("first@example.org")
    client.force_login(user)
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    assert b"first@example.org" in page.content
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "second@example.org"}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=user, email="second@example.org").exists()
    assert sent_mail()[-1].to == ["second@example.org"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password"],
)
def test_account_pages_use_the_site_design_and_labelled_fields(client, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert 'class="site-header"' in html
    assert 'href="/static/css/forms.css"' in html
    for input_id in re.findall(r'<input[^>]+type="(?:email|password|text)"[^>]*id="([^"]+)"', html):
        assert f'for="{input_id}"' in html


@pytest.mark.django_db
def test_orcid_sign_in_is_hidden_when_not_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"orcid": {"BASE_DOMAIN": "orcid.org"}}
    html = client.get(reverse("account_login")).content.decode()
    assert "Sign in with ORCID" not in html


@pytest.mark.django_db
def test_orcid_sign_in_is_shown_when_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "orcid": {
            "BASE_DOMAIN": "sandbox.orcid.org",
            "MEMBER_API": False,
            "APPS": [{"client_id": "APP-TEST", "secret": "not-a-real-secret", "key": ""}],
        }
    }
    html = client.get(reverse("account_login")).content.decode()
    assert "Sign in with ORCID" in html
    assert "/accounts/orcid/login/" in html
