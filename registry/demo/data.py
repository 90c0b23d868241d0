"""Realistic demo content for ``manage.py seed_demo``: communities of practice,
their contributions and examples of IPBES impact, and the vocabulary the volume
generator draws on. Every name, e-mail address and website is fictitious
(``example.org``)."""

from collections import namedtuple

PASSWORD = "demo-password-2026"  # noqa: S105 (demo accounts only; refused with DEBUG off)

# Short codes used in the table below.
FUNCTIONS = {
    "AK": "assessing-knowledge",
    "BC": "building-capacity",
    "KG": "knowledge-generation",
    "PS": "policy-support",
}
MEMBERS = {
    "exp": "experts",
    "pol": "policymakers",
    "pra": "practitioners",
    "ilk": "ilk-holders",
    "priv": "private-sector",
    "cs": "civil-society",
}

# The demo accounts: e-mail, first name, last name, group (None for coordinators).
ACCOUNTS = [
    ("coordinator@example.org", "Amina", "Diallo", None),
    ("taskforce@example.org", "Kenji", "Watanabe", "Task force"),
    ("bureau@example.org", "Lucía", "Fernández", "Bureau"),
    ("secretariat@example.org", "Sophie", "Lambert", "Secretariat"),
]
# Other coordinators (and one more task force member), all with the demo password.
OTHER_USERS = [
    ("joao.silva@example.org", "João", "Silva", None),
    ("grace.wanjiru@example.org", "Grace", "Wanjiru", None),
    ("priya.raman@example.org", "Priya", "Raman", None),
    ("erik.lindqvist@example.org", "Erik", "Lindqvist", None),
    ("carmen.quispe@example.org", "Carmen", "Quispe", None),
    ("aigerim.nurlanova@example.org", "Aigerim", "Nurlanova", None),
    ("tevita.fifita@example.org", "Tevita", "Fifita", None),
    ("olumide.adeyemi@example.org", "Olumide", "Adeyemi", "Task force"),
]

Spec = namedtuple(
    "Spec",
    "name acronym topics regions countries scales functions members languages founded "
    "count summary status owner",
)


def _spec(
    name,
    acronym,
    topics,
    regions,
    countries,
    scales,
    functions,
    members,
    languages,
    founded,
    count,
    summary,
    status="published",
    owner=None,
):
    return Spec(
        name,
        acronym,
        topics.split(),
        regions.split(),
        countries.split(),
        scales.split(),
        [FUNCTIONS[code] for code in functions.split()],
        [MEMBERS[code] for code in members.split()],
        languages.split(),
        founded,
        count,
        summary,
        status,
        owner,
    )


AF, AM, AP, EU = "africa", "americas", "asia-pacific", "europe-central-asia"
COORD = "coordinator@example.org"

