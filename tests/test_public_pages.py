"""Home, topics, functions, about and the error pages."""

import pytest
from django.urls import reverse

from registry.models import Community, Function, Topic
from tests.public_site_data import recognise

pytestmark = pytest.mark.django_db


def test_home_explains_the_registry_and_shows_counts(client, make_community, make_contribution):
    kenya = make_community("Pollinator network", countries=["KE", "TZ"])
    make_community("Restoration network", countries=["KE"], topics=["land-degradation-restoration"])
    make_community("Draft network", status=Community.Status.DRAFT, countries=["FR"])
    make_contribution(kenya)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["community_count"] == 2
    assert response.context["contribution_count"] == 1
    assert response.context["country_count"] == 2
    assert response.context["supporter_count"] == 0
    html = response.content.decode()
    assert "communities of practice" in html.lower()
    assert "Pollinator network" in html
    assert "Draft network" not in html


def test_home_lists_all_17_topics_with_counts(client, make_community):
    make_community(topics=["pollination", "nexus"])
    make_community(topics=["pollination"])
    make_community(topics=["pollination"], status=Community.Status.SUBMITTED)
    response = client.get("/")
    counts = {t.slug: t.community_count for t in response.context["topics"]}
    assert len(counts) == 17
    assert counts["pollination"] == 2
    assert counts["nexus"] == 1
    assert counts["transformative-change"] == 0
    assert reverse("registry:topic_detail", args=["pollination"]) in response.content.decode()


def test_home_shows_recognised_supporters(
    client, make_community, make_round, make_recommendation, bureau
):
    supporter = make_community("Recognised network")
    recognise(
        supporter, bureau=bureau, make_round=make_round, make_recommendation=make_recommendation
    )
    response = client.get("/")
    assert response.context["supporter_count"] == 1
    assert [r.community for r in response.context["supporters"]] == [supporter]
    assert "badge-supporter" in response.content.decode()


def test_home_search_box_sends_q_to_the_community_list(client):
    html = client.get("/").content.decode()
    assert f'action="{reverse("registry:community_list")}"' in html
    assert 'name="q"' in html
    assert reverse("account_signup") in html


def test_topic_list_counts_communities_and_contributions(client, make_community, make_contribution):
    community = make_community(topics=["nexus"])
    make_contribution(community, topics=["nexus", "pollination"])
    hidden = make_community(topics=["nexus"], status=Community.Status.ARCHIVED)
    make_contribution(hidden, topics=["nexus"])
    response = client.get(reverse("registry:topic_list"))
    topics = {t.slug: t for t in response.context["topics"]}
    assert len(topics) == 17
    assert (topics["nexus"].community_count, topics["nexus"].contribution_count) == (1, 1)
    assert (topics["pollination"].community_count, topics["pollination"].contribution_count) == (
        0,
        1,
    )
    assert "?topic=nexus" in response.content.decode()


