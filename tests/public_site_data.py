"""Demo-like data for the public page tests (validity, accessibility, query counts).

Built with the factories from conftest, through the real services where a state
changes (recognition goes through recommend → submit → endorse).
"""

import datetime

from registry import services
from registry.models import Community, ImpactScale, ImpactType, Recommendation

TOPICS = ["pollination", "land-degradation-restoration", "values-of-nature", "nexus"]
FUNCTIONS = ["assessing-knowledge", "building-capacity", "knowledge-generation", "policy-support"]
REGIONS = ["africa", "americas", "asia-pacific", "europe-central-asia"]
ACTIVITIES = ["uptake-event", "review-comments", "data-access", "policy-use", "expert-nomination"]


def recognise(community, *, bureau, make_round, make_recommendation, note="Endorsed."):
    """Endorse a recommendation for the community in the open round; return the recognition."""
    review_round = services.open_round() or make_round()
    recommendation = make_recommendation(
        community, status=Recommendation.Status.SUBMITTED, round=review_round
    )
    services.recommendation_decide(
        recommendation=recommendation, user=bureau, decision="endorsed", note=note
    )
    return recommendation.recognition


def build(
    *,
    n,
    make_community,
    make_contribution,
    make_impact_example,
    make_round,
    make_recommendation,
    bureau,
):
    """n published communities (spread over topics, functions and regions), each with
    contributions and an impact example; every third recognised; one draft community."""
    communities = []
    for i in range(n):
        community = make_community(
            f"Network {i} for nature & people",
            acronym=f"N{i}",
            topics=[TOPICS[i % 4], TOPICS[(i + 1) % 4]],
            functions=[FUNCTIONS[i % 4]],
            regions=[REGIONS[i % 4]],
            scales=["national"],
            countries=["KE", "BR"] if i % 2 else ["FR"],
            description="We run **workshops** on the [pollinators assessment](https://ipbes.net).",
        )
        communities.append(community)
        for j in range(2):
            make_contribution(
                community,
                activity=ACTIVITIES[(i + j) % len(ACTIVITIES)],
                title=f"Workshop {j} of network {i}",
                topics=[TOPICS[i % 4]],
                deliverables=["pollinators"],
                start_date=datetime.date(2025, 1 + (i + j) % 12, 1 + j),
                participants=30,
            )
        make_impact_example(
            community,
            title=f"Pollinator policy informed by network {i}",
            description="The national strategy cites the *IPBES* assessment.",
            countries=["KE"],
            impact_type=ImpactType.objects.order_by("position")[i % 3],
            impact_scale=ImpactScale.objects.order_by("position")[i % 3],
            evidence_url="https://example.org/evidence",
            track_url="https://ipbes.net/impact-tracking-view",
        )
        if i % 3 == 0:
            recognise(
                community,
                bureau=bureau,
                make_round=make_round,
                make_recommendation=make_recommendation,
            )
    draft = make_community("Secret draft network", status=Community.Status.DRAFT, topics=TOPICS)
    make_contribution(draft, title="Secret draft workshop", topics=TOPICS)
    make_impact_example(draft, title="Secret draft impact")
    return communities