# fmt: off
COMMUNITIES = [
    # --- Pollination --------------------------------------------------------------
    _spec(
        "West African Pollinator Network", "WAPN", "pollination sustainable-use-wild-species",
        AF, "GH NG SN BF CI BJ", "regional subregional", "AK BC KG", "exp pra ilk",
        "en fr", 2017, 420,
        "Researchers, beekeepers and extension officers from six West African countries who "
        "monitor pollinators and bring the findings of the IPBES pollination assessment to "
        "farmers and ministries.",
        owner=COORD,
    ),
    _spec(
        "East African Bee and Pollination Forum", "EABPF",
        "pollination indigenous-local-knowledge", AF, "KE TZ UG RW ET", "subregional",
        "BC KG", "exp pra ilk cs", "en sw", 2015, 310,
        "A forum of beekeeping associations, universities and farmer groups sharing practical "
        "and traditional knowledge on bees and other pollinators in East Africa.",
        owner="grace.wanjiru@example.org",
    ),
    _spec(
        "Southern Africa Pollinator Monitoring Initiative", "SAPMI",
        "pollination data-management", AF, "ZA BW NA ZW MZ", "subregional", "KG AK",
        "exp pra", "en pt", 2019, 150,
        "A shared protocol and open dataset for monitoring wild pollinators across southern "
        "Africa, feeding indicators used in IPBES assessments.",
    ),
    _spec(
        "Kenya Pollinator Farmers' Platform", "KPFP", "pollination business-biodiversity", AF,
        "KE", "national local", "BC PS", "pra ilk priv cs", "en sw", 2020, 900,
        "Smallholder farmers, seed companies and county officers working together on "
        "pollinator-friendly farming, based on the key messages of the IPBES pollination "
        "assessment.",
        owner="grace.wanjiru@example.org",
    ),
    _spec(
        "Nigerian Pollinators and Food Security Network", "NPFSN", "pollination nexus", AF,
        "NG", "national", "BC PS", "pra exp priv", "en", 2020, 130,
        "Agronomists, beekeepers and food companies in Nigeria linking pollinator health to "
        "food and nutrition security policy.",
    ),
    _spec(
        "European Pollinator Monitoring Community", "EUPMC", "pollination data-management", EU,
        "DE FR GB IE BE NL", "regional", "KG AK", "exp pra cs", "en fr de", 2016, 650,
        "Volunteer recorders, museums and research institutes harmonising pollinator "
        "monitoring across Europe and sharing the data with IPBES assessments.",
        owner="erik.lindqvist@example.org",
    ),
    _spec(
        "Himalayan Pollinators and Mountain Farming Network", "HPMFN",
        "pollination indigenous-local-knowledge", AP, "NP BT IN PK CN", "subregional",
        "KG BC", "pra ilk exp", "en hi", 2014, 230,
        "Mountain farmers, beekeepers and scientists documenting pollination deficits in "
        "Himalayan apple and cardamom farming and testing local solutions.",
        owner="priya.raman@example.org",
    ),
    _spec(
        "Pollination Services Economics Community", "PSEC",
        "pollination values-of-nature business-biodiversity", "", "", "global", "AK KG",
        "exp priv", "en", 2018, 110,
        "Economists and agribusiness analysts valuing pollination services and making the "
        "numbers usable in IPBES assessments and corporate decisions.",
    ),
    # --- Invasive alien species -----------------------------------------------------
    _spec(
        "Andean Invasive Species Observatory", "OAEI", "invasive-alien-species data-management",
        AM, "PE EC BO CO", "subregional", "KG AK", "exp pol pra", "es", 2016, 260,
        "An observatory of universities and environment ministries in four Andean countries "
        "that maps invasive alien species and shares early-warning data.",
        owner="carmen.quispe@example.org",
    ),
    _spec(
        "Chilean Invasive Alien Species Network", "RedEEI Chile", "invasive-alien-species",
        AM, "CL", "national", "PS BC", "exp pol pra", "es", 2014, 340,
        "Scientists, park rangers and policymakers in Chile working on the prevention, "
        "eradication and control of invasive alien species.",
        owner=COORD,
    ),
    _spec(
        "Brazilian Network on Biological Invasions", "RBIB",
        "invasive-alien-species policy-support-tools", AM, "BR", "national", "AK PS KG",
        "exp pol pra cs", "pt", 2012, 520,
        "The national network that keeps Brazil's invasive species database and advises "
        "federal and state governments using the IPBES invasive alien species assessment.",
        owner="joao.silva@example.org",
    ),
    _spec(
        "Mexican Invasive Species Working Group", "GTEIM",
        "invasive-alien-species science-policy-interface", AM, "MX", "national", "PS AK",
        "exp pol", "es", 2010, 180,
        "A working group of federal agencies and researchers supporting Mexico's national "
        "strategy on invasive species with evidence and expert advice.",
    ),
    _spec(
        "Argentine Network on Invasive Species", "RAEI", "invasive-alien-species", AM, "AR",
        "national", "KG PS", "exp pol", "es", 2015, 160,
        "Researchers and provincial authorities in Argentina sharing records, risk analyses "
        "and management experience on invasive alien species.",
        owner="carmen.quispe@example.org",
    ),
    _spec(
        "Canadian Invasive Species Science-Policy Forum", "CISSPF", "invasive-alien-species",
        AM, "CA", "national", "PS KG", "exp pol priv", "en fr", 2018, 130,
        "Federal and provincial officials, researchers and industry discussing the policy "
        "options of the IPBES invasive alien species assessment for Canada.",
    ),
    _spec(
        "Caribbean Invasives Partnership", "CIP",
        "invasive-alien-species sustainable-use-wild-species", AM, "JM TT BB BS DO",
        "subregional", "BC PS", "pra pol cs", "en es", 2013, 210,
        "Island governments, NGOs and fishers working on lionfish, invasive plants and rodent "
        "eradication across the Caribbean.",
    ),
    _spec(
        "European Invasive Alien Species Policy Network", "EIASPN",
        "invasive-alien-species policy-support-tools", EU, "BE ES IT PL PT", "regional",
        "PS AK", "pol exp", "en es fr", 2016, 220,
        "National focal points and experts exchanging practice on implementing invasive alien "
        "species regulations in Europe.",
    ),
    _spec(
        "Island Invasives Eradication Practitioners", "IIEP", "invasive-alien-species",
        f"{AP} {AM}", "NZ AU FJ US", "global", "BC KG", "pra exp", "en", 2011, 360,
        "Practitioners who have eradicated invasive mammals from islands, sharing methods, "
        "failures and successes worldwide.",
    ),
    # --- Land degradation and restoration ------------------------------------------
    _spec(
        "Sahel Land Restoration Community", "SLRC",
        "land-degradation-restoration indigenous-local-knowledge", AF, "NE ML BF TD SN",
        "subregional", "BC PS", "pra ilk cs pol", "fr ar", 2018, 380,
        "Farmers' organisations, foresters and local authorities restoring degraded land in "
        "the Sahel with farmer-managed natural regeneration.",
    ),
    _spec(
        "Ethiopian Highlands Restoration Network", "EHRN", "land-degradation-restoration",
        AF, "ET", "national", "BC PS", "pra ilk cs", "en", 2015, 260,
        "Watershed committees, researchers and regional bureaus restoring the Ethiopian "
        "highlands and learning from each other's sites.",
    ),
    _spec(
        "Central Asian Rangelands Restoration Network", "CARRN",
        "land-degradation-restoration sustainable-use-wild-species", EU, "KZ KG TJ UZ",
        "subregional", "BC PS", "pra exp ilk", "ru en", 2016, 140,
        "Pastoralist associations and rangeland scientists in Central Asia working on the "
        "restoration of degraded pastures.",
        owner="aigerim.nurlanova@example.org",
    ),
    _spec(
        "Land Degradation Neutrality Practitioners of the Americas", "LDN-PA",
        "land-degradation-restoration policy-support-tools", AM, "BR AR PY UY MX", "regional",
        "BC PS", "pra pol", "es pt", 2019, 180,
        "Officials and practitioners setting and monitoring land degradation neutrality "
        "targets in Latin America.",
    ),
    _spec(
        "Mongolian Rangeland Knowledge Platform", "MRKP",
        "land-degradation-restoration indigenous-local-knowledge", AP, "MN", "national",
        "KG PS", "ilk pra pol", "ru en", 2017, 85,
        "Herders, scientists and local governments combining herders' knowledge and "
        "satellite data on Mongolia's rangelands.",
    ),
    _spec(
        "Bangladesh Coastal Wetlands Restoration Network", "BCWRN",
        "land-degradation-restoration nexus", AP, "BD", "national local", "BC PS", "pra pol",
        "en", 2018, 75,
        "Communities, NGOs and district officers restoring mangroves and coastal wetlands for "
        "food, water and protection from storms.",
    ),
    # --- Sustainable use of wild species -------------------------------------------
    _spec(
        "Sustainable Wildlife Use Network of Southern Africa", "SWUN",
        "sustainable-use-wild-species", AF, "ZA NA BW ZM ZW", "subregional", "PS KG",
        "pra ilk pol priv", "en", 2016, 280,
        "Community conservancies, wildlife authorities and businesses sharing what works in "
        "the sustainable use of wild species.",
    ),
    _spec(
        "Wild Species Trade Knowledge Exchange Asia", "WiSTKE",
        "sustainable-use-wild-species policy-support-tools", AP, "ID MY PH TH VN", "regional",
        "PS BC", "pol pra cs", "en id", 2019, 170,
        "Customs officers, trade regulators and NGOs using the IPBES sustainable use "
        "assessment to improve the legality and sustainability of wildlife trade.",
    ),
    _spec(
        "Pacific Small-Scale Fisheries Community", "PSSFC",
        "sustainable-use-wild-species indigenous-local-knowledge", AP, "FJ KI PG",
        "local national", "BC KG", "ilk pra", "en", 2017, 60,
        "Fishing communities and fisheries officers in the Pacific documenting customary "
        "management of reef fisheries.",
        owner="tevita.fifita@example.org",
    ),
    # --- Values ----------------------------------------------------------------------
    _spec(
        "Latin American Network on the Values of Nature", "RedVAL",
        "values-of-nature indigenous-local-knowledge", AM, "AR CO MX PE CR", "regional",
        "AK KG", "exp ilk", "es pt", 2017, 290,
        "Researchers and Indigenous organisations applying the IPBES values assessment to "
        "decisions on land and water in Latin America.",
        owner="carmen.quispe@example.org",
    ),
    _spec(
        "South Asia Values Dialogue Platform", "SAVDP", "values-of-nature", AP, "IN LK BD NP",
        "subregional", "PS KG", "exp ilk cs", "en hi", 2021, 100,
        "A dialogue platform bringing the plural values of nature into planning decisions in "
        "South Asia.",
        owner="priya.raman@example.org",
    ),
    _spec(
        "Urban Nature Local Action Network", "UNLAN", "transformative-change values-of-nature",
        f"{EU} {AM}", "ES FR CO MX", "local", "PS BC", "pra pol cs", "en es fr", 2019, 350,
        "City officials and neighbourhood groups sharing local action for nature in cities, "
        "from green corridors to community gardens.",
    ),
    # --- Nexus ------------------------------------------------------------------------
    _spec(
        "Asian Water-Food-Health Nexus Dialogue", "NEXDA", "nexus scenarios-models", AP,
        "IN BD NP VN TH", "regional", "PS AK", "exp pol pra", "en hi", 2022, 160,
        "Water, agriculture and health ministries and researchers using the IPBES nexus "
        "assessment to plan across sectors.",
    ),
    _spec(
        "One Health and Biodiversity Network of the Americas", "OHBNA", "nexus", AM,
        "BR US MX PE CO", "regional", "AK PS", "exp pol pra", "en es pt", 2021, 260,
        "Veterinarians, physicians and ecologists working on the links between biodiversity "
        "and human, animal and plant health.",
    ),
    _spec(
        "African Scenarios Community", "AfSC", "scenarios-models nexus", AF,
        "ZA KE GH EG MA", "regional", "PS BC", "exp pol", "en fr ar", 2021, 120,
        "Modellers and planners building participatory scenarios of nature and people for "
        "African countries.",
    ),
    # --- Scenarios and models, transformative change --------------------------------
    _spec(
        "European Nature Futures Collective", "ENFC", "scenarios-models transformative-change",
        EU, "NL DE FR GB PT", "regional", "PS KG", "exp pol", "en", 2019, 180,
        "Scenario researchers and policy analysts applying the Nature Futures Framework to "
        "European policy questions.",
        owner="erik.lindqvist@example.org",
    ),
    _spec(
        "Scenarios and Models Early-Career Network", "SMEC", "scenarios-models", "", "",
        "global", "BC KG", "exp", "en", 2020, 240,
        "Early-career modellers learning and publishing together on biodiversity scenarios "
        "and models.",
    ),
    _spec(
        "Nordic Transformative Change Lab", "NTCL",
        "transformative-change biodiversity-communication", EU, "SE NO FI DK IS",
        "subregional", "PS KG", "exp cs priv", "en", 2023, 95,
        "Researchers, businesses and civil society testing the options for transformative "
        "change identified by IPBES in the Nordic countries.",
        owner="erik.lindqvist@example.org",
    ),
    _spec(
        "Transformative Change Storytellers Africa", "TCSA",
        "transformative-change biodiversity-communication", AF, "KE ZA SN NG", "regional",
        "BC", "cs ilk", "en fr sw", 2023, 60,
        "Writers, film-makers and community leaders telling stories of transformative change "
        "for nature across Africa.",
    ),
    # --- Business and biodiversity --------------------------------------------------
    _spec(
        "Business for Nature Practitioners' Circle", "BNPC",
        "business-biodiversity values-of-nature", "", "", "global", "PS BC", "priv exp cs",
        "en fr es", 2021, 700,
        "Sustainability officers and analysts using IPBES findings to measure and reduce "
        "their companies' impacts and dependencies on nature.",
    ),
    _spec(
        "Biodiversity Finance Practitioners Africa", "BFPA", "business-biodiversity", AF,
        "ZA NG KE GH", "regional", "PS BC", "priv pol", "en fr", 2022, 140,
        "Bankers, regulators and investors in Africa aligning finance with the business and "
        "biodiversity assessment.",
    ),
    _spec(
        "Corporate Nature Disclosure Community Europe", "CNDCE",
        "business-biodiversity values-of-nature", EU, "GB FR DE NL CH", "regional", "PS",
        "priv cs", "en fr de", 2023, 320,
        "Companies and NGOs exchanging practice on nature-related disclosure in Europe.",
    ),
    # --- National ecosystem assessment and the guide ---------------------------------
    _spec(
        "National Ecosystem Assessment Practitioners' Network", "NEA-PN",
        "national-ecosystem-assessment ecosystem-assessment-guide", "", "", "global national",
        "BC AK", "exp pol pra", "en fr es", 2017, 450,
        "Teams producing national ecosystem assessments, sharing methods, drafts and lessons "
        "learned.",
    ),
    _spec(
        "Colombian Nature Assessment Community", "CNAC",
        "national-ecosystem-assessment indigenous-local-knowledge", AM, "CO", "national",
        "AK PS", "exp pol ilk", "es", 2016, 200,
        "The experts and knowledge holders behind Colombia's national assessment of "
        "biodiversity and ecosystem services.",
    ),
    _spec(
        "Cameroon Biodiversity Assessment Community", "CBAC", "national-ecosystem-assessment",
        AF, "CM", "national", "AK BC", "exp pol", "fr en", 2019, 90,
        "Researchers and ministries preparing Cameroon's national ecosystem assessment.",
    ),
    _spec(
        "Viet Nam Ecosystem Assessment Network", "VEAN", "national-ecosystem-assessment", AP,
        "VN", "national", "AK BC", "exp pol pra", "en", 2018, 110,
        "The network of scientists and officials producing Viet Nam's national ecosystem "
        "assessment.",
    ),
    _spec(
        "Ecosystem Assessment Trainers' Network", "EATN",
        "ecosystem-assessment-guide national-ecosystem-assessment", "", "", "global", "BC",
        "exp pol", "en fr es ru", 2019, 170,
        "Trainers who teach the IPBES guide on the production of assessments to national "
        "assessment teams.",
    ),
    _spec(
        "Eurasian Biodiversity Assessment Community", "EBAC",
        "ecosystem-assessment-guide national-ecosystem-assessment", EU, "KZ BY UZ KG AM",
        "regional", "AK BC", "exp pol", "ru", 2020, 130,
        "Russian-speaking assessment practitioners translating and applying IPBES guidance on "
        "ecosystem assessments.",
        owner="aigerim.nurlanova@example.org",
    ),
    _spec(
        "Asia-Pacific Biodiversity Assessment Network", "APBAN",
        "national-ecosystem-assessment ecosystem-assessment-guide", AP, "JP KR TH MY PH FJ",
        "regional", "AK BC", "exp pol", "en", 2014, 600,
        "Institutions in Asia and the Pacific supporting each other in national and regional "
        "ecosystem assessments.",
    ),
    # --- Knowledge and data -----------------------------------------------------------
    _spec(
        "African Biodiversity Data Network", "ABDN", "data-management knowledge-generation",
        AF, "ZA KE BJ CM MG", "regional", "KG", "exp pra", "en fr", 2013, 510,
        "Data publishers and users in Africa mobilising biodiversity data for assessments and "
        "decisions.",
    ),
    _spec(
        "Open Biodiversity Indicators Collective", "OBIC", "data-management knowledge-generation",
        "", "", "global", "KG AK", "exp", "en", 2018, 230,
        "Developers of open, reproducible biodiversity indicators used in IPBES assessments.",
    ),
    _spec(
        "Asian Citizen Science Biodiversity Hub", "ACSBH", "data-management", AP,
        "CN JP KR IN", "regional", "KG", "cs exp", "zh en", 2017, 540,
        "Citizen science programmes in Asia sharing protocols and data on birds, insects and "
        "plants.",
    ),
    _spec(
        "Balkan Biodiversity Knowledge Network", "BBKN", "knowledge-generation data-management",
        EU, "RS BA MK AL ME", "subregional", "KG BC", "exp", "en", 2016, 140,
        "Researchers in the Western Balkans filling biodiversity knowledge gaps identified in "
        "the regional assessment for Europe and Central Asia.",
    ),
    _spec(
        "Oceania Biodiversity Knowledge Gaps Consortium", "OBKGC", "knowledge-generation", AP,
        "AU NZ PG FJ", "subregional", "KG", "exp ilk", "en", 2021, 75,
        "Researchers and Indigenous knowledge holders tackling the knowledge gaps on Oceania "
        "named in IPBES assessments.",
        owner="tevita.fifita@example.org",
    ),
    _spec(
        "Alpine Local Knowledge Network", "ALKN",
        "indigenous-local-knowledge knowledge-generation", EU, "CH AT IT FR", "local", "KG",
        "pra ilk", "de fr", 2014, 45,
        "Mountain farmers, shepherds and naturalists recording local knowledge of alpine "
        "meadows and their change.",
    ),
    # --- Indigenous and local knowledge ----------------------------------------------
    _spec(
        "Indigenous Biodiversity Knowledge Circle of the Americas", "IBKCA",
        "indigenous-local-knowledge values-of-nature", AM, "BO GT CA BR PE", "regional",
        "KG AK", "ilk cs", "es en pt", 2012, 330,
        "Indigenous organisations of the Americas supporting the participation of knowledge "
        "holders in IPBES assessments.",
    ),
    _spec(
        "Pacific Islands Traditional Knowledge Network", "PITKN",
        "indigenous-local-knowledge biodiversity-communication", AP, "FJ WS TO VU SB",
        "subregional", "KG BC", "ilk cs pra", "en", 2011, 240,
        "Traditional leaders, youth and researchers keeping and sharing Pacific traditional "
        "knowledge on land and sea.",
        owner="tevita.fifita@example.org",
    ),
    _spec(
        "Amazon Traditional Knowledge Guardians Network", "ATKGN",
        "indigenous-local-knowledge values-of-nature", AM, "BR PE CO EC BO", "subregional",
        "KG AK", "ilk cs", "pt es", 2015, 480,
        "Indigenous and local communities of the Amazon documenting and defending their "
        "knowledge of forests and rivers.",
        owner="joao.silva@example.org",
    ),
    _spec(
        "Satoyama Landscapes Community Japan", "SLCJ",
        "indigenous-local-knowledge sustainable-use-wild-species", AP, "JP", "national local",
        "KG BC", "ilk pra cs", "ja", 2012, 400,
        "Farmers, foresters and municipalities caring for Japan's satoyama landscapes and "
        "their traditional management.",
    ),
    # --- Science-policy interface, policy tools, communication ------------------------
    _spec(
        "Mediterranean Biodiversity Science-Policy Platform", "MedBSP",
        "science-policy-interface transformative-change", f"{EU} {AF}", "ES IT GR TN MA TR",
        "subregional", "PS BC", "exp pol", "en fr ar", 2015, 330,
        "Scientists and officials of both shores of the Mediterranean strengthening the "
        "science-policy interface on biodiversity.",
    ),
    _spec(
        "Arab Region Biodiversity Science-Policy Network", "ARBSPN",
        "science-policy-interface nexus", f"{AF} {AP}", "EG JO LB MA TN", "regional", "PS BC",
        "pol exp", "ar fr en", 2016, 150,
        "A network for biodiversity science and policy in the Arab region, working in Arabic, "
        "French and English.",
    ),
    _spec(
        "Caucasus Biodiversity Science-Policy Forum", "CBSPF",
        "science-policy-interface national-ecosystem-assessment", EU, "GE AM AZ",
        "subregional", "PS BC", "pol exp cs", "ru en", 2017, 90,
        "Officials, scientists and NGOs of the South Caucasus working on national assessments "
        "and their use.",
    ),
    _spec(
        "Young Biodiversity Science-Policy Network", "YBSPN",
        "science-policy-interface biodiversity-communication", "", "", "global", "BC AK",
        "exp cs", "en fr es", 2018, 1200,
        "Students and early-career professionals learning how science-policy platforms work "
        "and taking part in IPBES reviews.",
    ),
    _spec(
        "African IPBES Fellows Alumni Network", "AIFAN",
        "science-policy-interface knowledge-generation", AF, "KE NG ZA ET GH SN", "regional",
        "BC AK", "exp", "en fr", 2017, 150,
        "Former IPBES fellows from Africa mentoring the next generation of assessment "
        "authors.",
    ),
    _spec(
        "Policy Support Tools Exchange", "PSTX",
        "policy-support-tools science-policy-interface", "", "", "global", "PS", "pol exp",
        "en fr es", 2017, 300,
        "Policy analysts exchanging experience with the tools and methodologies of the IPBES "
        "policy support gateway.",
    ),
    _spec(
        "Latin American Municipal Biodiversity Officers Network", "RedMUNI",
        "policy-support-tools transformative-change", AM, "BR CO MX CL", "local", "PS BC",
        "pol pra", "es pt", 2020, 230,
        "Municipal biodiversity officers sharing tools for local biodiversity plans.",
    ),
    _spec(
        "Latin American Biodiversity Communicators Network", "RedCom",
        "biodiversity-communication", AM, "AR CL MX CO BR", "regional", "BC PS", "cs exp",
        "es pt", 2018, 410,
        "Journalists, educators and scientists communicating biodiversity science in Spanish "
        "and Portuguese.",
    ),
    _spec(
        "Science Journalists for Nature Asia", "SJNA", "biodiversity-communication", AP,
        "IN PH ID JP KR", "regional", "BC", "cs exp", "en ja", 2020, 190,
        "Science journalists in Asia reporting on biodiversity and IPBES assessments.",
    ),
    # --- Not published: the coordinator's draft and returned ones, and others ---------
    _spec(
        "Lake Victoria Basin Invasive Plants Forum", "LVBIPF", "invasive-alien-species nexus",
        AF, "UG KE TZ", "subregional", "PS BC", "pra pol ilk", "en sw", 2024, 40,
        "Fisher communities and district officers tackling water hyacinth and other invasive "
        "plants in the Lake Victoria basin.",
        status="draft",
        owner=COORD,
    ),
    _spec(
        "Great Green Wall Pollinator Gardens Alliance", "GGWPGA",
        "pollination land-degradation-restoration", AF, "SN ML NE", "local", "BC", "pra cs",
        "fr", 2023, 30,
        "Village gardens planted with native flowering species along the Great Green Wall.",
        status="returned",
        owner=COORD,
    ),
    _spec(
        "Madagascar Invasive Species Watch", "MISW", "invasive-alien-species", AF, "MG",
        "national", "KG PS", "exp pra cs", "fr", 2019, 70,
        "Naturalists and park staff reporting invasive species in Madagascar's protected "
        "areas.",
        status="submitted",
        owner="grace.wanjiru@example.org",
    ),
    _spec(
        "Baltic Pollinator Pilot Project", "BPPP", "pollination", EU, "EE LV LT",
        "subregional", "KG", "exp pra", "en", 2018, 25,
        "A three-year pilot that tested pollinator monitoring in the Baltic states; ended in "
        "2023.",
        status="archived",
        owner="erik.lindqvist@example.org",
    ),
]
# fmt: on

