"""Logos in S3-compatible object storage (S3_BUCKET and friends, see
docs/deployment.md): a logo uploaded through the community form lands in the
bucket, its URL points at the bucket's public address (which serves it, cached for
a year), the page's CSP allows that origin, and the app's own /media/ serves nothing.

Needs an S3 API: CI starts moto_server and sets REQUIRE_S3=1, so there these tests
fail rather than skip. Locally: `moto_server -H 127.0.0.1 -p 5390 &`, create the
bucket with a policy letting anyone read its objects (as .ci/run does), and set
S3_BUCKET, S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY."""

import io
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.urls import reverse
from PIL import Image

from registry.models import Community, Topic
from tests.conftest import require

YEAR = "public, max-age=31536000, immutable"


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 90)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def s3(settings):
    """The S3 storage the settings built from the environment, as the default storage
    (the other tests keep uploads on disk); removes what the test stored."""
    if not getattr(django_settings, "S3_BUCKET", ""):
        require("S3", "S3_BUCKET is not set: no S3 API to store logos in")
    settings.STORAGES = {**settings.STORAGES, "default": django_settings.S3_STORAGE}
    settings.MEDIA_URL = django_settings.S3_PUBLIC_URL
    storage = storages["default"]
    stored = []
    yield storage, stored
    for name in stored:
        storage.delete(name)


@pytest.mark.django_db
def test_a_logo_uploaded_through_the_form_is_stored_in_the_bucket_and_served_from_it(
    s3, client, make_user, make_community
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    storage, stored = s3
    owner = make_user()
    community = make_community("Bucket network", owner=owner)
    client.force_login(owner)
    data = {
        "name": "Bucket network",
        "summary": "A network whose logo lives in object storage.",
        "topics": [Topic.objects.get(slug="pollination").pk],
        "logo": SimpleUploadedFile("logo.png", _png(), "image/png"),
    }
    edit = reverse("coordinator:community_edit", args=[community.slug])
    assert client.post(edit, data).status_code == 302
    community = Community.objects.get(pk=community.pk)
    stored.append(community.logo.name)
    assert storage.exists(community.logo.name)
    assert not (django_settings.MEDIA_ROOT / community.logo.name).exists()  # nothing on disk

    # The public page links to the bucket's public address and lets the browser load it.
    url = community.logo.url
    assert url == django_settings.S3_PUBLIC_URL + community.logo.name
    client.logout()
    page = client.get(reverse("registry:community_detail", args=[community.slug]))
    assert f'src="{url}"' in page.content.decode()
    public = urlsplit(django_settings.S3_PUBLIC_URL)
    img_src = next(
        part.split()[1:]
        for part in page["Content-Security-Policy"].split(";")
        if part.split()[0] == "img-src"
    )
    assert f"{public.scheme}://{public.netloc}" in img_src

    # The bucket serves it as a PNG, to be cached for a year (its name is never reused).
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the bucket's URL)
        assert response.status == 200
        assert response.headers["Content-Type"] == "image/png"
        assert response.headers["Cache-Control"] == YEAR
        with Image.open(io.BytesIO(response.read())) as image:
            assert image.format == "PNG" and image.size == (40, 30)

    # The app itself serves no media when uploads live in the bucket.
    assert client.get("/media/" + community.logo.name).status_code == 404


@pytest.mark.django_db
def test_a_replaced_logo_gets_a_new_name_in_the_bucket(s3, client, make_user, make_community):
    from django.core.files.uploadedfile import SimpleUploadedFile

    storage, stored = s3
    owner = make_user()
    community = make_community("Renamed logo network", owner=owner)
    client.force_login(owner)
    edit = reverse("coordinator:community_edit", args=[community.slug])
    names = []
    for _ in range(2):
        data = {
            "name": community.name,
            "summary": "S.",
            "topics": [Topic.objects.get(slug="pollination").pk],
            "logo": SimpleUploadedFile("logo.png", _png(), "image/png"),
        }
        assert client.post(edit, data).status_code == 302
        names.append(Community.objects.get(pk=community.pk).logo.name)
        stored.append(names[-1])
    assert names[0] != names[1]  # so a year-long cache of the old URL never shows a stale logo
    assert all(storage.exists(name) for name in names)