def test_topic_page_lists_its_published_communities_and_contributions(
    client, make_community, make_contribution
):
    shown = make_community("Nexus network", topics=["nexus"])
    make_community("Other topic network", topics=["pollination"])
    make_community("Draft nexus network", topics=["nexus"], status=Community.Status.DRAFT)
    make_contribution(shown, title="Nexus dialogue", topics=["nexus"])
    response = client.get(reverse("registry:topic_detail", args=["nexus"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nexus network" in html
    assert "Nexus dialogue" in html
    assert "Other topic network" not in html
    assert "Draft nexus network" not in html
    assert f"{reverse('registry:community_list')}?topic=nexus" in html


def test_unknown_topic_is_404(client):
    response = client.get(reverse("registry:topic_detail", args=["no-such-topic"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_function_list_shows_the_four_functions_and_their_activities(client):
    response = client.get(reverse("registry:function_list"))
    assert [f.slug for f in response.context["functions"]] == [
        "assessing-knowledge",
        "building-capacity",
        "knowledge-generation",
        "policy-support",
    ]
    assert "?activity=pre-scoping" in response.content.decode()


def test_function_page_explains_how_to_engage(client, make_community, make_contribution):
    community = make_community("Assessment network", functions=["assessing-knowledge"])
    make_community("Draft assessors", functions=["assessing-knowledge"], status="draft")
    make_contribution(community, activity="review-comments", title="Comments on the nexus draft")
    make_contribution(community, activity="fellowship-support", title="Fellows supported")
    function = Function.objects.get(slug="assessing-knowledge")
    response = client.get(function.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert function.description.replace("'", "&#x27;") in html
    assert function.how_to_engage[:60] in html
    assert f"{reverse('registry:contribution_list')}?activity=pre-scoping" in html
    assert "Assessment network" in html
    assert "Draft assessors" not in html
    assert "Comments on the nexus draft" in html
    # Fellowship support is a building-capacity activity only.
    assert "Fellows supported" not in html


def test_unknown_function_is_404(client):
    assert client.get(reverse("registry:function_detail", args=["nope"])).status_code == 404


def test_about_page_explains_communities_of_practice_and_recognition(client):
    html = client.get(reverse("registry:about")).content.decode()
    for phrase in ("objective 2(b)", "collaborative supporter", "task force", "Bureau", "TRACK"):
        assert phrase in html
    assert 'id="recognition"' in html
    assert "lorem" not in html.lower()


def test_main_nav_marks_the_current_section(client):
    html = client.get(reverse("registry:topic_detail", args=["nexus"])).content.decode()
    assert f'href="{reverse("registry:topic_list")}" aria-current="true"' in html
    html = client.get(reverse("registry:about")).content.decode()
    assert f'href="{reverse("registry:about")}" aria-current="page"' in html


def test_main_nav_marks_one_item_or_none(client, make_community):
    community = make_community("Marked Network")
    pages = {
        reverse("registry:home"): (reverse("registry:home"), "page"),
        community.get_absolute_url(): (reverse("registry:community_list"), "true"),
        reverse("registry:function_detail", args=["assessing-knowledge"]): (
            reverse("registry:function_list"),
            "true",
        ),
        reverse("registry:coverage"): (reverse("registry:coverage"), "page"),
    }
    for url, (marked, value) in pages.items():
        nav = _main_nav(client.get(url).content.decode())
        assert nav.count("aria-current") == 1, url
        assert f'href="{marked}" aria-current="{value}"' in nav, url
    # A page of no section (and a page not found) marks none.
    assert "aria-current" not in _main_nav(client.get("/no-such-page/").content.decode())
    assert "aria-current" not in _main_nav(client.get(reverse("registry:privacy")).content.decode())


def _main_nav(html):
    return html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_404_page_is_in_the_site_design(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="skip-link"' in html
    assert 'role="search"' in html


def test_500_page_renders_without_a_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html
    assert "site.css" in html


def test_server_error_handler_returns_500(rf):
    from registry.views.public import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/?q=%00",
        "/topics/nexus/?page=abc",
        "/functions/policy-support/?x=%ff",
    ],
)
def test_odd_get_parameters_never_fail(client, url):
    # A control character in a URL gets the normal 404 page (PostgreSQL refuses NUL).
    assert client.get(url).status_code == (404 if "%00" in url else 200)


def test_post_to_a_public_page_is_refused(client):
    assert client.post(reverse("registry:about")).status_code == 405


@pytest.mark.parametrize(
    ("url", "max_queries"),
    [
        ("/", 7),  # each list's tallies once, the vocabularies, supporters, topics, rows
        ("/topics/", 3),
        # The topic, each list's tallies (its counts), the chart's grouped count and the
        # functions, the communities and the contributions.
        ("/topics/pollination/", 7),
        ("/functions/", 3),
        ("/functions/assessing-knowledge/", 6),  # the chart's grouped count
        ("/about/", 1),
    ],
)
def test_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, site_data, url, max_queries
):
    site_data(2)
    with django_assert_max_num_queries(max_queries):
        assert client.get(url).status_code == 200
    site_data(12)
    with django_assert_max_num_queries(max_queries):
        assert client.get(url).status_code == 200


def test_topic_order_follows_the_seed(client):
    response = client.get(reverse("registry:topic_list"))
    assert [t.slug for t in response.context["topics"]] == list(
        Topic.objects.active().values_list("slug", flat=True)
    )


def test_language_switcher_works_without_javascript(client):
    html = client.get("/about/").content.decode()
    assert 'href="/language/ar/?next=/about/"' in html
    response = client.get("/language/ar/", {"next": "/about/"})
    assert response.status_code == 302
    assert response["Location"] == "/about/"
    html = client.get("/about/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_every_page_has_landmarks_skip_link_and_favicon(client):
    html = client.get("/topics/").content.decode()
    for fragment in (
        'class="skip-link" href="#main"',
        '<main id="main"',
        "<header",
        'aria-label="Main"',
        "<footer",
        'rel="icon"',
        "css/site.css",
        "css/forms.css",
    ):
        assert fragment in html
    assert "https://" not in html.split("</head>")[0]  # no CDN, font or script from elsewhere