# Short names for titles.
TOPIC_SHORT = {
    "science-policy-interface": "the science-policy interface",
    "pollination": "pollinators",
    "scenarios-models": "scenarios and models",
    "land-degradation-restoration": "land restoration",
    "sustainable-use-wild-species": "the sustainable use of wild species",
    "values-of-nature": "the values of nature",
    "invasive-alien-species": "invasive alien species",
    "nexus": "the biodiversity-water-food-health nexus",
    "transformative-change": "transformative change",
    "business-biodiversity": "business and biodiversity",
    "national-ecosystem-assessment": "national ecosystem assessment",
    "ecosystem-assessment-guide": "ecosystem assessment methods",
    "knowledge-generation": "biodiversity research",
    "data-management": "biodiversity data",
    "policy-support-tools": "policy support tools",
    "indigenous-local-knowledge": "Indigenous and local knowledge",
    "biodiversity-communication": "biodiversity communication",
}
DELIVERABLE_SHORT = {
    "pollinators": "IPBES pollination assessment",
    "scenarios-models": "IPBES scenarios and models assessment",
    "land-degradation-restoration": "IPBES land degradation and restoration assessment",
    "regional-africa": "IPBES regional assessment for Africa",
    "regional-americas": "IPBES regional assessment for the Americas",
    "regional-asia-pacific": "IPBES regional assessment for Asia and the Pacific",
    "regional-europe-central-asia": "IPBES regional assessment for Europe and Central Asia",
    "global-assessment": "IPBES global assessment",
    "values": "IPBES values assessment",
    "sustainable-use": "IPBES sustainable use assessment",
    "invasive-alien-species": "IPBES invasive alien species assessment",
    "nexus": "IPBES nexus assessment",
    "transformative-change": "IPBES transformative change assessment",
    "business-biodiversity": "IPBES business and biodiversity assessment",
    "spatial-planning": "IPBES spatial planning assessment",
    "monitoring": "IPBES monitoring assessment",
    "second-global-assessment": "second IPBES global assessment",
    "national-assessment-guide": "IPBES guide on national ecosystem assessments",
    "policy-support-gateway": "IPBES policy support gateway",
    "nature-futures-framework": "Nature Futures Framework",
}

