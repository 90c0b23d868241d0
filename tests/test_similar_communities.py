"""Duplicate hints ("Is yours one of these?"): near-duplicates by name, acronym or
website hint, other communities do not; coordinators see only what they may see;
a hint never blocks; the Secretariat sees them on the moderation queue's pages.

Runs on whichever database the suite uses (SQLite, PostgreSQL in CI's second run)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Community, Topic
from registry.similar import name_similarity, similar_communities, website_key
from tests.conftest import require

Status = Community.Status

# What counts as a near-duplicate: the same community written another way (word
# order, accents, plural, a typo, the generic words in another language or left out).
NEAR_DUPLICATES = [
    ("African Pollinator Network", "Pollinator Network Africa"),
    ("Réseau des pollinisateurs", "Reseau des Pollinisateurs"),
    ("Réseau des pollinisateurs", "Pollinisateurs Network"),
    ("Pollinator Experts Network", "Network of Pollinator Experts"),
    ("Pollinators Network Africa", "Pollinator Network Afrca"),
    ("Red de Polinizadores de América Latina", "Red Latinoamericana de Polinizadores"),
    ("Comunidad de práctica sobre especies invasoras", "Comunidad de Practica Especies Invasoras"),
    (
        "Indigenous and Local Knowledge Community of Practice",
        "Community of Practice on Indigenous and Local Knowledge",
    ),
    ("Biodiversity and Health Network", "Network for Biodiversity & Health"),
    ("Сеть опылителей", "Сообщество опылителей"),
    ("传粉者网络", "传粉者社区"),
    ("Réseau Écologie Urbaine", "Ecologie urbaine network"),
    ("Scenarios and Models Community", "Community on Scenarios & Models"),
]

# Not the same community: they share a word, or only the generic ones.
NOT_DUPLICATES = [
    ("Pollinator Network", "Marine Biodiversity Network"),
    ("Freshwater Biodiversity Network", "Marine Biodiversity Network"),
    ("Biodiversity Network Asia", "Biodiversity Network Africa"),
    ("Pollinator Network Europe", "Pollinator Network Africa"),
    ("Rural Biodiversity Network", "Urban Biodiversity Network"),
    ("Sustainable Finance Network", "Sustainable Use Network"),
    ("Invasive Plants Network", "Invasive Species Network"),
    ("Ocean Literacy Network", "Ocean Acidification Network"),
    ("Network of Practice", "Community of Practice"),
]


def names(hints):
    return [hint.community.name for hint in hints]


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        require("POSTGRES", "the trigram index needs DATABASE_URL=postgres://…")


@pytest.mark.django_db
@pytest.mark.parametrize(("existing", "typed"), NEAR_DUPLICATES)
def test_a_near_duplicate_name_hints(make_community, secretariat, existing, typed):
    make_community(existing)
    make_community("Coastal Futures")
    assert names(similar_communities(user=secretariat, name=typed)) == [existing]


@pytest.mark.django_db
@pytest.mark.parametrize(("existing", "typed"), NOT_DUPLICATES)
def test_a_different_community_does_not_hint(make_community, secretariat, existing, typed):
    make_community(existing)
    assert similar_communities(user=secretariat, name=typed) == []


@pytest.mark.parametrize(("first", "second"), NEAR_DUPLICATES + NOT_DUPLICATES)
def test_name_similarity_is_symmetric(first, second):
    assert name_similarity(first, second) == name_similarity(second, first)


@pytest.mark.django_db
def test_the_same_acronym_hints_whatever_the_case_or_the_name(make_community, secretariat):
    make_community("Capacity-building Alumni", acronym="IPBES-CAP")
    make_community("Pollinator Network")
    hints = similar_communities(user=secretariat, name="Fellows Forum", acronym="ipbes-cap")
    assert names(hints) == ["Capacity-building Alumni"]
    assert hints[0].reasons == ("acronym",)
    # An acronym typed as the name finds it too.
    assert names(similar_communities(user=secretariat, name="IPBES-CAP")) == [
        "Capacity-building Alumni"
    ]


@pytest.mark.django_db
def test_a_different_acronym_does_not_hint(make_community, secretariat):
    make_community("Capacity-building Alumni", acronym="IPBES-CAP")
    assert similar_communities(user=secretariat, name="Fellows Forum", acronym="IPBES-CAPE") == []


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.pollinators.africa/about/", "pollinators.africa"),
        ("http://POLLINATORS.africa", "pollinators.africa"),
        ("pollinators.africa/join", "pollinators.africa"),
        ("https://africa.pollinators.org", "africa.pollinators.org"),
        ("https://www.facebook.com/groups/pollinators/", "facebook.com/groups/pollinators"),
        ("https://www.facebook.com/", ""),
        ("", ""),
        ("not a web address", ""),
    ],
)
def test_website_key_is_the_host_without_www(url, key):
    assert website_key(url) == key


@pytest.mark.django_db
def test_the_same_website_domain_hints_with_or_without_www(make_community, secretariat):
    make_community("Bee Friends", website="https://www.pollinators.africa/about")
    make_community("Other Friends", website="https://pollinators.africa.example.org")
    make_community("Group Page", website="https://www.facebook.com/groups/other")
    hints = similar_communities(
        user=secretariat, name="Wild Bee Watch", website="http://pollinators.africa"
    )
    assert names(hints) == ["Bee Friends"]
    assert hints[0].reasons == ("website",)
    # A page on a host many communities share is not the same website.
    assert (
        similar_communities(
            user=secretariat, name="Wild Bee Watch", website="https://facebook.com/groups/bees"
        )
        == []
    )


@pytest.mark.django_db
def test_pages_on_a_shared_host_do_not_crowd_out_the_name_hints(make_community, secretariat):
    Community.objects.bulk_create(
        Community(
            name=f"Group {n}",
            slug=f"group-{n}",
            summary="A page.",
            website=f"https://www.facebook.com/groups/g{n}",
        )
        for n in range(80)
    )
    make_community("African Pollinator Network")
    hints = similar_communities(
        user=secretariat,
        name="Pollinator Network Africa",
        website="https://facebook.com/groups/bees",
    )
    assert names(hints) == ["African Pollinator Network"]


@pytest.mark.django_db
def test_hints_are_ranked_and_limited(make_community, secretariat):
    make_community("Pollinator Network Africa")
    make_community("African Pollinator Network", acronym="APN")
    make_community("Pollinators of Africa")
    hints = similar_communities(user=secretariat, name="Pollinator Network Africa", acronym="APN")
    # The same acronym first, then the identical name.
    assert names(hints)[:2] == ["African Pollinator Network", "Pollinator Network Africa"]
    assert len(similar_communities(user=secretariat, name="Pollinator Africa", limit=2)) == 2


@pytest.mark.django_db
def test_the_community_itself_is_left_out(make_community, secretariat):
    community = make_community("Pollinator Network Africa")
    assert similar_communities(user=secretariat, name=community.name, exclude_pk=community.pk) == []


@pytest.mark.django_db
def test_nothing_typed_gives_no_hint(make_community, secretariat):
    make_community("Pollinator Network")
    assert similar_communities(user=secretariat, name="") == []
    assert similar_communities(user=secretariat, name="  ", acronym="", website="") == []


@pytest.mark.django_db
def test_coordinators_see_hints_only_of_communities_they_may_see(make_community, make_user):
    me, other = make_user(), make_user()
    make_community("Pollinator Network Africa", status=Status.PUBLISHED)
    make_community("African Pollinator Network", status=Status.DRAFT, owner=other)
    make_community("Pollinators Network of Africa", status=Status.SUBMITTED, owner=other)
    make_community("Africa Pollinator Network", status=Status.DRAFT, owner=me)
    hints = similar_communities(user=me, name="Pollinator Network Africa")
    assert sorted(names(hints)) == ["Africa Pollinator Network", "Pollinator Network Africa"]


@pytest.mark.django_db
def test_the_secretariat_sees_hints_in_every_status(make_community, secretariat, make_user):
    for status in Status:
        make_community("Pollinator Network Africa", status=status)
    hints = similar_communities(user=secretariat, name="Pollinator Network Africa", limit=10)
    assert {hint.community.status for hint in hints} == set(Status)


@pytest.mark.django_db
def test_one_query_whatever_the_number_of_communities(
    make_community, make_user, django_assert_max_num_queries
):
    user = make_user()
    Community.objects.bulk_create(
        Community(
            name=f"Pollinator Network {n}",
            slug=f"pollinator-network-{n}",
            summary="Bees.",
            status=Status.PUBLISHED,
        )
        for n in range(300)
    )
    user.has_perm("registry.moderate_community")  # the permissions, read once per request
    with django_assert_max_num_queries(1):
        hints = similar_communities(user=user, name="Pollinator Network", acronym="PN")
    assert len(hints) == 5


# --- PostgreSQL: pg_trgm and its index ------------------------------------------------


@pytest.mark.postgres
def test_on_postgresql_the_trigram_index_exists(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == ("pg_trgm",)
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'registry_community_name_trgm_idx'"
        )
        (definition,) = cursor.fetchone()
    assert "gin (name gin_trgm_ops)" in definition


@pytest.mark.postgres
def test_on_postgresql_the_hints_query_reads_only_indexes(postgres, make_community, secretariat):
    make_community("Pollinator Network Africa", acronym="PNA", website="https://pna.example.org")
    with CaptureQueriesContext(connection) as queries:
        similar_communities(
            user=secretariat, name="African Pollinators", acronym="APN", website="pna.example.org"
        )
    (query,) = [q["sql"] for q in queries.captured_queries if "registry_community" in q["sql"]]
    with connection.cursor() as cursor:
        # A table this small is read in sequence unless told otherwise.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    for index in (
        "registry_community_name_trgm_idx",
        "registry_community_acronym_upper_idx",
        "registry_community_website_trgm_idx",
    ):
        assert index in plan, plan


# --- Coordinators: the registration and edit forms, the overview ----------------------

CREATE_URL = reverse("coordinator:community_create")


def hints_section(page):
    return page.split('class="panel similar-communities"')[1].split("</section>")[0]


def _form_data(**overrides):
    data = {
        "name": "Pollinator Network Africa",
        "acronym": "",
        "summary": "Experts working on pollinators across Africa.",
        "website": "",
        "topics": [Topic.objects.get(slug="pollination").pk],
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_near_duplicate_still_registers_and_its_overview_asks(client, make_user, make_community):
    existing = make_community("African Pollinator Network")
    client.force_login(make_user())
    response = client.post(CREATE_URL, _form_data())
    assert response.status_code == 302
    draft = Community.objects.get(name="Pollinator Network Africa")
    overview = client.get(response["Location"]).content.decode()
    assert "Is yours one of these?" in overview
    assert f'href="{existing.get_absolute_url()}"' in overview
    assert draft.get_absolute_url() not in hints_section(overview)


@pytest.mark.django_db
def test_the_check_button_shows_hints_and_saves_nothing(client, make_user, make_community):
    make_community("African Pollinator Network")
    client.force_login(make_user())
    response = client.post(CREATE_URL, _form_data(summary="", check_similar="1"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Is yours one of these?" in page
    assert "African Pollinator Network" in page
    assert 'value="Pollinator Network Africa"' in page  # what was typed is kept
    assert "This field is required" not in page  # checking is not saving
    assert not Community.objects.filter(name="Pollinator Network Africa").exists()


@pytest.mark.django_db
def test_an_invalid_registration_shows_the_hints_with_its_errors(client, make_user, make_community):
    make_community("Bee Friends", website="https://www.pollinators.africa/")
    client.force_login(make_user())
    response = client.post(CREATE_URL, _form_data(summary="", website="pollinators.africa"))
    page = response.content.decode()
    assert "Bee Friends" in page and "same website" in page
    assert not Community.objects.filter(name="Pollinator Network Africa").exists()


@pytest.mark.django_db
def test_the_form_shows_no_hint_before_anything_is_typed(client, make_user, make_community):
    make_community("Pollinator Network Africa")
    client.force_login(make_user())
    assert "Is yours one of these?" not in client.get(CREATE_URL).content.decode()


@pytest.mark.django_db
def test_the_form_never_shows_another_coordinators_draft(client, make_user, make_community):
    make_community("African Pollinator Network", status=Status.DRAFT, owner=make_user())
    client.force_login(make_user())
    page = client.post(CREATE_URL, _form_data(check_similar="1")).content.decode()
    assert "African Pollinator Network" not in page
    assert "Is yours one of these?" not in page


@pytest.mark.django_db
def test_the_edit_form_checks_without_saving_and_leaves_the_community_out(
    client, make_user, make_community
):
    owner = make_user()
    community = make_community("Pollinator Network Africa", status=Status.DRAFT, owner=owner)
    make_community("Pollinators of Africa Network")
    client.force_login(owner)
    url = reverse("coordinator:community_edit", args=[community.slug])
    page = client.post(url, _form_data(name="Pollinators Africa", check_similar="1"))
    section = hints_section(page.content.decode())
    assert "Pollinators of Africa Network" in section
    assert community.get_absolute_url() not in section
    community.refresh_from_db()
    assert community.name == "Pollinator Network Africa"


@pytest.mark.django_db
def test_a_published_communitys_overview_asks_nothing(client, make_user, make_community):
    owner = make_user()
    community = make_community("Pollinator Network Africa", owner=owner)
    make_community("African Pollinator Network")
    client.force_login(owner)
    page = client.get(reverse("coordinator:community_overview", args=[community.slug]))
    assert "Is yours one of these?" not in page.content.decode()


@pytest.mark.django_db
def test_pages_with_hints_are_valid_html(client, make_user, make_community, tmp_path):
    from tests.html_validity import validate_html

    make_community("African Pollinator Network", acronym="APN")
    client.force_login(make_user())
    form_page = client.post(CREATE_URL, _form_data(acronym="APN", summary=""))
    overview = client.get(client.post(CREATE_URL, _form_data())["Location"])
    pages = {"form_with_hints": form_page.content, "overview_with_hints": overview.content}
    assert validate_html(pages, tmp_path) == []


# --- The Secretariat: the moderation queue's change page ------------------------------


@pytest.mark.django_db
def test_the_admin_change_page_shows_hints_to_the_secretariat(client, secretariat, make_community):
    submitted = make_community("Pollinator Network Africa", status=Status.SUBMITTED)
    draft = make_community("African Pollinator Network", status=Status.DRAFT)
    make_community("Marine Biodiversity Network")
    client.force_login(secretariat)
    page = client.get(reverse("admin:registry_community_change", args=[submitted.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Similar communities" in content
    assert reverse("admin:registry_community_change", args=[draft.pk]) in content
    assert "Marine Biodiversity Network" not in content


@pytest.mark.django_db
def test_the_admin_change_page_without_near_duplicates_shows_no_hints(
    client, secretariat, make_community
):
    submitted = make_community("Pollinator Network Africa", status=Status.SUBMITTED)
    make_community("Marine Biodiversity Network")
    client.force_login(secretariat)
    page = client.get(reverse("admin:registry_community_change", args=[submitted.pk]))
    assert "Similar communities" not in page.content.decode()


@pytest.mark.django_db
def test_the_check_page_runs_as_many_queries_with_300_communities_as_with_3(
    client, make_user, make_community
):
    client.force_login(make_user())

    def queries_for_check():
        with CaptureQueriesContext(connection) as queries:
            client.post(CREATE_URL, _form_data(check_similar="1"))
        return len(queries.captured_queries)

    for n in range(3):
        make_community(f"Pollinator Network {n}")
    few = queries_for_check()
    Community.objects.bulk_create(
        Community(
            name=f"Pollinators {n}",
            slug=f"pollinators-{n}",
            summary="Bees.",
            status=Status.PUBLISHED,
        )
        for n in range(300)
    )
    assert queries_for_check() == few


# --- The form's script: the hints alone, by GET ----------------------------------------


@pytest.mark.django_db
def test_the_scripts_get_returns_only_the_hints(client, make_user, make_community):
    make_community("African Pollinator Network")
    client.force_login(make_user())
    response = client.get(CREATE_URL, {"check_similar": "1", "name": "Pollinator Network Africa"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "African Pollinator Network" in page
    assert "<form" not in page and "<html" not in page
    nothing = client.get(CREATE_URL, {"check_similar": "1", "name": "Marine Biodiversity"})
    assert nothing.content.decode().strip() == ""
    assert not Community.objects.filter(name="Pollinator Network Africa").exists()


@pytest.mark.django_db
def test_the_scripts_get_needs_the_right_to_edit(client, make_user, make_community):
    community = make_community("Pollinator Network Africa", status=Status.DRAFT, owner=make_user())
    url = reverse("coordinator:community_edit", args=[community.slug])
    params = {"check_similar": "1", "name": "Pollinator Network Africa"}
    assert client.get(url, params).status_code == 302  # to sign in
    client.force_login(make_user())
    assert client.get(url, params).status_code == 404


@pytest.mark.django_db
def test_the_form_loads_its_script_from_a_static_file(client, make_user):
    client.force_login(make_user())
    page = client.get(CREATE_URL).content.decode()
    assert "js/similar_communities.js" in page
    assert 'id="similar-communities"' in page
    assert "<script>" not in page  # the CSP allows no inline script
