"""Logo uploads: only real PNG, JPEG or WebP, at most 2 MB and 4000×4000 px,
re-encoded without metadata under a generated name; anything else is refused
with a clear message on the field."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from registry.models import Community, Topic


def _image(fmt, size=(64, 48), **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 90)).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def _png_header_only(width, height):
    """A PNG whose header claims a huge size (the pixels are never decoded)."""
    signature = b"\x89PNG\r\n\x1a\n"
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
    chunk += struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    idat = zlib.compress(b"\x00" * 64)
    chunk += struct.pack(">I", len(idat)) + b"IDAT" + idat
    chunk += struct.pack(">I", zlib.crc32(b"IDAT" + idat) & 0xFFFFFFFF)
    return signature + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def _post(client, upload):
    data = {
        "name": "Logo network",
        "summary": "A network with a logo.",
        "topics": [Topic.objects.get(slug="pollination").pk],
        "logo": upload,
    }
    return client.post(reverse("coordinator:community_create"), data)


def _logo_error(response):
    html = response.content.decode()
    match = re.search(r'<div class="field-errors" id="id_logo_error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def signed_in(client, make_user):
    client.force_login(make_user())
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "extension", "content_type"),
    [("PNG", "png", "image/png"), ("JPEG", "jpg", "image/jpeg"), ("WEBP", "webp", "image/webp")],
)
def test_png_jpeg_and_webp_are_accepted_and_stored_under_a_generated_name(
    signed_in, fmt, extension, content_type
):
    upload = SimpleUploadedFile(f"My Logo.{extension}", _image(fmt), content_type=content_type)
    response = _post(signed_in, upload)
    assert response.status_code == 302, _logo_error(response)
    community = Community.objects.get(name="Logo network")
    name = community.logo.name
    assert re.fullmatch(rf"logos/[0-9a-f]{{32}}\.{extension}", name)
    with Image.open(community.logo.path) as stored:
        assert stored.format == fmt
        assert stored.size == (64, 48)


@pytest.mark.django_db
def test_metadata_is_stripped(signed_in):
    exif = Image.Exif()
    exif[0x010E] = "secret GPS-like description"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, format="JPEG", exif=exif.tobytes())
    response = _post(signed_in, SimpleUploadedFile("photo.jpg", buffer.getvalue(), "image/jpeg"))
    assert response.status_code == 302
    community = Community.objects.get(name="Logo network")
    with open(community.logo.path, "rb") as stored:
        assert b"secret GPS-like description" not in stored.read()
    with Image.open(community.logo.path) as stored:
        assert not stored.getexif()


@pytest.mark.django_db
def test_a_wrong_extension_gets_the_extension_of_the_real_format(signed_in):
    upload = SimpleUploadedFile("logo.png", _image("JPEG"), content_type="image/png")
    assert _post(signed_in, upload).status_code == 302
    assert Community.objects.get(name="Logo network").logo.name.endswith(".jpg")


@pytest.mark.django_db
def test_a_png_html_polyglot_is_re_encoded_without_the_html(signed_in):
    payload = b"<html><script>alert(document.cookie)</script></html>"
    upload = SimpleUploadedFile("logo.png", _image("PNG") + payload, content_type="image/png")
    assert _post(signed_in, upload).status_code == 302
    community = Community.objects.get(name="Logo network")
    with open(community.logo.path, "rb") as stored:
        assert b"<script" not in stored.read()


REFUSED = "Upload a PNG, JPEG or WebP image"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "content", "content_type", "message"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
            "image/svg+xml",
            REFUSED,
        ),
        ("logo.html", b"<html><script>alert(1)</script></html>", "text/html", REFUSED),
        ("shell.php", b"<?php system($_GET['c']); ?>", "image/png", REFUSED),
        (
            "html-then-png.png",
            b"<html><script>alert(1)</script></html>" + _image("PNG"),
            "image/png",
            REFUSED,
        ),
        ("logo.gif", _image("GIF"), "image/gif", REFUSED),
        ("logo.bmp", _image("BMP"), "image/bmp", REFUSED),
        ("truncated.png", _image("PNG")[:60], "image/png", REFUSED),
        ("huge.png", _png_header_only(20000, 20000), "image/png", "at most 4000 × 4000 pixels"),
        ("wide.png", _png_header_only(4001, 10), "image/png", "at most 4000 × 4000 pixels"),
    ],
)
def test_bad_uploads_are_refused_with_a_message_on_the_field(
    signed_in, filename, content, content_type, message
):
    response = _post(signed_in, SimpleUploadedFile(filename, content, content_type=content_type))
    assert response.status_code == 200
    assert message in _logo_error(response)
    assert not Community.objects.filter(name="Logo network").exists()


@pytest.mark.django_db
def test_a_file_over_2_mb_is_refused(signed_in):
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"\x00" * (2 * 1024 * 1024 + 1), "image/png")
    response = _post(signed_in, big)
    assert response.status_code == 200
    assert "at most 2 MB" in _logo_error(response)
    assert not Community.objects.filter(name="Logo network").exists()


@pytest.mark.django_db
def test_a_real_image_larger_than_4000_pixels_is_refused(signed_in):
    # Small on disk (one colour compresses well), too large in pixels.
    upload = SimpleUploadedFile("wide.png", _image("PNG", size=(4100, 20)), "image/png")
    response = _post(signed_in, upload)
    assert "at most 4000 × 4000 pixels" in _logo_error(response)


@pytest.mark.django_db
def test_the_logo_can_be_removed(client, make_user, make_community):
    owner = make_user()
    community = make_community("Logo network", owner=owner)
    client.force_login(owner)
    url = reverse("coordinator:community_edit", args=[community.slug])
    data = {"name": "Logo network", "summary": "S.", "topics": [Topic.objects.first().pk]}
    upload = SimpleUploadedFile("logo.png", _image("PNG"), "image/png")
    assert client.post(url, {**data, "logo": upload}).status_code == 302
    community.refresh_from_db()
    assert community.logo
    assert client.post(url, {**data, "logo-clear": "on"}).status_code == 302
    community.refresh_from_db()
    assert not community.logo


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mode", "fmt", "extension"),
    [("RGBA", "PNG", "png"), ("P", "PNG", "png"), ("LA", "WEBP", "webp"), ("CMYK", "JPEG", "jpg")],
)
def test_other_colour_modes_are_re_encoded(signed_in, mode, fmt, extension):
    buffer = io.BytesIO()
    image = Image.new(mode, (30, 30))
    options = {"transparency": 0} if mode == "P" else {}
    image.save(buffer, format=fmt, **options)
    response = _post(signed_in, SimpleUploadedFile(f"logo.{extension}", buffer.getvalue()))
    assert response.status_code == 302, _logo_error(response)
    with Image.open(Community.objects.get(name="Logo network").logo.path) as stored:
        assert stored.format == fmt
        assert stored.size == (30, 30)