# Which deliverables a topic usually draws on.
TOPIC_DELIVERABLES = {
    "science-policy-interface": ["global-assessment"],
    "pollination": ["pollinators"],
    "scenarios-models": ["scenarios-models", "nature-futures-framework"],
    "land-degradation-restoration": ["land-degradation-restoration"],
    "sustainable-use-wild-species": ["sustainable-use"],
    "values-of-nature": ["values"],
    "invasive-alien-species": ["invasive-alien-species"],
    "nexus": ["nexus"],
    "transformative-change": ["transformative-change"],
    "business-biodiversity": ["business-biodiversity"],
    "national-ecosystem-assessment": ["national-assessment-guide"],
    "ecosystem-assessment-guide": ["national-assessment-guide"],
    "knowledge-generation": ["global-assessment", "second-global-assessment"],
    "data-management": ["monitoring", "global-assessment"],
    "policy-support-tools": ["policy-support-gateway", "spatial-planning"],
    "indigenous-local-knowledge": ["global-assessment", "values"],
    "biodiversity-communication": ["global-assessment"],
}
# Activities tied to particular deliverables, whatever the community's topics.
ACTIVITY_DELIVERABLES = {
    "scenarios-models": ["scenarios-models", "nature-futures-framework"],
    "ecosystem-assessment": ["national-assessment-guide"],
}
REGION_DELIVERABLE = {
    AF: "regional-africa",
    AM: "regional-americas",
    AP: "regional-asia-pacific",
    EU: "regional-europe-central-asia",
}

