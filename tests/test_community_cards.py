"""The communities list's cards name each community's topics and regions as the
community's own relations list them: every term linked (retired ones too), in the
vocabulary's order, linked to the list filtered on it; a community without regions
gets no regions row."""

import re

import pytest

from registry.models import Community, Region, Topic
from registry.vocabulary_lookup import attach_terms


def _card(html, name):
    start = html.index(f">{name}</a>")
    return html[start : html.index("</article>", start)]


def _linked(card, parameter):
    return re.findall(rf'href="/communities/\?{parameter}=([\w-]+)">', card)


@pytest.mark.django_db
def test_each_card_names_its_topics_and_regions_in_the_vocabularys_order(client, make_community):
    Topic.objects.filter(slug="nexus").update(is_active=False)
    make_community(
        "Alpha Network",
        topics=("pollination", "nexus", "invasive-alien-species"),
        regions=("africa", "asia-pacific"),
    )
    make_community("Beta Network", topics=("business-biodiversity",), regions=())

    html = client.get("/communities/").content.decode()

    assert Community.objects.get(name="Alpha Network").topics.count() == 3
    for community in Community.objects.all():
        card = _card(html, community.name)
        assert _linked(card, "topic") == [t.slug for t in community.topics.all()]
        assert _linked(card, "region") == [r.slug for r in community.regions.all()]
    alpha = _card(html, "Alpha Network")
    assert "nexus" in _linked(alpha, "topic")  # retired, still named
    assert ">Regions<" not in _card(html, "Beta Network")


@pytest.mark.django_db
def test_attach_terms_reads_the_links_of_every_row_in_one_query(
    make_community, django_assert_num_queries
):
    for n in range(5):
        make_community(f"Network {n}", topics=("pollination", "nexus"), regions=("africa",))
    rows = list(Community.objects.order_by("name"))
    attach_terms([], ("topics",))  # no rows: no query
    attach_terms(rows[:1], ("topics",))  # the vocabularies, read once and kept
    with django_assert_num_queries(1):
        attach_terms(rows, ("topics", "regions"))
    for row in rows:
        assert [t.pk for t in row.topics_terms] == [t.pk for t in row.topics.all()]
        assert [t.pk for t in row.regions_terms] == list(
            Region.objects.filter(slug="africa").values_list("pk", flat=True)
        )
