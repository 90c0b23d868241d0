"""A community's page reads every term it names in one query (registry/community_page.py):
the community's, its contributions' and its impact examples', each list in its
vocabulary's order, a deliverable with its year."""

import datetime
import re

import pytest
from django.core.cache import caches

from registry.community_page import load_terms
from registry.models import Contribution, Deliverable, ImpactExample, Language, Topic
from tests.public_site_data import recognise


def _ordered(model, slugs):
    return [term.slug for term in model.objects.filter(slug__in=slugs)]  # Meta.ordering


def test_each_list_holds_its_own_terms_in_the_vocabularys_order(
    make_community, make_contribution, make_impact_example, django_assert_num_queries
):
    topics = ["values-of-nature", "pollination", "nexus"]
    community = make_community(topics=topics, regions=["africa"], functions=[])
    community.languages.set(Language.objects.filter(slug__in=["fr", "en"]))
    other = make_community(topics=["land-degradation-restoration"])
    make_contribution(other, deliverables=["values"])
    first = make_contribution(community, topics=["nexus", "pollination"])
    second = make_contribution(community, deliverables=["values", "pollinators"])
    example = make_impact_example(community, deliverables=["pollinators"])
    contributions = list(Contribution.objects.filter(community=community).order_by("pk"))
    examples = list(ImpactExample.objects.filter(community=community))

    expected_topics = _ordered(Topic, topics)
    expected_languages = _ordered(Language, ["fr", "en"])
    expected_first = _ordered(Topic, ["nexus", "pollination"])
    expected_second = _ordered(Deliverable, ["values", "pollinators"])
    pollinators = str(Deliverable.objects.get(slug="pollinators"))

    with django_assert_num_queries(1):
        terms = load_terms(community, contributions, examples)
        # A deliverable is named with its year, read in the same query.
        names = [str(t) for t in examples[0].deliverable_list]
    assert names == [pollinators]
    assert "(" in pollinators  # "… (2016)"
    assert [t.slug for t in terms["topics"]] == expected_topics
    assert isinstance(terms["topics"][0], Topic)
    assert [t.slug for t in terms["regions"]] == ["africa"]
    assert terms["functions"] == []
    assert [t.slug for t in terms["languages"]] == expected_languages
    first_row, second_row = contributions
    assert first_row.pk == first.pk and second_row.pk == second.pk
    assert [t.slug for t in first_row.topic_list] == expected_first
    assert first_row.deliverable_list == []
    assert second_row.topic_list == []
    assert [t.slug for t in second_row.deliverable_list] == expected_second
    assert examples[0].pk == example.pk


def test_a_community_without_contributions_or_impact_reads_only_its_own_terms(
    make_community, django_assert_num_queries
):
    community = make_community(topics=["nexus"])
    with django_assert_num_queries(1):
        terms = load_terms(community, [], [])
    assert [t.slug for t in terms["topics"]] == ["nexus"]
    assert terms["member_types"] == []


@pytest.mark.parametrize(
    ("impact", "recognised", "queries"),
    [(False, False, 4), (True, False, 5), (True, True, 6)],
)
def test_the_page_runs_a_fixed_number_of_queries_however_many_contributions(
    client,
    make_community,
    make_contribution,
    make_impact_example,
    make_round,
    make_recommendation,
    bureau,
    django_assert_num_queries,
    impact,
    recognised,
    queries,
):
    """The community (with whether it has impact examples and a recognition), its
    contributions, every term, and whom the contact form would write to (no contact
    address: its coordinators); its impact examples and its recognition only when it
    has them."""
    community = make_community(slug="busy", topics=["nexus", "pollination"], regions=["africa"])
    for day in range(1, 20):
        make_contribution(
            community,
            start_date=datetime.date(2024, 1, day),
            topics=["nexus"],
            deliverables=["values", "pollinators"],
        )
    if impact:
        make_impact_example(community, title="Counted impact")
    if recognised:
        recognise(
            community, bureau=bureau, make_round=make_round, make_recommendation=make_recommendation
        )
    caches["default"].clear()
    client.get("/communities/busy/")  # the session and cache tables' first reads
    caches["default"].clear()
    with django_assert_num_queries(queries):
        response = client.get("/communities/busy/")
    html = response.content.decode()
    assert html.count('class="contribution"') == 19
    assert len(re.findall(r'\?deliverable=values"', html)) == 19
    assert ("Counted impact" in html) is impact
    assert ("IPBES collaborative supporter" in html) is recognised
    assert ("No example of impact has been recorded yet." in html) is not impact