# Contribution titles by activity type: {deliverable} is a deliverable's short name,
# {place} a country or region, {topic} a topic's short name, {year} the year.
ACTIVITY_TITLES = {
    "expert-nomination": [
        "Nominating experts from {place} for the {deliverable}",
        "Call for authors: mobilising experts on {topic} for IPBES",
    ],
    "pre-scoping": ["Input to the scoping of the {deliverable}"],
    "review-comments": [
        "Joint review comments on the second order draft of the {deliverable}",
        "Review workshop on the draft {deliverable}",
    ],
    "promoting-findings": [
        "Policy brief: what the {deliverable} means for {place}",
        "Translating the summary for policymakers of the {deliverable}",
    ],
    "indicator-data": [
        "Contributing data on {topic} to IPBES indicators ({year})",
        "Open dataset for indicators on {topic} in {place}",
    ],
    "ecosystem-assessment": [
        "National ecosystem assessment of {place}: chapter on {topic}",
        "Subregional assessment of {topic} in {place}",
    ],
    "fellowship-support": ["Supporting IPBES fellows from {place}"],
    "learning-materials": [
        "Online course on the {deliverable}",
        "Teaching kit on {topic} for schools in {place}",
    ],
    "awareness-workshop": [
        "Introducing IPBES to practitioners working on {topic} in {place}",
        "Workshop: how to engage with IPBES ({year})",
    ],
    "capacity-building-event": [
        "Training on {topic} for government officers in {place}",
        "Summer school on {topic} ({year})",
    ],
    "uptake-event": [
        "Uptake event on the {deliverable} in {place}",
        "From findings to action: the {deliverable}",
    ],
    "platforms-networks": ["Launch of a science-policy platform on {topic} in {place}"],
    "dialogue-webinar": [
        "IPBES dialogue webinar on {topic}",
        "Taking part in the IPBES stakeholder days ({year})",
    ],
    "data-access": [
        "Reproducing the data of the {deliverable} for {place}",
        "Open access to methods and metadata on {topic}",
    ],
    "knowledge-gaps": [
        "Filling a knowledge gap on {topic} in {place}",
        "Research agenda on the gaps identified by the {deliverable}",
    ],
    "ilk-participation": [
        "Dialogue with Indigenous and local knowledge holders on {topic}",
        "Supporting knowledge holders from {place} to contribute to IPBES",
    ],
    "policy-use": [
        "Using the {deliverable} in the national biodiversity strategy of {place}",
        "Evidence for policy on {topic} in {place}",
    ],
    "dialogue-convening": ["Science-policy dialogue on {topic} in {place}"],
    "scenarios-models": [
        "Participatory scenarios for {place} with the Nature Futures Framework",
        "Modelling futures of {topic} in {place}",
    ],
    "agenda-coordination": [
        "Aligning work on {topic} with the Kunming-Montreal framework in {place}",
        "Joint work plan with partners on {topic} ({year})",
    ],
}
# Activities that last months rather than days.
LONG_ACTIVITIES = {
    "ecosystem-assessment",
    "platforms-networks",
    "knowledge-gaps",
    "indicator-data",
    "agenda-coordination",
    "data-access",
    "learning-materials",
    "scenarios-models",
}
# Activities on a deliverable still in preparation (the others use approved ones).
PREPARATION_ACTIVITIES = {"pre-scoping", "review-comments", "expert-nomination"}
ONLINE_ACTIVITIES = {"dialogue-webinar", "review-comments", "learning-materials"}

