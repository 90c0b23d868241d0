"""The account pages and e-mails speak in the registry's words, and "write to us" says where."""

import pytest

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "new@example.org",
    "display_name": "New Person",
    "password1": "a long enough passphrase 42",
    "password2": "a long enough passphrase 42",
}


def test_verification_page_says_what_to_do_and_whom_to_write_to(client, settings):
    settings.CONTACT_EMAIL = "secretariat@ipbes.example"
    response = client.post("/accounts/signup/", SIGNUP, follow=True)
    page = response.content.decode()
    assert "Verify Your Email Address" not in page
    assert "Please contact us" not in page
    assert "Check your e-mail" in page
    assert 'href="mailto:secretariat@ipbes.example"' in page


def test_password_reset_pages_name_the_contact_address(client, settings):
    settings.CONTACT_EMAIL = "secretariat@ipbes.example"
    page = client.get("/accounts/password/reset/").content.decode()
    assert "contact us" not in page.lower()
    assert "secretariat@ipbes.example" in page
    done = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True
    ).content.decode()
    assert "contact us" not in done.lower()
    assert "secretariat@ipbes.example" in done


def test_bad_email_on_password_reset_is_an_error_on_the_field(client):
    response = client.post("/accounts/password/reset/", {"email": "not an address"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]


def test_verification_email_is_in_the_registrys_words(client, sent_mail):
    client.post("/accounts/signup/", SIGNUP)
    message = sent_mail()[-1]
    assert message.subject.endswith("Confirm your e-mail address")
    assert "registry of communities of practice" in message.body
    assert "http://testserver/accounts/confirm-email/" in message.body
