"""The privacy notice: in the six languages (English where a text is missing), linked
from every page's footer and from sign-up, edited by the Secretariat with its history,
and the version a person was shown recorded at sign-up."""

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import PrivacyNotice, User

URL = reverse("registry:privacy")

# A phrase of the first version in each language (the migration's text).
PHRASES = {
    "en": "Your rights",
    "fr": "Vos droits",
    "es": "Sus derechos",
    "ar": "حقوقك",
    "zh-hans": "您的权利",
    "ru": "Ваши права",
}


def _in(client, language, url=URL):
    return client.get(url, headers={"accept-language": language})


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(PHRASES))
def test_the_privacy_page_is_in_each_language(client, language):
    response = _in(client, language)
    assert response.status_code == 200
    html = response.content.decode()
    assert PHRASES[language] in html
    assert f'<html lang="{language}"' in html
    assert "not yet available in your language" not in html
    # Public and cacheable: no session, no form.
    assert (
        "sessionid" not in response.cookies
        and "csrfmiddlewaretoken" not in html.split("site-footer")[0]
    )


@pytest.mark.django_db
def test_each_language_says_what_is_kept_why_how_long_who_sees_and_the_rights():
    notice = PrivacyNotice.objects.current()
    for language in PHRASES:
        text = notice.text_for(language)
        assert text.count("\n## ") + text.startswith("## ") == 5, language
        assert "30" in text and "90" in text and "JSON" in text


@pytest.mark.django_db
def test_a_language_without_its_text_falls_back_to_english(client):
    notice = PrivacyNotice.objects.current()
    notice.text_ru = ""
    notice.save()
    html = _in(client, "ru").content.decode()
    assert PHRASES["en"] in html and PHRASES["ru"] not in html
    assert 'lang="en"' in html


@pytest.mark.django_db
def test_every_kind_of_page_links_to_the_privacy_page_in_its_footer(
    client, make_community, make_user, secretariat
):
    community = make_community(contact_email="desk@example.org")
    public_pages = [
        reverse("registry:home"),
        reverse("registry:community_list"),
        community.get_absolute_url(),
        reverse("registry:contribution_list"),
        reverse("registry:topic_list"),
        reverse("registry:about"),
        reverse("registry:supporter_list"),
        reverse("registry:community_contact", args=[community.slug]),
        reverse("registry:coverage"),
        reverse("account_login"),
        reverse("account_signup"),
        URL,
        "/no-such-page/",
    ]
    for url in public_pages:
        html = client.get(url).content.decode()
        assert f'href="{URL}"' in html.split("site-footer")[-1], url
    client.force_login(make_user())
    for url in (reverse("coordinator:dashboard"), reverse("coordinator:account")):
        assert f'href="{URL}"' in client.get(url).content.decode().split("site-footer")[-1], url
    client.force_login(secretariat)
    assert f'href="{URL}"' in client.get(reverse("admin:index")).content.decode()


@pytest.mark.django_db
def test_sign_up_links_to_the_notice_and_records_the_version_shown(client, settings):
    notice = PrivacyNotice.objects.current()
    page = client.get(reverse("account_signup")).content.decode()
    assert page.count(f'href="{URL}"') >= 2  # the sign-up text and the footer
    assert f'name="privacy_notice_version" value="{notice.version}"' in page
    data = {
        "display_name": "New Person",
        "email": "new.person@example.org",
        "password1": "a-long-new-password-2026",
        "password2": "a-long-new-password-2026",
        "privacy_notice_version": notice.version,
    }
    assert client.post(reverse("account_signup"), data).status_code == 302
    assert User.objects.get(email="new.person@example.org").privacy_notice_version == 1


@pytest.mark.django_db
def test_a_version_never_published_counts_as_the_current_one(client):
    data = {
        "display_name": "Other Person",
        "email": "other.person@example.org",
        "password1": "a-long-new-password-2026",
        "password2": "a-long-new-password-2026",
        "privacy_notice_version": "99",
    }
    client.post(reverse("account_signup"), data)
    assert User.objects.get(email="other.person@example.org").privacy_notice_version == 1


@pytest.mark.django_db
def test_the_secretariat_edits_the_notice_each_change_a_new_version_with_history(
    client, secretariat, make_user
):
    notice = PrivacyNotice.objects.current()
    url = reverse("admin:registry_privacynotice_change", args=[notice.pk])
    client.force_login(secretariat)
    assert client.get(url).status_code == 200
    data = {f"text_{code}": getattr(notice, f"text_{code}") for code in
            ("en", "fr", "es", "ar", "zh_hans", "ru")}  # fmt: skip
    data["text_en"] = "## New English text\n\nShorter."
    assert client.post(url, data).status_code == 302
    notice.refresh_from_db()
    assert notice.version == 2
    assert notice.history.count() == 2
    assert notice.history.latest().history_user == secretariat
    with translation.override("en"):
        assert "New English text" in client.get(URL).content.decode()
    # An empty English text is refused: every language falls back to it.
    refused = client.post(url, {**data, "text_en": ""})
    assert refused.status_code == 200
    notice.refresh_from_db()
    assert notice.version == 2
    # Others may not edit it.
    client.force_login(make_user(groups=["Task force"]))
    assert client.post(url, data).status_code == 403
