"""CSV and JSON exports: exactly the filtered list, every column, no contact e-mail."""

import csv
import io
import json

import pytest
from django.urls import reverse

from registry import services
from registry.models import Community, Language, MemberType, Recommendation

NEXUS = "The interlinkages among biodiversity, water, food and health (Nexus)"

# The vocabularies (one query each), the rows (one), the transaction around them
# (with JIT off on PostgreSQL), the filter's own look-ups.
EXPORT_QUERIES = 12
CSV_URL = reverse("registry:community_export_csv")
JSON_URL = reverse("registry:community_export_json")
LIST_URL = reverse("registry:community_list")
COLUMNS = [
    "slug",
    "name",
    "acronym",
    "summary",
    "website",
    "host_ror",
    "contact_email",
    "url",
    "topics",
    "topic_names",
    "functions",
    "function_names",
    "regions",
    "region_names",
    "scales",
    "scale_names",
    "countries",
    "country_names",
    "member_types",
    "member_type_names",
    "languages",
    "language_names",
    "year_founded",
    "members",
    "contributions",
    "recognised",
    "published_at",
    "confirmed_at",
]


@pytest.fixture
def catalogue(make_community, make_contribution, make_round, make_recommendation, bureau):
    full = make_community(
        "Full Network",
        acronym="FN",
        summary="Everything, filled in.",
        website="https://full.example.org/",
        contact_email="private@example.org",
        year_founded=2012,
        member_count=300,
        topics=("pollination", "nexus"),
        functions=("policy-support",),
        regions=("africa", "americas"),
        scales=("national",),
        countries=["KE", "BR"],
    )
    full.member_types.set(MemberType.objects.filter(slug__in=["experts", "policymakers"]))
    full.languages.set(Language.objects.filter(slug__in=["en", "fr"]))
    make_contribution(full)
    make_contribution(full)
    recommendation = make_recommendation(
        full, status=Recommendation.Status.SUBMITTED, round=make_round()
    )
    services.recommendation_decide(
        recommendation=recommendation, user=bureau, decision="endorsed", note="Yes."
    )
    for n in range(30):
        make_community(f"Pollination {n:02d}", topics=("pollination",), regions=("africa",))
    make_community("Other Topic", topics=("scenarios-models",), regions=("africa",))
    make_community("Draft", status=Community.Status.DRAFT, topics=("pollination",))
    return full


def content(response):
    return b"".join(response.streaming_content).decode("utf-8")


def listed_slugs(client, query):
    response = client.get(f"{LIST_URL}?{query}")
    return [c.slug for c in response.context["page_obj"].paginator.object_list]


@pytest.mark.parametrize(
    "query",
    ["", "topic=pollination&region=africa", "topic=nexus&topic=scenarios-models", "q=full"],
)
def test_the_csv_holds_exactly_the_rows_of_the_filtered_list(client, catalogue, query):
    response = client.get(f"{CSV_URL}?{query}")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ipbes-communities-')
    rows = list(csv.DictReader(io.StringIO(content(response).removeprefix("\ufeff"))))
    assert [row["slug"] for row in rows] == listed_slugs(client, query)


