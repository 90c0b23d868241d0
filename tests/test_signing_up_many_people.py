"""Many people sign up, one after another and at the same time (DESIGN.md "Accounts")."""

import re
import threading

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


def sign_up(client, email, name):
    return client.post(
        reverse("account_signup"),
        {"display_name": name, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def confirm(client, sent_mail, email):
    mail = [m for m in sent_mail() if m.to == [email]][-1]
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mail.body).group(1)
    return client.post(link)


@pytest.mark.django_db
def test_three_people_sign_up_one_after_another_and_each_is_called_by_name(sent_mail):
    people = [
        ("amara@example.org", "Amara Okafor"),
        ("bo@example.org", "Bo Lindqvist"),
        ("chen@example.org", "Chen Wei"),
    ]
    for email, name in people:
        client = Client()
        response = sign_up(client, email, name)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert confirm(client, sent_mail, email).status_code == 302
        dashboard = client.get(reverse("coordinator:dashboard"), follow=True)
        assert name in dashboard.content.decode()

    User = get_user_model()
    assert [(u.email, u.display_name) for u in User.objects.order_by("email")] == people
    assert EmailAddress.objects.filter(verified=True).count() == 3


@pytest.mark.django_db
def test_the_verification_mail_calls_the_person_by_name_not_user(sent_mail):
    sign_up(Client(), "dana@example.org", "Dana Ruiz")
    body = sent_mail()[-1].body
    assert "Dana Ruiz" in body
    assert "user user" not in body and "for user" not in body


@pytest.mark.django_db
def test_signing_in_greets_the_person_by_display_name(client, make_user):
    make_user("ebo@example.org", name="Ebo Mensah")
    response = client.post(
        reverse("account_login"), {"login": "ebo@example.org", "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert "Ebo Mensah" in html
    assert "as user" not in html


@pytest.mark.django_db
def test_sign_up_without_a_name_is_refused_on_the_field(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "   ",
            "email": "f@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    assert not get_user_model().objects.filter(email="f@example.org").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password", ["short-pw-1", "password1234", "123456789012"], ids=["11 chars", "common", "digits"]
)
def test_passwords_of_fewer_than_12_characters_or_common_ones_are_refused(client, password):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Gil",
            "email": "gil@example.org",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not get_user_model().objects.filter(email="gil@example.org").exists()


@pytest.mark.django_db
def test_signing_up_with_a_taken_address_looks_the_same_and_tells_its_owner(
    client, make_user, sent_mail
):
    make_user("taken@example.org", name="Hana Owner")
    fresh = sign_up(Client(), "fresh@example.org", "Ivo New")
    taken = sign_up(client, "TAKEN@example.org", "Someone Else")

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert get_user_model().objects.filter(email__iexact="taken@example.org").count() == 1
    to_owner = [m for m in sent_mail() if m.to == ["taken@example.org"]]
    assert to_owner, "the owner of the address is told someone tried to sign up with it"


@pytest.mark.django_db
def test_addresses_are_unique_whatever_their_case(make_user):
    from django.db import IntegrityError, transaction

    make_user("jo@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create_user(email="JO@example.org", display_name="Jo again")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_sign_up_at_the_same_moment(sent_mail):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers")
    start = threading.Barrier(2, timeout=30)
    results = {}

    def person(email, name):
        try:
            start.wait()
            results[email] = sign_up(Client(), email, name).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=person, args=("kai@example.org", "Kai")),
        threading.Thread(target=person, args=("lea@example.org", "Lea")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert results == {"kai@example.org": 302, "lea@example.org": 302}
    assert set(get_user_model().objects.values_list("display_name", flat=True)) == {"Kai", "Lea"}
