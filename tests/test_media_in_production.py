"""Uploaded logos are served with DEBUG off when they live on the app's disk
(registry/media.py): the right Content-Type, nosniff, cached for a year; nothing
outside MEDIA_ROOT, nothing but the image types a logo is stored as, 404 for the rest."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from registry.models import Community, Topic

YEAR = "public, max-age=31536000, immutable"


def _image(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 90)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


@pytest.fixture
def uploaded_logo(production, client, make_user):
    """A logo uploaded through the community form; returns its URL."""

    def upload(fmt="PNG", extension="png"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(make_user())
        data = {
            "name": f"Served logo network {extension}",
            "summary": "A network with a logo.",
            "topics": [Topic.objects.get(slug="pollination").pk],
            "logo": SimpleUploadedFile(f"logo.{extension}", _image(fmt), f"image/{extension}"),
        }
        response = client.post(reverse("coordinator:community_create"), data)
        assert response.status_code == 302
        community = Community.objects.get(name=data["name"])
        return community

    return upload


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "extension", "content_type"),
    [("PNG", "png", "image/png"), ("JPEG", "jpg", "image/jpeg"), ("WEBP", "webp", "image/webp")],
)
def test_a_logo_uploaded_through_the_form_is_served_with_debug_off(
    client, uploaded_logo, fmt, extension, content_type
):
    community = uploaded_logo(fmt, extension)
    url = community.logo.url
    assert url.startswith("/media/logos/")
    # The coordinator's form shows the logo from that address.
    form = client.get(reverse("coordinator:community_edit", args=[community.slug]))
    assert f'src="{url}"' in form.content.decode()

    client.logout()  # anyone may see a logo
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == YEAR
    with community.logo.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert "Set-Cookie" not in response

    head = client.head(url)
    assert head.status_code == 200
    assert head["Content-Type"] == content_type


@pytest.mark.django_db
def test_a_missing_logo_is_404(client, production):
    assert client.get("/media/logos/0123456789abcdef0123456789abcdef.png").status_code == 404


@pytest.mark.django_db
def test_paths_outside_media_root_are_404(client, production, tmp_path):
    media = production.MEDIA_ROOT
    (media / "logos").mkdir(parents=True)
    secret = tmp_path / "secret.png"
    secret.write_bytes(_image("PNG"))
    (media / "logos" / "link.png").symlink_to(secret)
    for path in (
        "/media/../secret.png",
        "/media/%2E%2E/secret.png",
        "/media/logos/../../secret.png",
        "/media/logos/%2e%2e/%2e%2e/secret.png",
        f"/media/{secret}",  # an absolute path
        f"/media//{secret}",
        "/media/logos/link.png",  # a symbolic link out of MEDIA_ROOT
    ):
        assert client.get(path).status_code == 404, path


@pytest.mark.django_db
def test_files_other_than_logo_images_are_404(client, production):
    media = production.MEDIA_ROOT
    (media / "logos").mkdir(parents=True)
    for name in ("page.html", "drawing.svg", "notes.txt", "archive", "logo.png.html"):
        (media / "logos" / name).write_text("<script>alert(1)</script>")
        assert client.get(f"/media/logos/{name}").status_code == 404, name
    (media / "logos").joinpath("dir.png").mkdir()
    assert client.get("/media/logos/dir.png").status_code == 404
    assert client.get("/media/").status_code == 404


@pytest.mark.django_db
def test_only_reading_is_allowed(client, uploaded_logo):
    url = uploaded_logo().logo.url
    assert client.post(url).status_code == 405
    assert client.delete(url).status_code == 405


@pytest.mark.django_db
def test_with_object_storage_the_app_serves_no_media(client, production):
    (production.MEDIA_ROOT / "logos").mkdir(parents=True)
    (production.MEDIA_ROOT / "logos" / "old.png").write_bytes(_image("PNG"))
    assert client.get("/media/logos/old.png").status_code == 200
    production.STORAGES = {
        **production.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "logos", "custom_domain": "cdn.example.org"},
        },
    }
    assert client.get("/media/logos/old.png").status_code == 404
