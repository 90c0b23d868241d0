"""Issue 10's journey, as a partner site's developer makes it from the documentation page
alone: its first steps list the pollination communities in Africa with their ROR IDs,
page through the contributions, and fetch a topic's term as JSON-LD; every answer
matches the public pages."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from registry.models import Contribution
from tests.linked_data import RDF_TYPE, schema, triples

ROR = "https://ror.org/015w2mp89"


def _first_steps(client):
    """The hrefs of the docs page's first steps, in order (the page works without JS)."""
    html = client.get(reverse("api:docs")).content.decode()
    block = re.search(r'<dl class="api-docs-examples">(.*?)</dl>', html, re.S)
    assert block, "the docs page has no first steps"
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', block.group(1))]


def _html_slugs(client, url):
    html = client.get(url).content.decode()
    return list(dict.fromkeys(re.findall(r'href="/communities/([a-z0-9-]+)/"', html)))


@pytest.mark.django_db
def test_a_partner_follows_the_docs_first_steps_and_every_answer_matches_the_pages(
    client, make_community, make_contribution
):
    hosted = make_community("Sahel Pollinator Network", regions=["africa"], host_ror="015w2mp89")
    plain = make_community("Kenyan Bee Forum", regions=["africa"])
    make_community("Andean Pollinators", regions=["americas"])
    make_community("Draft Pollinators of Africa", regions=["africa"], status="draft")
    for n in range(7):
        make_contribution(hosted if n % 2 else plain, title=f"Workshop {n}")
    communities, contributions, term = _first_steps(client)

    # 1. The pollination communities in Africa, each with its host's ROR ID.
    assert communities.startswith("/api/v1/communities/?")
    answer = client.get(communities).json()
    rows = {row["slug"]: row for row in answer["results"]}
    query = communities.split("?", 1)[1]
    assert list(rows) == _html_slugs(client, reverse("registry:community_list") + "?" + query)
    assert set(rows) == {hosted.slug, plain.slug}
    assert rows[hosted.slug]["host_ror"] == ROR  # the full address, as the page links it
    assert rows[plain.slug]["host_ror"] == ""
    assert (
        ROR in client.get(reverse("registry:community_detail", args=[hosted.slug])).content.decode()
    )

    # 2. Contributions, page by page through ``next``, until it is null.
    url, seen, pages = contributions.replace("limit=100", "limit=3"), [], 0
    while url:
        answer = client.get(url).json()
        seen += [row["title"] for row in answer["results"]]
        url, pages = answer["next"], pages + 1
    assert pages == 3 and len(seen) == answer["count"] == 7
    assert sorted(seen) == sorted(Contribution.objects.values_list("title", flat=True))

    # 3. The topic as a linked-data term, at the URI the community's JSON-LD names.
    response = client.get(term)
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    document = json.loads(response.content)
    graph = triples(document)
    assert (document["@id"], RDF_TYPE, schema("DefinedTerm")) in graph
    assert (document["@id"], schema("termCode"), "pollination") in graph
    community_page = client.get(
        reverse("registry:community_detail", args=[hosted.slug])
    ).content.decode()
    assert document["@id"] in community_page
