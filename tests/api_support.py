"""Shared by the API tests: the endpoints, and reading every page of a list."""

from django.urls import reverse

from registry.api.views import LISTS, VOCABULARIES


def list_urls():
    """The address of every list endpoint (the API's own registry of them)."""
    return [reverse(f"api:{name}-list") for name in (*LISTS, *VOCABULARIES)]


def every_row(client, url, **params):
    """All rows of a list endpoint, page after page (limit 100)."""
    rows = []
    query = {"limit": 100, **params}
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    body = response.json()
    if isinstance(body, list):
        return body
    rows += body["results"]
    while body["next"]:
        response = client.get(body["next"])
        assert response.status_code == 200
        body = response.json()
        rows += body["results"]
    return rows
