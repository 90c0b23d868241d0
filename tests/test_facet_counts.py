"""Facet counts: beside each choice, how many communities it would give with the
OTHER active filters applied (disjunctive faceting), checked against a brute-force
count over the objects themselves."""

import datetime
import random

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from registry import services
from registry.filters import CommunityFilterSet, ContributionFilterSet
from registry.models import (
    ActivityType,
    Community,
    Contribution,
    Function,
    Language,
    MemberType,
    Recommendation,
    Region,
    Scale,
    Topic,
)

LIST_URL = reverse("registry:community_list")
FACETS = ("topic", "function", "activity", "region", "country", "scale", "member_type", "language")


@pytest.fixture
def random_catalogue(make_community, make_contribution, make_round, make_recommendation, bureau):
    """Twenty published communities with random attributes (fixed seed), and three drafts."""
    rng = random.Random(2026)
    topics = list(Topic.objects.values_list("slug", flat=True)[:5])
    functions = list(Function.objects.values_list("slug", flat=True))
    regions = list(Region.objects.values_list("slug", flat=True))
    scales = list(Scale.objects.values_list("slug", flat=True))
    member_types = list(MemberType.objects.values_list("slug", flat=True)[:4])
    languages = list(Language.objects.values_list("slug", flat=True)[:4])
    activities = list(ActivityType.objects.values_list("slug", flat=True)[:5])
    countries = ["KE", "BR", "US", "FR", "IN"]
    review_round = make_round()
    two_years_ago = timezone.now() - datetime.timedelta(days=730)

    def some(values, most=3, least=0):
        return rng.sample(values, rng.randint(least, min(most, len(values))))

    for n in range(23):
        status = Community.Status.PUBLISHED if n < 20 else Community.Status.DRAFT
        community = make_community(
            f"Community {n:02d}",
            status=status,
            topics=some(topics, least=1),
            functions=some(functions),
            regions=some(regions, 2),
            scales=some(scales, 2),
            countries=some(countries),
            # Every fourth one last confirmed two years ago: overdue, not "confirmed".
            confirmed_at=two_years_ago if n % 4 == 0 else None,
        )
        community.member_types.set(MemberType.objects.filter(slug__in=some(member_types)))
        community.languages.set(Language.objects.filter(slug__in=some(languages, 2)))
        for activity in some(activities, 2):
            make_contribution(community, activity=activity)
        if status == Community.Status.PUBLISHED and rng.random() < 0.3:
            recommendation = make_recommendation(
                community, status=Recommendation.Status.SUBMITTED, round=review_round
            )
            services.recommendation_decide(
                recommendation=recommendation, user=bureau, decision="endorsed", note="Yes."
            )


def attributes(community):
    """The facet values of one community, read from the objects (not from the filters)."""
    return {
        "topic": {t.slug for t in community.topics.all()},
        "function": {f.slug for f in community.functions.all()},
        "activity": {c.activity_type.slug for c in community.contributions.all()},
        "region": {r.slug for r in community.regions.all()},
        "country": {c.code for c in community.countries},
        "scale": {s.slug for s in community.scales.all()},
        "member_type": {m.slug for m in community.member_types.all()},
        "language": {lang.slug for lang in community.languages.all()},
        "recognised": {"1"} if community.recognitions.filter(withdrawn_at=None).exists() else set(),
        "confirmed": set() if community.is_overdue() else {"1"},
    }


def expected_counts(active):
    """{facet: {value: count}} by brute force over every published community."""
    rows = [attributes(c) for c in Community.objects.filter(status="published")]

    def keeps(row, except_facet):
        return all(
            row[name] & set(values) for name, values in active.items() if name != except_facet
        )

    counts = {}
    for facet in (*FACETS, "recognised", "confirmed"):
        counts[facet] = {}
        for row in rows:
            if keeps(row, facet):
                for value in row[facet]:
                    counts[facet][value] = counts[facet].get(value, 0) + 1
    return counts


def shown_counts(client, active):
    query = "&".join(f"{name}={value}" for name, values in active.items() for value in values)
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    return response, {
        facet.name: {c.value: c.count for c in facet.choices if c.count}
        for facet in response.context["facets"]
    }


@pytest.mark.parametrize(
    "active",
    [
        {},
        {"topic": ["science-policy-interface"]},
        {"topic": ["science-policy-interface", "pollination"]},
        {"region": ["africa"], "scale": ["national", "global"]},
        {"topic": ["pollination"], "country": ["KE", "BR"], "language": ["en"]},
        {"activity": ["expert-nomination"], "function": ["policy-support"]},
        {"member_type": ["experts", "policymakers"], "recognised": ["1"]},
        {"recognised": ["1"], "region": ["americas", "africa"], "topic": ["scenarios-models"]},
        {"confirmed": ["1"], "topic": ["pollination"], "region": ["africa"]},
    ],
)
def test_facet_counts_equal_a_brute_force_count(client, random_catalogue, active):
    response, shown = shown_counts(client, active)
    expected = expected_counts(active)
    assert sum(expected["topic"].values()) > 0  # the case is not trivially empty
    assert shown == expected