ACTIVITY_SENTENCES = [
    "The activity brought together {who} to work on {topic}.",
    "It was organised with national partners and open to all members.",
    "Materials and a short report are on the network's website.",
    "Participants agreed on follow-up actions for the coming year.",
    "It built on the key messages of the {deliverable}.",
]

# Impact examples: title templates by impact type.
IMPACT_TITLES = {
    "policy": [
        "A national strategy on {topic} in {place} cites the {deliverable}",
        "New national action plan on {topic} in {place}",
    ],
    "law-regulation": ["A regulation on {topic} in {place} draws on IPBES findings"],
    "commitment": ["Ministers in {place} commit to act on {topic}"],
    "action-initiative": [
        "A restoration and monitoring programme on {topic} in {place}",
        "Local action plan on {topic} launched in {place}",
    ],
    "network": ["A new network on {topic} in {place}"],
    "investment": ["Public funding for {topic} in {place} after the {deliverable}"],
    "science-research": [
        "A research programme on {topic} uses the {deliverable}",
        "Peer-reviewed study reuses the data of the {deliverable}",
    ],
    "other": ["School curriculum on {topic} in {place} includes IPBES findings"],
}

# What changed, by impact type (the second paragraph of an impact example).
IMPACT_CHANGES = {
    "policy": "the government adopted a policy that cites the {deliverable}.",
    "law-regulation": "a new regulation takes up options from the {deliverable}.",
    "commitment": "a public commitment with targets for {topic}, announced at a ministerial "
    "meeting.",
    "action-initiative": "a programme of field action on {topic} started, with a budget and "
    "a monitoring plan.",
    "network": "practitioners and officials set up a lasting network on {topic}.",
    "investment": "new public and private funding was committed to {topic}.",
    "science-research": "a research programme designed around the knowledge gaps of the "
    "{deliverable}.",
    "other": "teaching materials on {topic} now use the findings of the {deliverable}.",
}