@pytest.mark.parametrize("query", ["", "topic=pollination&region=africa&sort=newest", "q=full"])
def test_the_json_holds_exactly_the_rows_of_the_filtered_list(client, catalogue, query):
    response = client.get(f"{JSON_URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = json.loads(content(response))
    assert [row["slug"] for row in rows] == listed_slugs(client, query)


def test_the_csv_has_every_column_filled_in(client, catalogue):
    text = content(client.get(f"{CSV_URL}?q=full"))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == COLUMNS
    row = dict(zip(COLUMNS, rows[1], strict=True))
    assert row["slug"] == "full-network"
    assert row["name"] == "Full Network"
    assert row["acronym"] == "FN"
    assert row["website"] == "https://full.example.org/"
    assert row["url"] == "http://testserver/communities/full-network/"
    assert row["topics"] == "pollination;nexus"
    assert row["functions"] == "policy-support"
    assert row["regions"] == "africa;americas"
    assert row["scales"] == "national"
    assert set(row["countries"].split(";")) == {"KE", "BR"}
    assert row["member_types"] == "experts;policymakers"
    assert row["languages"] == "en;fr"
    assert row["year_founded"] == "2012"
    assert row["members"] == "300"
    assert row["contributions"] == "2"
    assert row["recognised"] == "yes"
    assert row["published_at"].startswith(str(catalogue.published_at.year))
    assert row["confirmed_at"] == catalogue.last_confirmed_at.date().isoformat()


def test_the_csv_gives_the_english_name_beside_each_slug_and_country_code(client, catalogue):
    # The README: exports keep the English names and the slugs, whatever the language.
    text = content(client.get(f"{CSV_URL}?q=full", HTTP_ACCEPT_LANGUAGE="fr"))
    row = next(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert row["topic_names"] == f"Pollination and pollinators;{NEXUS}"
    assert row["function_names"] == "Policy support"
    assert row["region_names"] == "Africa;Americas"
    assert row["scale_names"] == "National"
    names = dict(zip(row["countries"].split(";"), row["country_names"].split(";"), strict=True))
    assert names == {"KE": "Kenya", "BR": "Brazil"}
    assert row["member_type_names"] == "Experts and scientists;Policymakers"
    assert row["language_names"] == "English;French"


def test_the_json_gives_slugs_and_english_names_as_lists(client, catalogue):
    rows = json.loads(content(client.get(f"{JSON_URL}?q=full", HTTP_ACCEPT_LANGUAGE="fr")))
    assert rows[0]["topics"] == ["pollination", "nexus"]
    assert rows[0]["topic_names"] == ["Pollination and pollinators", NEXUS]
    assert rows[0]["regions"] == ["africa", "americas"]
    assert rows[0]["region_names"] == ["Africa", "Americas"]
    assert dict(zip(rows[0]["countries"], rows[0]["country_names"], strict=True)) == {
        "KE": "Kenya",
        "BR": "Brazil",
    }
    assert rows[0]["language_names"] == ["English", "French"]


def export_queries(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(EXPORT_QUERIES) as captured:
        assert content(client.get(url))
    return len(captured)


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL, f"{CSV_URL}?topic=pollination&q=network"])
def test_an_export_takes_the_same_few_queries_for_one_community_or_many(
    client, make_community, make_contribution, django_assert_max_num_queries, url
):
    def linked(name):
        community = make_community(name, topics=("pollination", "nexus"), countries=["KE"])
        community.languages.set(Language.objects.filter(slug__in=["en", "fr"]))
        make_contribution(community)

    linked("First Network")
    few = export_queries(client, url, django_assert_max_num_queries)
    for n in range(40):
        linked(f"Network {n:02d}")
    many = export_queries(client, url, django_assert_max_num_queries)
    assert few == many


def test_the_json_has_lists_numbers_and_booleans(client, catalogue):
    rows = json.loads(content(client.get(f"{JSON_URL}?q=full")))
    assert list(rows[0]) == COLUMNS
    assert rows[0]["topics"] == ["pollination", "nexus"]
    assert rows[0]["contributions"] == 2
    assert rows[0]["members"] == 300
    assert rows[0]["recognised"] is True
    others = json.loads(content(client.get(f"{JSON_URL}?topic=scenarios-models")))
    assert others[0]["recognised"] is False
    assert others[0]["year_founded"] is None


def test_exports_never_contain_the_contact_email(client, catalogue):
    assert "private@example.org" not in content(client.get(CSV_URL))
    assert "private@example.org" not in content(client.get(JSON_URL))


def test_exports_never_contain_unpublished_communities(client, catalogue):
    assert "Draft" not in content(client.get(CSV_URL))
    assert '"Draft"' not in content(client.get(JSON_URL))


def test_an_empty_filter_result_is_a_valid_empty_export(client, catalogue):
    assert json.loads(content(client.get(f"{JSON_URL}?topic=transformative-change"))) == []
    text = content(client.get(f"{CSV_URL}?topic=transformative-change"))
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [COLUMNS]


def test_spreadsheet_formulas_in_user_text_are_neutralised(client, make_community):
    make_community('=HYPERLINK("http://evil.example")', summary="+1 and more")
    text = content(client.get(CSV_URL))
    row = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))[0]
    assert row["name"].startswith("'=")
    assert row["summary"].startswith("'+")
    # JSON is data, not a spreadsheet: unchanged.
    assert json.loads(content(client.get(JSON_URL)))[0]["name"].startswith("=")


@pytest.mark.parametrize(
    "query", ["page=-1", "sort=evil", "topic=nope", "q=" + "x" * 5000, "q=a%00&country=K%00"]
)
def test_bad_parameters_give_a_normal_export(client, catalogue, query):
    # A control character in a URL gets the normal 404 page (PostgreSQL refuses NUL).
    expected = 404 if "%00" in query else 200
    assert client.get(f"{CSV_URL}?{query}").status_code == expected
    assert client.get(f"{JSON_URL}?{query}").status_code == expected