def test_the_result_count_matches_the_count_of_a_selected_choice_in_a_single_filter(
    client, random_catalogue
):
    response, shown = shown_counts(client, {"region": ["asia-pacific"]})
    assert response.context["page_obj"].paginator.count == shown["region"]["asia-pacific"]


def test_counts_are_printed_beside_each_choice(client, random_catalogue):
    response, shown = shown_counts(client, {})
    html = response.content.decode()
    count = shown["region"]["africa"]
    assert f'Africa <span class="facet-count">({count})</span>' in html


def test_choices_without_communities_still_show_a_zero(client, random_catalogue):
    response, _ = shown_counts(client, {})
    topics = next(f for f in response.context["facets"] if f.name == "topic")
    biodiversity_communication = next(
        c for c in topics.choices if c.value == "biodiversity-communication"
    )
    assert biodiversity_communication.count == 0
    assert len(topics.choices) == Topic.objects.active().count()


def test_draft_communities_never_count(client, make_community):
    make_community("Published", topics=("nexus",), countries=["KE"])
    make_community("Draft", status=Community.Status.DRAFT, topics=("nexus",), countries=["KE"])
    response, shown = shown_counts(client, {})
    assert shown["topic"] == {"nexus": 1}
    assert shown["country"] == {"KE": 1}


# --- Contributions ------------------------------------------------------------------------

CONTRIBUTION_URL = reverse("registry:contribution_list")


@pytest.fixture
def random_contributions(make_community, make_contribution):
    """Thirty contributions of four published communities (and some of a draft)."""
    rng = random.Random(5)
    regions = list(Region.objects.values_list("slug", flat=True))
    activities = list(ActivityType.objects.values_list("slug", flat=True)[:6])
    topics = list(Topic.objects.values_list("slug", flat=True)[:4])
    deliverables = ["pollinators", "nexus", "values", "global-assessment"]
    scales = list(Scale.objects.all())
    communities = [
        make_community(f"Community {n}", regions=rng.sample(regions, rng.randint(0, 2)))
        for n in range(4)
    ]
    communities.append(make_community("Draft", status=Community.Status.DRAFT, regions=regions))
    for n in range(34):
        make_contribution(
            communities[n % 5],
            activity=rng.choice(activities),
            start_date=datetime.date(rng.choice([2022, 2023, 2024, 2031]), 1 + n % 12, 1),
            topics=rng.sample(topics, rng.randint(0, 2)),
            deliverables=rng.sample(deliverables, rng.randint(0, 2)),
            scale=rng.choice([None, *scales]),
        )


def contribution_attributes(contribution):
    today = datetime.date.today()
    return {
        "activity": {contribution.activity_type.slug},
        "function": {f.slug for f in contribution.activity_type.functions.all()},
        "topic": {t.slug for t in contribution.topics.all()},
        "region": {r.slug for r in contribution.community.regions.all()},
        "scale": {contribution.scale.slug} if contribution.scale else set(),
        "deliverable": {d.slug for d in contribution.deliverables.all()},
        "year": {str(contribution.start_date.year)},
        "upcoming": {"1"} if contribution.start_date >= today else set(),
    }


@pytest.mark.parametrize(
    "active",
    [
        {},
        {"year": ["2023", "2024"]},
        {"region": ["africa"], "function": ["assessing-knowledge", "policy-support"]},
        {"topic": ["pollination", "science-policy-interface"], "upcoming": ["1"]},
        {"deliverable": ["nexus", "values"], "year": ["2022", "2023"]},
    ],
)
def test_contribution_facet_counts_equal_a_brute_force_count(client, random_contributions, active):
    rows = [
        contribution_attributes(c)
        for c in Contribution.objects.filter(community__status="published")
    ]
    expected = {}
    for facet in rows[0]:
        expected[facet] = {}
        for row in rows:
            if all(row[name] & set(values) for name, values in active.items() if name != facet):
                for value in row[facet]:
                    expected[facet][value] = expected[facet].get(value, 0) + 1
    query = "&".join(f"{name}={value}" for name, values in active.items() for value in values)
    response = client.get(f"{CONTRIBUTION_URL}?{query}")
    shown = {
        facet.name: {c.value: c.count for c in facet.choices if c.count}
        for facet in response.context["facets"]
    }
    assert sum(expected["activity"].values()) > 0
    assert shown == expected


@pytest.mark.parametrize("filterset_class", [CommunityFilterSet, ContributionFilterSet])
def test_with_nothing_asked_no_filter_is_active_as_the_validated_form_says(db, filterset_class):
    # active_values() answers [] for empty data without building the form; validated,
    # the form agrees: no cleaned value is active.
    filterset = filterset_class(QueryDict())
    assert filterset.active_values() == []
    assert filterset.is_valid()
    assert not any(
        value not in (None, "", [], False)
        for name, value in filterset.form.cleaned_data.items()
        if name != "sort"
    )
