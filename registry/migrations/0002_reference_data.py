"""Load the IPBES vocabulary as it stood when the registry opened.

Frozen: the data lives here, not in a file that may change, so this migration
does the same thing on every database. Never edit DATA; add or rename entries in
a new migration. Slugs are stable public identifiers: later migrations may add
entries or change names, never rename a slug.
"""

from django.db import migrations

DATA = {
    "topics": [
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
    ],
    "functions": [
        {
            "slug": "assessing-knowledge",
            "name": "Assessing knowledge",
            "description": "IPBES produces global, regional, methodological and thematic assessments of what is known about biodiversity and nature's contributions to people, and helps countries to carry out their own national assessments.",
            "how_to_engage": "Governments and organisations can nominate experts and promote and support their work in IPBES assessments. Experts can be nominated as authors of assessments and scoping reports; early-career scientists can be nominated as fellows. Governments and experts can take part in pre-scoping conferences and send written review comments on drafts. Everyone can promote and use the findings of IPBES assessments.",
        },
        {
            "slug": "building-capacity",
            "name": "Building capacity",
            "description": "IPBES identifies and prioritises the capacities that people and institutions need, and builds them, so that science and policy on biodiversity and ecosystem services work better together.",
            "how_to_engage": "Nominate, promote and support early-career experts in the fellowship programme; develop learning materials that complement IPBES products; organise and support capacity-building and knowledge-sharing activities; take part in, promote and help set up communities of practice, and national and regional science-policy platforms and networks; carry out national and regional ecosystem assessments; join IPBES dialogue meetings and webinars to exchange knowledge and learn from each other.",
        },
        {
            "slug": "knowledge-generation",
            "name": "Knowledge generation",
            "description": "IPBES catalyses the generation of new knowledge. The work has three components: data access and management; filling knowledge gaps; and engaging with indigenous and local knowledge.",
            "how_to_engage": "Give access to, use or reproduce the data, methods and metadata behind IPBES assessments; help to take up and fill the knowledge gaps the assessments identify; and make it possible for Indigenous peoples and local communities to take part in, and benefit from, IPBES products and activities.",
        },
        {
            "slug": "policy-support",
            "name": "Policy support",
            "description": "IPBES promotes the development and use of policy support tools and methodologies, so that what the assessments find can be applied more effectively in decisions.",
            "how_to_engage": "Use IPBES assessments to inform policy; take part in or convene dialogue meetings that discuss the findings of assessments; and use the IPBES assessment of scenarios and models, and the work of its task force on scenarios and models, to develop and use scenarios of biodiversity and ecosystem services.",
        },
    ],
    # (slug, name, slugs of the functions it serves)
    "activity_types": [
        ("expert-nomination", "Identifying, nominating and mobilising experts and other stakeholders for IPBES products", ("assessing-knowledge", "building-capacity")),
        ("pre-scoping", "Participating in pre-scoping conferences", ("assessing-knowledge",)),
        ("review-comments", "Submitting review comments on draft IPBES products", ("assessing-knowledge",)),
        ("promoting-findings", "Promoting and using findings of IPBES assessments", ("assessing-knowledge", "policy-support")),
        ("indicator-data", "Providing information and data for indicators used in IPBES assessments", ("assessing-knowledge", "knowledge-generation")),
        ("ecosystem-assessment", "Undertaking or contributing to national or (sub)regional ecosystem assessments", ("assessing-knowledge", "building-capacity")),
        ("fellowship-support", "Nominating and supporting early-career experts for the fellowship programme", ("building-capacity",)),
        ("learning-materials", "Developing complementary learning materials on IPBES products", ("building-capacity",)),
        ("awareness-workshop", "Meetings and workshops to raise awareness and build capacity on IPBES, its processes and products", ("building-capacity",)),
        ("capacity-building-event", "Capacity-building and knowledge-sharing events", ("building-capacity",)),
        ("uptake-event", "Uptake events on key findings of approved IPBES assessments", ("building-capacity", "policy-support")),
        ("platforms-networks", "Establishing or supporting national and regional science-policy platforms and networks", ("building-capacity",)),
        ("dialogue-webinar", "Taking part in IPBES dialogue meetings and webinars", ("building-capacity",)),
        ("data-access", "Providing access to, using or reproducing data, methods and metadata of IPBES assessments", ("knowledge-generation",)),
        ("knowledge-gaps", "Mobilising efforts to fill knowledge gaps identified in IPBES assessments", ("knowledge-generation",)),
        ("ilk-participation", "Facilitating participation of Indigenous peoples and local communities in, and benefit from, IPBES products and activities", ("knowledge-generation",)),
        ("policy-use", "Using IPBES assessments to inform policy", ("policy-support",)),
        ("dialogue-convening", "Convening dialogue meetings to discuss assessment findings", ("policy-support",)),
        ("scenarios-models", "Using the scenarios and models assessment and task force work to develop scenarios", ("policy-support",)),
        ("agenda-coordination", "Coordinating activities related to IPBES and the wider biodiversity agenda", ("building-capacity", "policy-support")),
    ],
    "scales": [
        ("local", "Local"),
        ("national", "National"),
        ("subregional", "Subregional"),
        ("regional", "Regional"),
        ("global", "Global"),
    ],
    "regions": [
        ("africa", "Africa"),
        ("americas", "Americas"),
        ("asia-pacific", "Asia-Pacific"),
        ("europe-central-asia", "Europe and Central Asia"),
    ],
    "member_types": [
        ("experts", "Experts and scientists"),
        ("policymakers", "Policymakers"),
        ("practitioners", "Practitioners"),
        ("ilk-holders", "Indigenous and local knowledge holders"),
        ("private-sector", "Private sector"),
        ("civil-society", "NGOs and civil society"),
    ],
    "languages": [
        ("en", "English"),
        ("fr", "French"),
        ("es", "Spanish"),
        ("ar", "Arabic"),
        ("zh", "Chinese"),
        ("ru", "Russian"),
        ("pt", "Portuguese"),
        ("de", "German"),
        ("sw", "Swahili"),
        ("hi", "Hindi"),
        ("id", "Indonesian"),
        ("ja", "Japanese"),
    ],
    "task_forces": [
        ("capacity-building", "Task force on capacity-building"),
        ("knowledge-data", "Task force on knowledge and data"),
        ("indigenous-local-knowledge", "Task force on indigenous and local knowledge"),
        ("scenarios-models", "Task force on scenarios and models"),
        ("policy-tools", "Task force on policy tools and methodologies"),
    ],
    # (slug, name, kind, year approved)
    "deliverables": [
        ("pollinators", "Assessment of pollinators, pollination and food production", "assessment", 2016),
        ("scenarios-models", "Methodological assessment of scenarios and models of biodiversity and ecosystem services", "assessment", 2016),
        ("land-degradation-restoration", "Assessment of land degradation and restoration", "assessment", 2018),
        ("regional-africa", "Regional assessment for Africa", "assessment", 2018),
        ("regional-americas", "Regional assessment for the Americas", "assessment", 2018),
        ("regional-asia-pacific", "Regional assessment for Asia and the Pacific", "assessment", 2018),
        ("regional-europe-central-asia", "Regional assessment for Europe and Central Asia", "assessment", 2018),
        ("global-assessment", "Global assessment of biodiversity and ecosystem services", "assessment", 2019),
        ("values", "Methodological assessment of the diverse values and valuation of nature", "assessment", 2022),
        ("sustainable-use", "Assessment of the sustainable use of wild species", "assessment", 2022),
        ("invasive-alien-species", "Assessment of invasive alien species and their control", "assessment", 2023),
        ("nexus", "Assessment of the interlinkages among biodiversity, water, food and health (nexus assessment)", "assessment", 2024),
        ("transformative-change", "Assessment of transformative change", "assessment", 2024),
        ("business-biodiversity", "Methodological assessment of the impact and dependence of business on biodiversity", "assessment", 2026),
        ("spatial-planning", "Assessment of spatial planning and connectivity (ongoing)", "ongoing", None),
        ("monitoring", "Methodological assessment of monitoring biodiversity (ongoing)", "ongoing", None),
        ("second-global-assessment", "Second global assessment of biodiversity and ecosystem services (ongoing)", "ongoing", None),
        ("national-assessment-guide", "Guide on the production of national ecosystem assessments", "other", None),
        ("policy-support-gateway", "Policy support gateway", "other", None),
        ("nature-futures-framework", "Nature Futures Framework", "other", None),
    ],
    "impact_types": [
        ("policy", "New or changed policy"),
        ("law-regulation", "Law or regulation"),
        ("commitment", "Commitment"),
        ("action-initiative", "Action or initiative"),
        ("network", "Network"),
        ("investment", "Investment"),
        ("science-research", "Use in science or research"),
        ("other", "Other"),
    ],
    "impact_scales": [
        ("global", "Global"),
        ("regional", "Regional"),
        ("national", "National"),
        ("city-community", "City or community"),
        ("organisational", "Organisational"),
    ],
}

SIMPLE = {
    "topics": "Topic",
    "scales": "Scale",
    "regions": "Region",
    "member_types": "MemberType",
    "languages": "Language",
    "task_forces": "TaskForce",
    "impact_types": "ImpactType",
    "impact_scales": "ImpactScale",
}


def load(apps, schema_editor):
    data = DATA
    for key, model_name in SIMPLE.items():
        model = apps.get_model("registry", model_name)
        for position, (slug, name) in enumerate(data[key], start=1):
            model.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    Function = apps.get_model("registry", "Function")
    for position, item in enumerate(data["functions"], start=1):
        Function.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "position": position,
                "description": item["description"],
                "how_to_engage": item["how_to_engage"],
            },
        )
    ActivityType = apps.get_model("registry", "ActivityType")
    for position, (slug, name, functions) in enumerate(data["activity_types"], start=1):
        activity, _ = ActivityType.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        activity.functions.set(Function.objects.filter(slug__in=functions))
    Deliverable = apps.get_model("registry", "Deliverable")
    for position, (slug, name, kind, year) in enumerate(data["deliverables"], start=1):
        Deliverable.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "year_approved": year, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
