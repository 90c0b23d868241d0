"""The community form: a chosen logo is not lost silently when the form comes back with
an error, and the summary's limit is stated, kept by maxlength and counted live."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from registry.models import Community, Topic

pytestmark = pytest.mark.django_db


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 90)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_a_failed_submit_says_to_choose_the_logo_again(client, make_user):
    client.force_login(make_user())
    data = {
        "name": "",  # bad input: the name is missing
        "summary": "A network with a logo.",
        "topics": [Topic.objects.get(slug="pollination").pk],
        "logo": _png(),
    }
    response = client.post(reverse("coordinator:community_create"), data)
    assert response.status_code == 200
    assert not Community.objects.exists()
    errors = response.context["form"].errors
    assert errors["name"]
    assert "Choose the logo file again" in errors["logo"][0]


def test_no_logo_message_without_a_chosen_file(client, make_user):
    client.force_login(make_user())
    response = client.post(reverse("coordinator:community_create"), {"name": ""})
    assert "logo" not in response.context["form"].errors


def test_summary_has_a_stated_limit_and_a_counter_script(client, make_user):
    client.force_login(make_user())
    page = client.get(reverse("coordinator:community_create")).content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"summary\"[^>]*>", page).group(0)
    assert 'maxlength="300"' in textarea
    assert 'data-char-counter="%(used)s of %(max)s characters"' in textarea
    assert "at most 300 characters" in page
    assert "js/char_counter.js" in page


def test_a_summary_over_the_limit_is_refused_on_the_field(client, make_user):
    client.force_login(make_user())
    data = {
        "name": "Long network",
        "summary": "x" * 301,
        "topics": [Topic.objects.get(slug="pollination").pk],
    }
    response = client.post(reverse("coordinator:community_create"), data)
    assert response.context["form"].errors["summary"]
    assert not Community.objects.exists()