FUNCTION_BULLETS = {
    "assessing-knowledge": (
        "**Assessing knowledge**: we nominate experts, comment on draft assessments and "
        "provide data for their indicators."
    ),
    "building-capacity": (
        "**Building capacity**: we run workshops, trainings and uptake events on IPBES products."
    ),
    "knowledge-generation": (
        "**Knowledge generation**: we fill knowledge gaps named in IPBES assessments and share "
        "data and methods openly."
    ),
    "policy-support": (
        "**Policy support**: we help decision-makers use IPBES findings, tools and methodologies."
    ),
}
MEMBER_PHRASES = {
    "experts": "scientists and other experts",
    "policymakers": "policymakers",
    "practitioners": "practitioners",
    "ilk-holders": "Indigenous and local knowledge holders",
    "private-sector": "businesses",
    "civil-society": "NGOs and civil society",
}
HOW_TO_JOIN = [
    "Membership is free and open to anyone working on these topics. Fill in the short form "
    "on our website and a coordinator will welcome you within a week.",
    "Organisations join by a letter of interest to the coordination team; individuals are "
    "welcome to our open monthly calls, announced on the website.",
    "Write to the secretariat of the network with two lines about your work. New members "
    "are introduced at the next quarterly meeting.",
    "Join the mailing list from our website. Working groups are open to all members who "
    "commit a few hours a month.",
]
CONFLICTS = [
    "None.",
    "I co-authored a paper with one of the network's coordinators in 2021; I have no role in "
    "the network.",
    "none",
    "I attended one of the network's workshops as an invited speaker (unpaid).",
]
RATIONALES = [
    "{name} has contributed consistently to IPBES's work: its members took part in the "
    "review of assessments, and it organised uptake events that reached policymakers in "
    "several countries.",
    "{name} mobilised experts and knowledge holders for IPBES products and documented how "
    "the findings were used in national policy.",
    "A long-standing network whose activities significantly support the IPBES work "
    "programme, in particular on {topic}.",
]

