# ruff: noqa: E501 (generated: one text a line)
"""The names and texts of the reference data, listed for translation.

Generated from fixtures/reference_data.json (tests/test_languages.py checks that
the two agree). Reference.label and friends translate them at run time."""

from django.utils.translation import gettext_noop

REFERENCE_TEXTS = [
    gettext_noop("Science-policy interface"),
    gettext_noop("Pollination and pollinators"),
    gettext_noop("Scenarios and models"),
    gettext_noop("Land degradation and restoration"),
    gettext_noop("Sustainable use of wild species"),
    gettext_noop("Multiple values of nature and its benefits"),
    gettext_noop("Invasive alien species"),
    gettext_noop("The interlinkages among biodiversity, water, food and health (Nexus)"),
    gettext_noop("Transformative change"),
    gettext_noop("Business and biodiversity"),
    gettext_noop("National ecosystem assessment"),
    gettext_noop("Guide on the production of ecosystem assessments"),
    gettext_noop("Knowledge generation"),
    gettext_noop("Data management"),
    gettext_noop("Policy support tools and methodologies"),
    gettext_noop("Indigenous and local knowledge"),
    gettext_noop("Biodiversity communication"),
    gettext_noop("Local"),
    gettext_noop("National"),
    gettext_noop("Subregional"),
    gettext_noop("Regional"),
    gettext_noop("Global"),
    gettext_noop("Africa"),
    gettext_noop("Americas"),
    gettext_noop("Asia-Pacific"),
    gettext_noop("Europe and Central Asia"),
    gettext_noop("Experts and scientists"),
    gettext_noop("Policymakers"),
    gettext_noop("Practitioners"),
    gettext_noop("Indigenous and local knowledge holders"),
    gettext_noop("Private sector"),
    gettext_noop("NGOs and civil society"),
    gettext_noop("English"),
    gettext_noop("French"),
    gettext_noop("Spanish"),
    gettext_noop("Arabic"),
    gettext_noop("Chinese"),
    gettext_noop("Russian"),
    gettext_noop("Portuguese"),
    gettext_noop("German"),
    gettext_noop("Swahili"),
    gettext_noop("Hindi"),
    gettext_noop("Indonesian"),
    gettext_noop("Japanese"),
    gettext_noop("Task force on capacity-building"),
    gettext_noop("Task force on knowledge and data"),
    gettext_noop("Task force on indigenous and local knowledge"),
    gettext_noop("Task force on scenarios and models"),
    gettext_noop("Task force on policy tools and methodologies"),
    gettext_noop("New or changed policy"),
    gettext_noop("Law or regulation"),
    gettext_noop("Commitment"),
    gettext_noop("Action or initiative"),
    gettext_noop("Network"),
    gettext_noop("Investment"),
    gettext_noop("Use in science or research"),
    gettext_noop("Other"),
    gettext_noop("City or community"),
    gettext_noop("Organisational"),
    gettext_noop("Assessing knowledge"),
    gettext_noop(
        "IPBES produces global, regional, methodological and thematic assessments of what is known about biodiversity and nature's contributions to people, and helps countries to carry out their own national assessments."
    ),
    gettext_noop(
        "Governments and organisations can nominate experts and promote and support their work in IPBES assessments. Experts can be nominated as authors of assessments and scoping reports; early-career scientists can be nominated as fellows. Governments and experts can take part in pre-scoping conferences and send written review comments on drafts. Everyone can promote and use the findings of IPBES assessments."
    ),
    gettext_noop("Building capacity"),
    gettext_noop(
        "IPBES identifies and prioritises the capacities that people and institutions need, and builds them, so that science and policy on biodiversity and ecosystem services work better together."
    ),
    gettext_noop(
        "Nominate, promote and support early-career experts in the fellowship programme; develop learning materials that complement IPBES products; organise and support capacity-building and knowledge-sharing activities; take part in, promote and help set up communities of practice, and national and regional science-policy platforms and networks; carry out national and regional ecosystem assessments; join IPBES dialogue meetings and webinars to exchange knowledge and learn from each other."
    ),
    gettext_noop(
        "IPBES catalyses the generation of new knowledge. The work has three components: data access and management; filling knowledge gaps; and engaging with indigenous and local knowledge."
    ),
    gettext_noop(
        "Give access to, use or reproduce the data, methods and metadata behind IPBES assessments; help to take up and fill the knowledge gaps the assessments identify; and make it possible for Indigenous peoples and local communities to take part in, and benefit from, IPBES products and activities."
    ),
    gettext_noop("Policy support"),
    gettext_noop(
        "IPBES promotes the development and use of policy support tools and methodologies, so that what the assessments find can be applied more effectively in decisions."
    ),
    gettext_noop(
        "Use IPBES assessments to inform policy; take part in or convene dialogue meetings that discuss the findings of assessments; and use the IPBES assessment of scenarios and models, and the work of its task force on scenarios and models, to develop and use scenarios of biodiversity and ecosystem services."
    ),
    gettext_noop(
        "Identifying, nominating and mobilising experts and other stakeholders for IPBES products"
    ),
    gettext_noop("Participating in pre-scoping conferences"),
    gettext_noop("Submitting review comments on draft IPBES products"),
    gettext_noop("Promoting and using findings of IPBES assessments"),
    gettext_noop("Providing information and data for indicators used in IPBES assessments"),
    gettext_noop("Undertaking or contributing to national or (sub)regional ecosystem assessments"),
    gettext_noop("Nominating and supporting early-career experts for the fellowship programme"),
    gettext_noop("Developing complementary learning materials on IPBES products"),
    gettext_noop(
        "Meetings and workshops to raise awareness and build capacity on IPBES, its processes and products"
    ),
    gettext_noop("Capacity-building and knowledge-sharing events"),
    gettext_noop("Uptake events on key findings of approved IPBES assessments"),
    gettext_noop(
        "Establishing or supporting national and regional science-policy platforms and networks"
    ),
    gettext_noop("Taking part in IPBES dialogue meetings and webinars"),
    gettext_noop(
        "Providing access to, using or reproducing data, methods and metadata of IPBES assessments"
    ),
    gettext_noop("Mobilising efforts to fill knowledge gaps identified in IPBES assessments"),
    gettext_noop(
        "Facilitating participation of Indigenous peoples and local communities in, and benefit from, IPBES products and activities"
    ),
    gettext_noop("Using IPBES assessments to inform policy"),
    gettext_noop("Convening dialogue meetings to discuss assessment findings"),
    gettext_noop(
        "Using the scenarios and models assessment and task force work to develop scenarios"
    ),
    gettext_noop("Coordinating activities related to IPBES and the wider biodiversity agenda"),
    gettext_noop("Assessment of pollinators, pollination and food production"),
    gettext_noop(
        "Methodological assessment of scenarios and models of biodiversity and ecosystem services"
    ),
    gettext_noop("Assessment of land degradation and restoration"),
    gettext_noop("Regional assessment for Africa"),
    gettext_noop("Regional assessment for the Americas"),
    gettext_noop("Regional assessment for Asia and the Pacific"),
    gettext_noop("Regional assessment for Europe and Central Asia"),
    gettext_noop("Global assessment of biodiversity and ecosystem services"),
    gettext_noop("Methodological assessment of the diverse values and valuation of nature"),
    gettext_noop("Assessment of the sustainable use of wild species"),
    gettext_noop("Assessment of invasive alien species and their control"),
    gettext_noop(
        "Assessment of the interlinkages among biodiversity, water, food and health (nexus assessment)"
    ),
    gettext_noop("Assessment of transformative change"),
    gettext_noop(
        "Methodological assessment of the impact and dependence of business on biodiversity"
    ),
    gettext_noop("Assessment of spatial planning and connectivity (ongoing)"),
    gettext_noop("Methodological assessment of monitoring biodiversity (ongoing)"),
    gettext_noop("Second global assessment of biodiversity and ecosystem services (ongoing)"),
    gettext_noop("Guide on the production of national ecosystem assessments"),
    gettext_noop("Policy support gateway"),
    gettext_noop("Nature Futures Framework"),
]
