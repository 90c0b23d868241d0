"""Each facet of a listing is declared once: that declaration gives both the filter of
its GET parameter and the counts beside its choices, so the two cannot drift apart.
The impact page's filters are a FilterSet too, whose bad input is a form error."""

import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse

from registry import services
from registry.filters import (
    COMMUNITY_FACETS,
    CONTRIBUTION_FACETS,
    CommunityFilterSet,
    ContributionFilterSet,
    ImpactFilterSet,
)
from registry.models import (
    ImpactScale,
    ImpactType,
    Language,
    MemberType,
    Recommendation,
    Scale,
)

LISTINGS = [
    pytest.param(CommunityFilterSet, COMMUNITY_FACETS, "registry:community_list", id="communities"),
    pytest.param(
        ContributionFilterSet, CONTRIBUTION_FACETS, "registry:contribution_list", id="contributions"
    ),
]


@pytest.mark.parametrize(("filterset_class", "declarations", "url_name"), LISTINGS)
def test_each_facet_is_declared_once(filterset_class, declarations, url_name):
    names = [declaration.name for declaration in declarations]
    assert len(names) == len(set(names))
    assert filterset_class.FACETS is declarations


@pytest.mark.parametrize(("filterset_class", "declarations", "url_name"), LISTINGS)
def test_the_filters_are_the_search_the_declared_facets_and_the_sort(
    filterset_class, declarations, url_name
):
    names = [declaration.name for declaration in declarations]
    assert list(filterset_class.base_filters) == ["q", *names, "sort"]
    for declaration in declarations:
        built = filterset_class.base_filters[declaration.name]
        assert type(built) is type(declaration.filter())


@pytest.mark.django_db
@pytest.mark.parametrize(("filterset_class", "declarations", "url_name"), LISTINGS)
def test_the_page_shows_the_declared_facets_in_their_order(
    client, filterset_class, declarations, url_name
):
    response = client.get(reverse(url_name))
    shown = [(facet.name, str(facet.label)) for facet in response.context["facets"]]
    assert shown == [(d.name, str(d.label)) for d in declarations]


@pytest.fixture
def catalogue(make_community, make_contribution, make_round, make_recommendation, bureau):
    """A few published communities and contributions touching every facet, and a draft."""
    today = datetime.date.today()
    first = make_community(
        "First network",
        topics=("pollination", "nexus"),
        functions=("policy-support",),
        regions=("africa",),
        scales=("national",),
        countries=["KE", "BR"],
    )
    first.member_types.set(MemberType.objects.filter(slug="experts"))
    first.languages.set(Language.objects.filter(slug__in=["en", "fr"]))
    second = make_community(
        "Second network",
        topics=("nexus",),
        regions=("africa", "americas"),
        scales=("global",),
        countries=["BR"],
    )
    second.languages.set(Language.objects.filter(slug="en"))
    draft = make_community("Draft network", status="draft", regions=("africa",), countries=["KE"])
    make_contribution(
        first,
        start_date=datetime.date(2024, 6, 1),
        topics=("pollination",),
        deliverables=("pollinators",),
        scale=Scale.objects.get(slug="national"),
    )
    make_contribution(
        second,
        activity="expert-nomination",
        start_date=today + datetime.timedelta(days=30),
        topics=("nexus", "pollination"),
    )
    make_contribution(draft, start_date=datetime.date(2023, 1, 1), topics=("nexus",))
    recommendation = make_recommendation(
        first, status=Recommendation.Status.SUBMITTED, round=make_round()
    )
    services.recommendation_decide(
        recommendation=recommendation, user=bureau, decision="endorsed", note="Yes."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("filterset_class", "declarations", "url_name"), LISTINGS)
def test_the_count_beside_each_choice_is_what_choosing_it_gives(
    catalogue, filterset_class, declarations, url_name
):
    facets = filterset_class(QueryDict()).facets()
    assert [facet.name for facet in facets] == [d.name for d in declarations]
    for facet in facets:
        assert any(choice.count for choice in facet.choices), facet.name  # not trivially 0
        for choice in facet.choices:
            chosen = filterset_class({facet.name: choice.value})
            assert chosen.qs.count() == choice.count, (facet.name, choice.value)


# --- The impact page's FilterSet ----------------------------------------------------


@pytest.fixture
def examples(make_community, make_impact_example):
    african = make_community(regions=["africa"])
    american = make_community(regions=["americas"])
    make_impact_example(african, title="Pollinators", deliverables=["pollinators"])
    make_impact_example(
        african,
        title="Law",
        deliverables=["invasive-alien-species"],
        impact_type=ImpactType.objects.get(slug="law-regulation"),
        impact_scale=ImpactScale.objects.get(slug="global"),
    )
    make_impact_example(american, title="Americas", deliverables=["nexus"])


def _titles(filterset):
    return {example.title for example in filterset.listing()}


@pytest.mark.django_db
def test_impact_filters_report_an_unknown_slug_and_still_apply_the_others(examples):
    filterset = ImpactFilterSet(QueryDict("deliverable=no-such-thing&region=africa"))
    assert list(filterset.errors) == ["deliverable"]
    assert "Select a valid choice" in filterset.errors["deliverable"][0]
    assert _titles(filterset) == {"Pollinators", "Law"}
    assert filterset.is_filtered()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", ["x" * 500, "\x00", "a\x1bb", "' OR '1'='1", "null", "ünïcødé 名前", "%ff"]
)
@pytest.mark.parametrize("name", ["deliverable", "impact_type", "impact_scale", "region"])
def test_impact_filters_give_a_form_error_for_odd_values_never_an_exception(examples, name, value):
    # "null" is django-filter's marker for "no value": here it is just an unknown slug.
    filterset = ImpactFilterSet({name: value})
    assert list(filterset.errors) == [name]
    assert _titles(filterset) == {"Pollinators", "Law", "Americas"}


@pytest.mark.django_db
def test_impact_filters_ignore_empty_values_and_take_the_last_of_repeated_ones(examples):
    empty = ImpactFilterSet(QueryDict("deliverable=&impact_type=&region="))
    assert not empty.errors
    assert not empty.is_filtered()
    assert _titles(empty) == {"Pollinators", "Law", "Americas"}
    repeated = ImpactFilterSet(QueryDict("region=x&region=americas"))
    assert not repeated.errors
    assert _titles(repeated) == {"Americas"}


@pytest.mark.django_db
def test_impact_page_shows_the_error_beside_its_field(client, examples):
    response = client.get(reverse("registry:impact_list"), {"impact_scale": "x" * 500})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_impact_scale_error"' in html
    assert "Select a valid choice" in html
