"""HTML goes compressed: brotli when the browser accepts it, else gzip. Anonymous
public pages are stored compressed (no compression on a cache hit); signed-in pages are
gzipped per response by Django's GZipMiddleware, whose random padding mitigates BREACH
on pages that carry a CSRF token."""

import gzip

import brotli
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(make_community):
    for n in range(30):
        make_community(f"Compressed Network {n}", topics=("pollination", "nexus"))
    return "/communities/"


@pytest.mark.parametrize("stored", [False, True], ids=["first request", "cache hit"])
def test_gzip_and_brotli_decode_to_the_same_html(page_cache, listing, stored):
    plain = Client().get(listing)
    assert "Content-Encoding" not in plain
    html = plain.content
    assert b"Compressed Network 29" in html
    if not stored:
        page_cache.clear()
    gzipped = Client().get(listing, headers={"accept-encoding": "gzip, deflate"})
    if not stored:
        page_cache.clear()
    brotlied = Client().get(listing, headers={"accept-encoding": "gzip, deflate, br, zstd"})

    assert gzipped["Content-Encoding"] == "gzip"
    assert brotlied["Content-Encoding"] == "br"
    assert gzip.decompress(gzipped.content) == html
    assert brotli.decompress(brotlied.content) == html
    assert len(brotlied.content) < len(gzipped.content) < len(html) / 4
    assert int(brotlied["Content-Length"]) == len(brotlied.content)
    assert gzipped["ETag"] == brotlied["ETag"] == plain["ETag"]
    assert "Accept-Encoding" in brotlied["Vary"]


def test_a_refused_encoding_is_not_used(page_cache, listing):
    response = Client().get(listing, headers={"accept-encoding": "br;q=0, gzip"})
    assert response["Content-Encoding"] == "gzip"
    response = Client().get(listing, headers={"accept-encoding": "identity"})
    assert "Content-Encoding" not in response


def test_compression_without_the_page_cache(listing):
    response = Client().get(listing, headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert b"Compressed Network 29" in gzip.decompress(response.content)


def test_signed_in_pages_are_gzipped_with_breach_padding(page_cache, listing, make_user):
    person = Client()
    person.force_login(make_user())
    bodies = set()
    for _ in range(5):
        response = person.get(listing, headers={"accept-encoding": "gzip, br"})
        assert response["Content-Encoding"] == "gzip"
        html = gzip.decompress(response.content)
        assert b"Sign out" in html and b"csrfmiddlewaretoken" in html
        bodies.add(response.content)
    # The CSRF token is masked anew and random bytes pad every response: no two alike.
    assert len(bodies) == 5
