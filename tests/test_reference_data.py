"""The reference data created by migrations matches DESIGN.md exactly."""

import pytest
from django.contrib.auth.models import Group

from registry.models import (
    ActivityType,
    Deliverable,
    Function,
    ImpactScale,
    ImpactType,
    MemberType,
    Region,
    Scale,
    TaskForce,
    Topic,
)

pytestmark = pytest.mark.django_db

TOPICS = [
    ("science-policy-interface", "Science-policy interface"),
    ("pollination", "Pollination and pollinators"),
    ("scenarios-models", "Scenarios and models"),
    ("land-degradation-restoration", "Land degradation and restoration"),
    ("sustainable-use-wild-species", "Sustainable use of wild species"),
    ("values-of-nature", "Multiple values of nature and its benefits"),
    ("invasive-alien-species", "Invasive alien species"),
    ("nexus", "The interlinkages among biodiversity, water, food and health (Nexus)"),
    ("transformative-change", "Transformative change"),
    ("business-biodiversity", "Business and biodiversity"),
    ("national-ecosystem-assessment", "National ecosystem assessment"),
    ("ecosystem-assessment-guide", "Guide on the production of ecosystem assessments"),
    ("knowledge-generation", "Knowledge generation"),
    ("data-management", "Data management"),
    ("policy-support-tools", "Policy support tools and methodologies"),
    ("indigenous-local-knowledge", "Indigenous and local knowledge"),
    ("biodiversity-communication", "Biodiversity communication"),
]
FUNCTIONS = [
    ("assessing-knowledge", "Assessing knowledge"),
    ("building-capacity", "Building capacity"),
    ("knowledge-generation", "Knowledge generation"),
    ("policy-support", "Policy support"),
]
AK, BC, KG, PS = (slug for slug, _ in FUNCTIONS)
ACTIVITIES = [
    ("expert-nomination", {AK, BC}),
    ("pre-scoping", {AK}),
    ("review-comments", {AK}),
    ("promoting-findings", {AK, PS}),
    ("indicator-data", {AK, KG}),
    ("ecosystem-assessment", {AK, BC}),
    ("fellowship-support", {BC}),
    ("learning-materials", {BC}),
    ("awareness-workshop", {BC}),
    ("capacity-building-event", {BC}),
    ("uptake-event", {BC, PS}),
    ("platforms-networks", {BC}),
    ("dialogue-webinar", {BC}),
    ("data-access", {KG}),
    ("knowledge-gaps", {KG}),
    ("ilk-participation", {KG}),
    ("policy-use", {PS}),
    ("dialogue-convening", {PS}),
    ("scenarios-models", {PS}),
    ("agenda-coordination", {BC, PS}),
]


def slugs_and_names(model):
    return list(model.objects.order_by("position").values_list("slug", "name"))


def test_the_seventeen_topics_in_the_seed_order():
    assert slugs_and_names(Topic) == TOPICS


def test_the_four_functions_each_explain_how_to_engage():
    assert slugs_and_names(Function) == FUNCTIONS
    for function in Function.objects.all():
        assert len(function.description) > 80
        assert len(function.how_to_engage) > 150


def test_the_twenty_activity_types_map_to_their_functions():
    activities = ActivityType.objects.prefetch_related("functions").order_by("position")
    assert [(a.slug, {f.slug for f in a.functions.all()}) for a in activities] == ACTIVITIES
    assert ActivityType.objects.get(slug="uptake-event").name == (
        "Uptake events on key findings of approved IPBES assessments"
    )


def test_scales_regions_and_member_types():
    assert [s for s, _ in slugs_and_names(Scale)] == [
        "local",
        "national",
        "subregional",
        "regional",
        "global",
    ]
    assert slugs_and_names(Region) == [
        ("africa", "Africa"),
        ("americas", "Americas"),
        ("asia-pacific", "Asia-Pacific"),
        ("europe-central-asia", "Europe and Central Asia"),
    ]
    assert [s for s, _ in slugs_and_names(MemberType)] == [
        "experts",
        "policymakers",
        "practitioners",
        "ilk-holders",
        "private-sector",
        "civil-society",
    ]


def test_the_five_task_forces():
    assert [name for _, name in slugs_and_names(TaskForce)] == [
        "Task force on capacity-building",
        "Task force on knowledge and data",
        "Task force on indigenous and local knowledge",
        "Task force on scenarios and models",
        "Task force on policy tools and methodologies",
    ]


def test_deliverables_with_their_year_of_approval():
    years = dict(Deliverable.objects.values_list("slug", "year_approved"))
    assert years["pollinators"] == 2016
    assert years["global-assessment"] == 2019
    assert years["invasive-alien-species"] == 2023
    assert years["business-biodiversity"] == 2026
    assert years["second-global-assessment"] is None
    assert Deliverable.objects.filter(kind="assessment").count() == 14
    assert Deliverable.objects.filter(kind="ongoing").count() == 3
    assert Deliverable.objects.filter(kind="other").count() == 3


def test_impact_types_and_scales():
    assert [n for _, n in slugs_and_names(ImpactType)] == [
        "New or changed policy",
        "Law or regulation",
        "Commitment",
        "Action or initiative",
        "Network",
        "Investment",
        "Use in science or research",
        "Other",
    ]
    assert [n for _, n in slugs_and_names(ImpactScale)] == [
        "Global",
        "Regional",
        "National",
        "City or community",
        "Organisational",
    ]


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_task_force_group_may_recommend_but_not_decide_or_edit():
    perms = codenames("Task force")
    assert {"registry.add_recommendation", "registry.submit_recommendation"} <= perms
    assert "registry.decide_recommendation" not in perms
    assert "registry.change_community" not in perms
    assert "registry.add_reviewround" not in perms
    assert not any(p.startswith("auth.") for p in perms)
    assert not any(p.startswith("registry.delete_") and "evidence" not in p for p in perms)


def test_bureau_group_may_decide_and_manage_rounds_but_not_edit_communities():
    perms = codenames("Bureau")
    assert {
        "registry.decide_recommendation",
        "registry.withdraw_recognition",
        "registry.add_reviewround",
        "registry.change_reviewround",
    } <= perms
    assert "registry.change_community" not in perms
    assert "registry.add_recommendation" not in perms
    assert "registry.submit_recommendation" not in perms
    assert "registry.change_topic" not in perms


def test_secretariat_group_moderates_and_keeps_reference_data_but_cannot_decide():
    perms = codenames("Secretariat")
    assert {"registry.change_community", "registry.moderate_community"} <= perms
    assert {"registry.add_reviewround", "registry.change_reviewround"} <= perms
    for model in ("topic", "function", "activitytype", "taskforce", "deliverable"):
        assert {f"registry.add_{model}", f"registry.change_{model}"} <= perms
    assert {"registry.change_user", "auth.change_group"} <= perms
    assert "registry.decide_recommendation" not in perms
    assert "registry.add_recommendation" not in perms
    assert "registry.withdraw_recognition" not in perms
    assert "registry.delete_transitionlog" not in perms
