"""/communities/: every filter alone and combined (OR within a parameter, AND across)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry import services
from registry.models import Community, Language, MemberType, Recommendation

LIST_URL = reverse("registry:community_list")


@pytest.fixture
def recognise(make_round, make_recommendation, bureau):
    def recognise(community):
        review_round = services.open_round() or make_round()
        recommendation = make_recommendation(
            community, status=Recommendation.Status.SUBMITTED, round=review_round
        )
        services.recommendation_decide(
            recommendation=recommendation, user=bureau, decision="endorsed", note="Well done."
        )
        return community

    return recognise


@pytest.fixture
def catalogue(make_community, make_contribution, recognise):
    """Four published communities with distinct attributes, and one draft."""

    def community(name, *, member_types=(), languages=(), activities=(), **fields):
        c = make_community(name, **fields)
        c.member_types.set(MemberType.objects.filter(slug__in=member_types))
        c.languages.set(Language.objects.filter(slug__in=languages))
        for activity in activities:
            make_contribution(c, activity=activity)
        return c

    communities = {
        "Alpha": community(
            "Alpha",
            topics=("pollination", "nexus"),
            functions=("assessing-knowledge",),
            regions=("africa",),
            scales=("national",),
            countries=["KE"],
            member_types=("experts",),
            languages=("en",),
            activities=("review-comments",),
        ),
        "Bravo": community(
            "Bravo",
            topics=("pollination",),
            functions=("policy-support",),
            regions=("americas",),
            scales=("national", "global"),
            countries=["BR", "US"],
            member_types=("policymakers",),
            languages=("es", "en"),
            activities=("uptake-event", "uptake-event"),
        ),
        "Charlie": community(
            "Charlie",
            topics=("invasive-alien-species",),
            functions=("building-capacity",),
            regions=("americas",),
            scales=("local",),
            countries=["US"],
            languages=("fr",),
        ),
        "Delta": community(
            "Delta",
            topics=("nexus",),
            regions=("europe-central-asia",),
            scales=("regional",),
            activities=("review-comments",),
        ),
        "Draft": community(
            "Draft",
            status=Community.Status.DRAFT,
            topics=("pollination",),
            regions=("africa",),
            countries=["KE"],
            activities=("review-comments",),
        ),
    }
    recognise(communities["Alpha"])
    return communities


def listed(client, query=""):
    response = client.get(f"{LIST_URL}?{query}" if query else LIST_URL)
    assert response.status_code == 200
    return [c.name for c in response.context["page_obj"].paginator.object_list]


def test_only_published_communities_are_listed(client, catalogue):
    assert listed(client) == ["Alpha", "Bravo", "Charlie", "Delta"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=pollination", ["Alpha", "Bravo"]),
        ("function=building-capacity", ["Charlie"]),
        ("activity=review-comments", ["Alpha", "Delta"]),
        ("region=americas", ["Bravo", "Charlie"]),
        ("country=US", ["Bravo", "Charlie"]),
        ("country=ke", ["Alpha"]),
        ("scale=national", ["Alpha", "Bravo"]),
        ("member_type=policymakers", ["Bravo"]),
        ("language=en", ["Alpha", "Bravo"]),
        ("recognised=1", ["Alpha"]),
        ("q=charlie", ["Charlie"]),
    ],
)
def test_each_filter_alone_keeps_exactly_the_matching_communities(
    client, catalogue, query, expected
):
    assert listed(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=pollination&topic=invasive-alien-species", ["Alpha", "Bravo", "Charlie"]),
        ("region=africa&region=europe-central-asia", ["Alpha", "Delta"]),
        ("country=KE&country=BR", ["Alpha", "Bravo"]),
        ("activity=review-comments&activity=uptake-event", ["Alpha", "Bravo", "Delta"]),
        ("language=fr&language=es", ["Bravo", "Charlie"]),
    ],
)
def test_several_values_of_one_filter_are_ored(client, catalogue, query, expected):
    assert listed(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=pollination&region=americas", ["Bravo"]),
        ("topic=nexus&activity=review-comments", ["Alpha", "Delta"]),
        ("topic=nexus&activity=review-comments&recognised=1", ["Alpha"]),
        ("region=americas&scale=local&country=US", ["Charlie"]),
        ("topic=pollination&topic=invasive-alien-species&region=americas", ["Bravo", "Charlie"]),
        ("topic=pollination&function=building-capacity", []),
        ("language=en&member_type=experts&scale=national", ["Alpha"]),
    ],
)
def test_different_filters_are_anded(client, catalogue, query, expected):
    assert listed(client, query) == expected


def test_a_community_matching_several_values_is_listed_once(client, catalogue):
    names = listed(client, "topic=pollination&topic=nexus&scale=national&scale=global")
    assert names == ["Alpha", "Bravo"]


def test_unknown_values_match_nothing_and_are_named_in_a_notice(client, catalogue):
    response = client.get(f"{LIST_URL}?topic=pollination&topic=no-such-topic&country=KE&country=ZZ")
    assert response.status_code == 200
    names = [c.name for c in response.context["page_obj"].paginator.object_list]
    assert names == ["Alpha"]
    assert any("no-such-topic, ZZ" in str(notice) for notice in response.context["notices"])
    assert "no-such-topic, ZZ" in response.content.decode()
    assert listed(client, "topic=no-such-topic") == []
    assert listed(client, "country=not-a-country") == []


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        "page=99999",
        "page=",
        "q=" + "pollination " * 500,
        "sort=evil",
        "sort=relevance",
        "sort=name;DROP TABLE registry_community",
        "topic=%3Cscript%3Ealert(1)%3C/script%3E",
        "country=not-a-country&country=",
        "recognised=maybe",
        "q=bee%00s&topic=nexus%00&sort=name%00",
        "region=" + "x" * 3000,
        "topic=" + "&topic=".join(["pollination"] * 200),
    ],
)
def test_bad_parameters_give_a_normal_page(client, catalogue, query):
    response = client.get(f"{LIST_URL}?{query}")
    # A control character in a URL gets the normal 404 page (PostgreSQL refuses NUL).
    assert response.status_code == (404 if "%00" in query else 200)
    assert "<script>alert(1)" not in response.content.decode()


def test_unknown_sort_falls_back_to_name_with_a_notice(client, catalogue):
    response = client.get(f"{LIST_URL}?sort=evil")
    names = [c.name for c in response.context["page_obj"].object_list]
    assert names == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert response.context["sort"] == "name"
    assert response.context["notices"]


def test_sort_by_newest_puts_the_latest_published_first(client, catalogue):
    now = timezone.now()
    for days, name in enumerate(["Charlie", "Alpha", "Delta", "Bravo"]):
        Community.objects.filter(name=name).update(published_at=now - datetime.timedelta(days=days))
    assert listed(client, "sort=newest") == ["Charlie", "Alpha", "Delta", "Bravo"]


def test_sort_by_contributions_puts_the_most_active_first(client, catalogue):
    # Bravo has two contributions, Alpha and Delta one, Charlie none.
    assert listed(client, "sort=contributions") == ["Bravo", "Alpha", "Delta", "Charlie"]


def test_pagination_shows_25_a_page_and_keeps_the_filters(client, make_community):
    for n in range(30):
        make_community(f"Network {n:02d}", topics=("nexus",), regions=("africa",))
    make_community("Elsewhere", topics=("pollination",))
    response = client.get(f"{LIST_URL}?topic=nexus&region=africa")
    page = response.context["page_obj"]
    assert page.paginator.count == 30
    assert len(page.object_list) == 25
    html = response.content.decode()
    assert 'href="?topic=nexus&amp;region=africa&amp;page=2"' in html

    second = client.get(f"{LIST_URL}?topic=nexus&region=africa&page=2")
    assert [c.name for c in second.context["page_obj"].object_list] == [
        f"Network {n:02d}" for n in range(25, 30)
    ]


def test_active_filters_are_chips_linking_to_the_list_without_that_value(client, catalogue):
    response = client.get(f"{LIST_URL}?topic=pollination&topic=nexus&region=africa&page=1")
    chips = {(chip["label"], chip["url"]) for chip in response.context["chips"]}
    assert chips == {
        ("Pollination and pollinators", "?topic=nexus&region=africa"),
        ("The interlinkages among biodiversity, water, food and health (Nexus)",
         "?topic=pollination&region=africa"),
        ("Africa", "?topic=pollination&topic=nexus"),
    }  # fmt: skip
    html = response.content.decode()
    assert 'href="?topic=nexus&amp;region=africa"' in html
    assert "Clear all filters" in html


def test_the_search_chip_removes_the_search(client, catalogue):
    response = client.get(f"{LIST_URL}?q=alpha&region=africa")
    assert [(chip["group"], chip["url"]) for chip in response.context["chips"]] == [
        ("Search", "?region=africa"),
        ("IPBES region", "?q=alpha"),
    ]


def test_an_empty_result_suggests_removing_filters(client, catalogue):
    response = client.get(f"{LIST_URL}?topic=pollination&function=building-capacity")
    html = response.content.decode()
    assert response.context["page_obj"].paginator.count == 0
    assert "No community matches these filters" in html
    assert "Try removing a filter" in html
    assert 'href="?function=building-capacity"' in html  # without the topic
    assert 'href="?topic=pollination"' in html  # without the function


def test_the_filter_panel_is_a_plain_get_form_with_checked_checkboxes(client, catalogue):
    html = client.get(f"{LIST_URL}?topic=nexus&recognised=1").content.decode()
    assert f'<form method="get" action="{LIST_URL}"' in html
    assert '<input type="checkbox" name="topic" value="nexus" id="f-topic-nexus" checked>' in html
    assert '<input type="checkbox" name="topic" value="pollination" id="f-topic-pollination">' in (
        html
    )
    assert 'name="recognised" value="1" id="f-recognised-1" checked' in html
    assert '<button type="submit" class="button">Apply filters</button>' in html


def test_list_cards_show_the_supporter_badge(client, catalogue):
    response = client.get(LIST_URL)
    recognised = {c.name for c in response.context["page_obj"].object_list if c.is_recognised}
    assert recognised == {"Alpha"}
    assert response.content.decode().count('class="badge badge-supporter"') == 1


def test_a_withdrawn_recognition_no_longer_counts_as_recognised(client, catalogue, bureau):
    recognition = catalogue["Alpha"].recognitions.get()
    services.recognition_withdraw(recognition=recognition, user=bureau, reason="Inactive.")
    assert listed(client, "recognised=1") == []


def test_export_and_feed_links_carry_the_current_filters(client, catalogue):
    html = client.get(f"{LIST_URL}?topic=nexus&region=africa&page=2").content.decode()
    assert 'href="/communities/export.csv?topic=nexus&amp;region=africa"' in html
    assert 'href="/communities/export.json?topic=nexus&amp;region=africa"' in html
    assert 'href="/communities/feed/?topic=nexus&amp;region=africa"' in html