# --- Vocabulary for the volume generator -----------------------------------------------
VOLUME_SUMMARIES = [
    "The {name} connects people working on {topic} in {region} and contributes to the "
    "work of IPBES.",
    "Experts, practitioners and decision-makers in {region} sharing knowledge and practice "
    "on {topic}.",
    "A self-organising community of practice on {topic}: workshops, data and advice for "
    "decision-makers in {region}.",
    "We help our members in {region} use IPBES assessments in their work on {topic}.",
]

# fmt: off
# Places: label and the IPBES region with a few of its countries.
PLACES = {
    AF: (
        [
            "West African", "East African", "Southern African", "Central African", "Sahelian",
            "Congo Basin", "Horn of Africa", "Great Lakes", "Lake Chad", "Zambezi",
            "Okavango", "Kalahari", "Niger Delta", "Nile Basin", "Maghreb", "Indian Ocean",
            "Ethiopian", "Kenyan", "Ghanaian", "Senegalese", "Malagasy", "Tanzanian",
        ],
        ["GH", "NG", "SN", "KE", "TZ", "UG", "ET", "ZA", "BW", "NA", "CM", "MG", "MA", "EG"],
    ),
    AM: (
        [
            "Andean", "Amazonian", "Caribbean", "Mesoamerican", "Patagonian", "Gran Chaco",
            "Cerrado", "Pantanal", "Atlantic Forest", "Great Plains", "Arctic", "Pacific Coast",
            "Guiana Shield", "Chilean", "Peruvian", "Mexican", "Colombian", "Brazilian",
            "Argentine", "Canadian", "Central American", "Rio de la Plata",
        ],
        ["BR", "AR", "CL", "PE", "CO", "EC", "BO", "MX", "CA", "US", "CR", "GT", "JM", "UY"],
    ),
    AP: (
        [
            "Mekong", "Himalayan", "Pacific Islands", "Bornean", "Sundaland", "Coral Triangle",
            "South Asian", "Southeast Asian", "Melanesian", "Gobi", "Yangtze", "Ganges",
            "Indus", "Western Ghats", "Japanese", "Korean", "Philippine", "Indonesian",
            "Australian", "New Zealand", "Arabian Peninsula", "Mongolian",
        ],
        ["IN", "CN", "JP", "KR", "ID", "MY", "PH", "TH", "VN", "NP", "BD", "AU", "NZ", "FJ"],
    ),
    EU: (
        [
            "Baltic", "Nordic", "Alpine", "Carpathian", "Balkan", "Danube", "Iberian",
            "Mediterranean", "Black Sea", "Caucasus", "Central Asian", "Caspian", "Atlantic",
            "Boreal", "Pannonian", "Irish", "Scottish", "Anatolian", "Polish", "French",
            "German", "Kazakh",
        ],
        ["DE", "FR", "ES", "IT", "PL", "SE", "FI", "RO", "GR", "TR", "GE", "KZ", "UZ", "GB"],
    ),
}
# Themes: words for a name, and the topics they imply.
THEMES = [
    ("Pollinator", ["pollination"]),
    ("Bee and Pollination", ["pollination"]),
    ("Invasive Species", ["invasive-alien-species"]),
    ("Biological Invasions", ["invasive-alien-species"]),
    ("Restoration", ["land-degradation-restoration"]),
    ("Drylands", ["land-degradation-restoration"]),
    ("Wild Species Use", ["sustainable-use-wild-species"]),
    ("Fisheries and Wild Harvest", ["sustainable-use-wild-species"]),
    ("Nature Values", ["values-of-nature"]),
    ("Nexus", ["nexus"]),
    ("Water, Food and Health", ["nexus"]),
    ("Nature Futures", ["scenarios-models"]),
    ("Biodiversity Modelling", ["scenarios-models", "knowledge-generation"]),
    ("Transformative Change", ["transformative-change"]),
    ("Business and Nature", ["business-biodiversity"]),
    ("Ecosystem Assessment", ["national-ecosystem-assessment", "ecosystem-assessment-guide"]),
    ("Biodiversity Data", ["data-management"]),
    ("Biodiversity Monitoring", ["data-management", "knowledge-generation"]),
    ("Biodiversity Research", ["knowledge-generation"]),
    ("Policy Tools", ["policy-support-tools"]),
    ("Science-Policy", ["science-policy-interface"]),
    ("Traditional Knowledge", ["indigenous-local-knowledge"]),
    ("Indigenous Knowledge", ["indigenous-local-knowledge", "values-of-nature"]),
    ("Biodiversity Communication", ["biodiversity-communication"]),
    ("Nature Education", ["biodiversity-communication"]),
    ("Wetlands", ["land-degradation-restoration", "nexus"]),
    ("Forest Biodiversity", ["sustainable-use-wild-species", "knowledge-generation"]),
    ("Marine Biodiversity", ["sustainable-use-wild-species", "data-management"]),
    ("Urban Nature", ["transformative-change", "values-of-nature"]),
    ("Agrobiodiversity", ["pollination", "nexus"]),
]
KINDS = [
    "Network", "Community of Practice", "Forum", "Platform", "Alliance", "Observatory",
    "Collective", "Working Group", "Partnership", "Initiative", "Consortium", "Hub",
]
# fmt: on
