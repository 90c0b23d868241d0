"""Request bodies over the logo limit are refused while being read.

The upload handler (registry/uploads.py) stops at the start of the file when the
request's Content-Length is already over the limit, and as soon as the received
bytes pass it otherwise; the user sees "The logo is larger than 2 MB" on the
logo field and nothing is saved. The first test sends a 200 MB body through a
real server on the loopback and counts what was sent before the answer came.
"""

import re
import selectors
import socket
from http.client import HTTPConnection
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.images import MAX_BYTES
from registry.models import Community, Topic
from registry.uploads import MAX_REQUEST_BYTES

CHUNK = 64 * 1024
BIG_BODY = 200 * 1024 * 1024
ERROR = "The logo is larger than 2 MB"


def _logo_error(html):
    match = re.search(r'<div class="field-errors" id="id_logo_error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def _form_data():
    return {
        "name": "Huge logo network",
        "summary": "A network with a huge logo.",
        "topics": [Topic.objects.get(slug="pollination").pk],
    }


def _bytes_read(response):
    # How far the view's request stream was read (Django's LimitedStream position).
    return response.wsgi_request._stream._pos


@pytest.fixture
def signed_in(client, make_user):
    client.force_login(make_user())
    return client


@pytest.mark.django_db(transaction=True)
def test_a_200_mb_body_is_cut_off_early_by_a_real_server(live_server, client, make_user):
    client.force_login(make_user())
    session = client.cookies["sessionid"].value
    host, port = urlsplit(live_server.url).hostname, urlsplit(live_server.url).port
    path = reverse("coordinator:community_create")

    # The form page gives the CSRF cookie and token, as for a browser.
    connection = HTTPConnection(host, port, timeout=30)
    connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    page = connection.getresponse()
    html = page.read().decode()
    connection.close()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    boundary = "----registry-test-boundary"
    fields = {"csrfmiddlewaretoken": token, **_form_data()}
    head = b""
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            head += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'
            ).encode()
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="logo"; filename="big.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Cookie: sessionid={session}; csrftoken={csrf_cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {BIG_BODY}\r\n\r\n"
    ).encode() + head

    sent, answered = 0, False
    with socket.create_connection((host, port), timeout=30) as sock:
        # A small send buffer, so "sent" is close to what the server has read.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CHUNK)
        sock.sendall(request)
        sent = len(head)
        zeros = b"\x00" * CHUNK
        # selectors (poll/epoll), not select(): in a long run the socket's descriptor
        # can be above 1024, which select() refuses.
        watch = selectors.DefaultSelector()
        watch.register(sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
        while sent < BIG_BODY:  # bounded: at most the 200 MB
            events = [mask for _key, mask in watch.select(30)]
            readable = any(mask & selectors.EVENT_READ for mask in events)
            writable = any(mask & selectors.EVENT_WRITE for mask in events)
            if readable:
                answered = True
                break
            if not writable:
                break
            sent += sock.send(zeros[: min(CHUNK, BIG_BODY - sent)])
        response = b""
        sock.settimeout(30)
        while b"</html>" not in response and len(response) < 2_000_000:
            data = sock.recv(CHUNK)
            if not data:
                break
            response += data

    assert answered, "the server read the whole body before answering"
    assert sent < 32 * 1024 * 1024  # of 200 MB
    status_line, _, rest = response.partition(b"\r\n")
    assert b" 200 " in status_line
    assert ERROR in _logo_error(rest.decode(errors="replace"))
    assert not Community.objects.filter(name="Huge logo network").exists()


@pytest.mark.django_db
def test_a_declared_length_over_the_limit_stops_reading_at_the_file(signed_in):
    upload = SimpleUploadedFile("big.png", b"\x89PNG" + b"\x00" * (10 * 1024 * 1024), "image/png")
    response = signed_in.post(
        reverse("coordinator:community_create"), {**_form_data(), "logo": upload}
    )
    assert response.status_code == 200
    assert ERROR in _logo_error(response.content.decode())
    assert _bytes_read(response) < CHUNK * 4  # the fields, not the 10 MB file
    assert not Community.objects.filter(name="Huge logo network").exists()


@pytest.mark.django_db
def test_a_file_that_passes_the_limit_while_read_is_cut_off_at_the_limit(signed_in):
    # The whole request is under MAX_REQUEST_BYTES, so only counting the bytes
    # of the file as they arrive catches it.
    size = MAX_REQUEST_BYTES - 8 * 1024 - 4
    upload = SimpleUploadedFile("big.png", b"\x89PNG" + b"\x00" * size, "image/png")
    response = signed_in.post(
        reverse("coordinator:community_create"), {**_form_data(), "logo": upload}
    )
    assert response.status_code == 200
    assert ERROR in _logo_error(response.content.decode())
    assert _bytes_read(response) <= MAX_BYTES + 2 * CHUNK < size
    assert not Community.objects.filter(name="Huge logo network").exists()


@pytest.mark.django_db
def test_a_logo_under_the_limit_is_still_accepted(signed_in):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 90)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("small.png", buffer.getvalue(), "image/png")
    response = signed_in.post(
        reverse("coordinator:community_create"), {**_form_data(), "logo": upload}
    )
    assert response.status_code == 302
    assert Community.objects.get(name="Huge logo network").logo
