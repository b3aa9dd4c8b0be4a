"""Fourteen case studies written from public facts, and one proposal waiting for review.

Figures are quoted with the year and the public source they come from; where a figure is a
legal or programme target rather than an outcome, its label says so.
"""

ILO = "International Labour Organization (ILO)"

CASES = [
    {
        "slug": "china-pension-coverage-expansion",
        "title": "China: extending basic pension insurance to rural and urban residents",
        "summary": (
            "In little more than a decade China brought its basic pension insurance from "
            "formal-sector employees to almost the whole adult population, by adding "
            "subsidised schemes for rural and urban residents and merging them in 2014."
        ),
        "countries": ["CN"],
        "year_start": 2009,
        "year_end": None,
        "themes": ["coverage-extension", "governance-administration", "actuarial-financing"],
        "types": ["social-insurance", "universal-categorical"],
        "risks": ["old-age"],
        "groups": ["informal-economy-workers", "seasonal-rural-workers", "older-persons"],
        "institutions": "Ministry of Human Resources and Social Security (MoHRSS)\n"
        "Local social-insurance agencies",
        "funders": "Central and local government budgets\nMember contributions",
        "context": (
            "<p>Until 2009 old-age pensions in China mainly covered urban employees of "
            "enterprises and the public sector. Hundreds of millions of rural residents, "
            "self-employed people and migrant workers had no pension entitlement.</p>"
        ),
        "challenge": (
            "<p>How to reach people without an employer or a regular wage, in a country of "
            "1.4 billion people, while keeping the schemes affordable for local "
            "governments and attractive for voluntary members.</p>"
        ),
        "approach": (
            "<p>A New Rural Social Pension Scheme was piloted from 2009 and an urban "
            "residents' scheme from 2011; both combine an individual account fed by "
            "member contributions and local subsidies with a basic pension paid from the "
            "government budget. In 2014 they were merged into one Urban and Rural "
            "Residents' Basic Pension Insurance.</p>"
        ),
        "results": (
            "<p>Coverage grew by tens of millions of people every year. The ISSA gave China "
            "its Award for Outstanding Achievement in Social Security in 2016 for this "
            "expansion.</p>"
        ),
        "lessons_learned": (
            "<p>A tax-financed basic pension made joining worthwhile for people with low "
            "incomes; subsidised contributions and simple enrolment through village and "
            "community offices mattered as much as the law. Benefit levels for residents "
            "remain low, which is the next reform agenda.</p>"
        ),
        "key_figures": [
            {
                "label": "Newly insured people per year, average over a decade",
                "value": 70,
                "unit": "million people",
                "year": 2019,
                "source": "ILO, ISSA and MoHRSS study on the digital transformation of "
                "social-security administration",
            },
            {
                "label": "People covered by basic pension insurance",
                "value": 1053,
                "unit": "million people",
                "year": 2022,
                "source": "MoHRSS, Statistical bulletin on human resources and social "
                "security 2022",
            },
        ],
        "sources": [
            {
                "title": "Universal pension coverage: People's Republic of China "
                "(Social Protection for All issue brief)",
                "publisher": ILO,
                "year": 2016,
                "url": "https://www.social-protection.org/",
            },
            {
                "title": "Statistical bulletin on human resources and social security 2022",
                "publisher": "MoHRSS",
                "year": 2023,
                "url": "https://www.mohrss.gov.cn/",
            },
        ],
    },
    {
        "slug": "china-digital-social-security-services",
        "title": "China: digital social-security services and the electronic social-security card",
        "summary": (
            "A national public-service platform and an electronic social-security card "
            "let insured people check records, transfer entitlements and claim benefits "
            "from a phone, including when they move between provinces."
        ),
        "countries": ["CN"],
        "year_start": 2018,
        "year_end": None,
        "themes": ["digital-transformation", "governance-administration"],
        "types": ["social-insurance", "health-protection"],
        "risks": ["old-age", "health-care", "unemployment"],
        "groups": ["migrant-workers", "informal-economy-workers"],
        "institutions": "Ministry of Human Resources and Social Security (MoHRSS)\n"
        "International Social Security Association (ISSA)\n"
        "United Nations University (UNU-EGOV)",
        "funders": "European Union (EU-China cooperation on employment, social affairs and "
        "inclusion)",
        "context": (
            "<p>China's social-security card had been issued to most of the population, "
            "but services still depended on the office of the place where a person was "
            "insured. Internal migrants, counted in the hundreds of millions, struggled to "
            "keep and transfer their rights.</p>"
        ),
        "challenge": (
            "<p>Give every insured person the same services online, across provinces, "
            "without leaving behind older people and those without a smartphone.</p>"
        ),
        "approach": (
            "<p>MoHRSS launched an electronic version of the social-security card in 2018 "
            "and a national social-insurance public-service platform in 2019, linking "
            "provincial systems through common data standards. Offline counters stayed "
            "open, and relatives may assist older people.</p>"
        ),
        "results": (
            "<p>By the end of 2022 the electronic card had several hundred million "
            "holders. The ILO, ISSA and MoHRSS documented the transformation in a joint "
            "study with UNU-EGOV.</p>"
        ),
        "lessons_learned": (
            "<p>National data standards came first; apps came second. Keeping offline "
            "channels and assisted digital services protected digital inclusion.</p>"
        ),
        "key_figures": [
            {
                "label": "Holders of a social-security card",
                "value": 1368,
                "unit": "million people",
                "year": 2022,
                "source": "MoHRSS, Statistical bulletin 2022",
            },
            {
                "label": "Holders of an electronic social-security card",
                "value": 715,
                "unit": "million people",
                "year": 2022,
                "source": "MoHRSS, Statistical bulletin 2022",
            },
        ],
        "sources": [
            {
                "title": "Digital transformation of social-security administration and "
                "services in China",
                "publisher": "ILO, ISSA, MoHRSS",
                "url": "https://www.issa.int/",
            },
        ],
    },
    {
        "slug": "lao-pdr-digital-social-security-administration",
        "title": "Lao PDR: digital transformation of the social-security administration",
        "summary": (
            "The Lao Social Security Organisation is modernising registration, "
            "contribution collection and benefit payment with ILO technical support, as "
            "part of a national strategy to extend coverage to the nine in ten people who "
            "have no income security."
        ),
        "countries": ["LA"],
        "year_start": 2021,
        "year_end": None,
        "themes": ["digital-transformation", "governance-administration", "coverage-extension"],
        "types": ["social-insurance", "health-protection"],
        "risks": ["old-age", "maternity", "sickness", "employment-injury"],
        "groups": ["informal-economy-workers", "self-employed"],
        "institutions": "Lao Social Security Organisation (LSSO)\nMinistry of Labour and "
        "Social Welfare\nILO\nUN DESA\nUN Resident Coordinator's Office",
        "funders": "People's Republic of China (through the ILO)",
        "context": (
            "<p>Lao PDR adopted its National Social Protection Strategy in 2020. The social "
            "security scheme covers public and private employees, while most workers are "
            "in agriculture and the informal economy.</p>"
        ),
        "challenge": (
            "<p>Paper files, manual contribution collection and weak links between "
            "databases slow down services and make voluntary membership for "
            "self-employed people hard to manage.</p>"
        ),
        "approach": (
            "<p>An ILO project funded by China supports the administration with a "
            "diagnosis of its information systems, a knowledge base of good practices, "
            "and hands-on training modules on the digital transformation of planning, "
            "implementation, monitoring and evaluation, partly taught through the ILO "
            "International Training Centre in Turin.</p>"
        ),
        "results": (
            "<p>Staff of the social-security administration have been trained, and a "
            "digital transformation road map guides investment. Peer exchange with China "
            "and Tajikistan is part of the design.</p>"
        ),
        "lessons_learned": (
            "<p>Digitalisation is an accelerator, not a substitute, for governance and "
            "financing reforms; training managers to steer it is as important as the "
            "software.</p>"
        ),
        "key_figures": [
            {
                "label": "Population without income security in old age, maternity, "
                "unemployment and other life-cycle risks",
                "value": 87.9,
                "unit": "%",
                "year": 2020,
                "source": "ILO project on social-security administration in Lao PDR and Tajikistan",
            },
            {
                "label": "Budget of the ILO project (Lao PDR and Tajikistan)",
                "value": 1282272,
                "unit": "USD",
                "year": 2022,
                "source": "ILO development cooperation dashboard",
            },
        ],
        "sources": [
            {
                "title": "Social protection in Lao PDR (country page)",
                "publisher": ILO,
                "url": "https://www.social-protection.org/",
            },
        ],
    },
    {
        "slug": "tajikistan-digital-pension-administration",
        "title": "Tajikistan: digitalising pension and social-insurance administration",
        "summary": (
            "Tajikistan's social-insurance administration is moving from paper to "
            "digital records and services, with ILO support, to pay pensions reliably and "
            "to reach labour migrants and informal workers."
        ),
        "countries": ["TJ"],
        "year_start": 2021,
        "year_end": None,
        "themes": ["digital-transformation", "governance-administration"],
        "types": ["social-insurance"],
        "risks": ["old-age", "disability", "survivors"],
        "groups": ["migrant-workers", "informal-economy-workers"],
        "institutions": "Agency of Social Insurance and Pensions\nMinistry of Labour, "
        "Migration and Employment of Population\nILO\nUN DESA",
        "funders": "People's Republic of China (through the ILO)",
        "context": (
            "<p>Many working-age Tajiks work abroad, mostly in the Russian Federation, and "
            "much domestic work is informal. Contribution records are fragmented, which "
            "weakens entitlements in old age.</p>"
        ),
        "challenge": (
            "<p>Build reliable individual records and digital services on a limited "
            "budget, and make contributing possible for people who are abroad or "
            "self-employed.</p>"
        ),
        "approach": (
            "<p>The same ILO project as in Lao PDR supports a diagnosis of the "
            "administration's processes and systems, management training on digital "
            "transformation, and exchanges with China's social-security "
            "administration.</p>"
        ),
        "results": (
            "<p>Managers have a shared picture of the systems and a sequence of reforms; "
            "the knowledge base of good practices feeds training at national level.</p>"
        ),
        "lessons_learned": (
            "<p>Start with the records: a clean register of insured persons and their "
            "contributions is what later online services depend on.</p>"
        ),
        "key_figures": [
            {
                "label": "Population without income security in old age, maternity, "
                "unemployment and other life-cycle risks",
                "value": 73.4,
                "unit": "%",
                "year": 2020,
                "source": "ILO project on social-security administration in Lao PDR and Tajikistan",
            },
        ],
        "sources": [
            {
                "title": "Social protection in Tajikistan (country page)",
                "publisher": ILO,
                "url": "https://www.social-protection.org/",
            },
        ],
    },
    {
        "slug": "openimis-open-source-insurance-management",
        "title": "openIMIS: open-source software to manage health insurance and social protection",
        "summary": (
            "Born as the insurance management system of Tanzania's community health funds, "
            "openIMIS is free software that several countries use to enrol members, "
            "collect premiums and process claims, maintained by an international "
            "initiative."
        ),
        "countries": ["TZ", "NP", "CM"],
        "year_start": 2012,
        "year_end": None,
        "themes": ["digital-transformation", "coverage-extension"],
        "types": ["health-protection", "social-insurance"],
        "risks": ["health-care", "sickness"],
        "groups": ["informal-economy-workers", "seasonal-rural-workers"],
        "institutions": "openIMIS Initiative\nGIZ\nSwiss Tropical and Public Health Institute\n"
        "Health Insurance Board, Nepal",
        "funders": "German Federal Ministry for Economic Cooperation and Development (BMZ)\n"
        "Swiss Agency for Development and Cooperation (SDC)",
        "context": (
            "<p>Schemes that insure rural and informal households need to register "
            "families, collect small premiums, check eligibility at health facilities and "
            "pay claims, often with weak connectivity.</p>"
        ),
        "challenge": (
            "<p>Proprietary systems were costly and locked countries in; each scheme "
            "rebuilt the same functions.</p>"
        ),
        "approach": (
            "<p>The insurance management information system first deployed in Tanzania in "
            "2012 was released as open-source software, openIMIS, in 2016. Modules cover "
            "enrolment, premium collection, claims and reporting, and an offline mobile "
            "application supports enrolment officers. The initiative is part of GIZ's "
            "Global Alliances for Social Protection.</p>"
        ),
        "results": (
            "<p>Nepal's national health insurance programme runs on openIMIS, as do "
            "schemes in Tanzania and Cameroon, among others; countries share improvements "
            "through the common code base.</p>"
        ),
        "lessons_learned": (
            "<p>Open source lowers the cost of entry, but countries still need a team that "
            "owns the deployment, and a community to share modules.</p>"
        ),
        "key_figures": [
            {
                "label": "Year the insurance management system was first deployed (Tanzania)",
                "value": 2012,
                "unit": "",
                "year": 2012,
                "source": "openIMIS Initiative",
            },
            {
                "label": "Districts of Nepal where the national health insurance "
                "programme operates",
                "value": 77,
                "unit": "districts",
                "year": 2022,
                "source": "Health Insurance Board, Nepal",
            },
        ],
        "sources": [
            {
                "title": "openIMIS",
                "publisher": "openIMIS Initiative",
                "url": "https://openimis.org/",
            },
        ],
    },
    {
        "slug": "rwanda-digital-backbone-social-protection",
        "title": "Rwanda: the digital backbone of social protection",
        "summary": (
            "Rwanda links community-based health insurance, its flagship public-works and "
            "cash-transfer programme and household socio-economic categories through "
            "shared data, and is building an integrated digital backbone with its "
            "partners."
        ),
        "countries": ["RW"],
        "year_start": 2008,
        "year_end": None,
        "themes": ["digital-transformation", "coverage-extension", "adaptive-social-protection"],
        "types": ["social-assistance", "health-protection", "employment-public-works"],
        "risks": ["health-care", "unemployment", "old-age"],
        "groups": [
            "informal-economy-workers",
            "seasonal-rural-workers",
            "persons-with-disabilities",
        ],
        "institutions": "Ministry of Local Government\nLocal Administrative Entities "
        "Development Agency (LODA)\nRwanda Social Security Board (RSSB)\nWorld Bank\nGIZ",
        "funders": "Government of Rwanda\nWorld Bank\nBMZ (GIZ Global Alliances for Social "
        "Protection)",
        "context": (
            "<p>Rwanda's Vision 2020 Umurenge Programme (VUP), launched in 2008, combines "
            "public works, direct support and financial services for poor households. "
            "Community-based health insurance (Mutuelles de santé) covers most of the "
            "population, with premiums set by household category.</p>"
        ),
        "challenge": (
            "<p>Programmes kept their own lists; household categories were updated rarely "
            "and by hand, so support could not follow changes in people's lives.</p>"
        ),
        "approach": (
            "<p>The government is developing a dynamic social registry and shared data "
            "exchange between programmes, with the World Bank and GIZ, while RSSB "
            "manages community-based health insurance since 2015 with digital "
            "enrolment and payment of premiums.</p>"
        ),
        "results": (
            "<p>Eligibility for VUP and for subsidised health-insurance premiums draws on "
            "one household classification, and premiums can be paid by mobile money.</p>"
        ),
        "lessons_learned": (
            "<p>A registry is only as good as its updates: local administration and "
            "community validation remain central even with digital tools.</p>"
        ),
        "key_figures": [
            {
                "label": "Annual community-based health insurance premium, poorest categories",
                "value": 2000,
                "unit": "RWF per person",
                "year": 2011,
                "source": "Ministry of Health, Rwanda, CBHI policy",
            },
            {
                "label": "Year the Vision 2020 Umurenge Programme started",
                "value": 2008,
                "unit": "",
                "year": 2008,
                "source": "LODA",
            },
        ],
        "sources": [
            {
                "title": "Community-based health insurance",
                "publisher": "RSSB",
                "url": "https://www.rssb.rw/",
            },
        ],
    },
    {
        "slug": "uzbekistan-single-registry-social-protection",
        "title": "Uzbekistan: a single registry of social protection",
        "summary": (
            "Uzbekistan replaced paper applications at neighbourhood committees with a "
            "single electronic registry that checks income data across government "
            "databases, and later created a national agency for social protection."
        ),
        "countries": ["UZ"],
        "year_start": 2019,
        "year_end": None,
        "themes": ["digital-transformation", "governance-administration"],
        "types": ["social-assistance"],
        "risks": ["children-family", "disability"],
        "groups": ["women", "persons-with-disabilities"],
        "institutions": "Ministry of Economy and Finance\nNational Agency for Social "
        "Protection\nUNICEF\nWorld Bank\nGIZ",
        "funders": "Government of Uzbekistan\nWorld Bank\nBMZ (GIZ Global Alliances for "
        "Social Protection)",
        "context": (
            "<p>Low-income family allowances used to be decided by local mahalla "
            "committees from paper files, with little way to check incomes or to appeal.</p>"
        ),
        "challenge": (
            "<p>Make eligibility rules transparent and applications easy, while cutting "
            "errors of inclusion and exclusion.</p>"
        ),
        "approach": (
            "<p>The single registry of social protection was piloted from 2019 and rolled "
            "out to every region. People apply online or at public-service centres; the "
            "registry checks data from tax, pension, property and civil registration "
            "systems. In 2023 a National Agency for Social Protection under the President "
            "took over social-protection policy and delivery.</p>"
        ),
        "results": (
            "<p>The number of families receiving allowances rose sharply after the "
            "registry was introduced, and decisions became traceable.</p>"
        ),
        "lessons_learned": (
            "<p>Interoperability with existing government databases made automatic "
            "checks possible; clear grievance channels are needed when an algorithm says "
            "no.</p>"
        ),
        "key_figures": [
            {
                "label": "Regional units covered by the single registry (12 regions, "
                "Karakalpakstan and Tashkent city)",
                "value": 14,
                "unit": "regional units",
                "year": 2021,
                "source": "Ministry of Economy and Finance, Uzbekistan",
            },
            {
                "label": "Year the National Agency for Social Protection was created",
                "value": 2023,
                "unit": "",
                "year": 2023,
                "source": "Decree of the President of the Republic of Uzbekistan",
            },
        ],
        "sources": [
            {
                "title": "Social protection in Uzbekistan",
                "publisher": "UNICEF Uzbekistan",
            },
        ],
    },
    {
        "slug": "morocco-social-protection-information-system",
        "title": "Morocco: a unified social registry and the generalisation of social protection",
        "summary": (
            "Morocco built a national population register and a unified social registry "
            "to target support, as the backbone of a 2021 framework law that extends "
            "health insurance, family allowances and pensions to the whole population."
        ),
        "countries": ["MA"],
        "year_start": 2020,
        "year_end": None,
        "themes": ["digital-transformation", "legal-framework", "coverage-extension"],
        "types": ["social-assistance", "health-protection", "social-insurance"],
        "risks": ["children-family", "health-care", "old-age", "unemployment"],
        "groups": ["informal-economy-workers", "self-employed", "women"],
        "institutions": "Ministry of the Interior (National Registries Agency)\nMinistry of "
        "Economy and Finance\nNational Social Security Fund (CNSS)\nBELINCOSOC\nSOCIEUX+",
        "funders": "Government of Morocco\nEuropean Union\nBelgian development cooperation",
        "context": (
            "<p>Social assistance in Morocco was spread over many programmes with their own "
            "targeting, and most self-employed and informal workers had no health "
            "insurance or pension.</p>"
        ),
        "challenge": (
            "<p>Target support fairly and extend contributory schemes to millions of "
            "people at once, within a short legal timetable.</p>"
        ),
        "approach": (
            "<p>Law 72-18 of 2020 created the National Population Register, the Unified "
            "Social Registry and a National Registries Agency. Framework Law 09-21 of 2021 "
            "set the generalisation of social protection. Peer-to-peer experts from "
            "European administrations supported a statistical and policy-information "
            "system for social protection.</p>"
        ),
        "results": (
            "<p>Compulsory health insurance was extended to people previously covered by "
            "the free-care scheme and to self-employed workers, and direct social "
            "support payments to families started at the end of 2023, targeted through "
            "the registry.</p>"
        ),
        "lessons_learned": (
            "<p>A legal framework with dated targets created momentum; one registry for all "
            "programmes avoided a new list for each reform.</p>"
        ),
        "key_figures": [
            {
                "label": "Additional people to be covered by compulsory health insurance (target)",
                "value": 22,
                "unit": "million people",
                "year": 2021,
                "source": "Framework Law 09-21 on social protection",
            },
            {
                "label": "School-age children to receive family allowances (target)",
                "value": 7,
                "unit": "million children",
                "year": 2021,
                "source": "Framework Law 09-21 on social protection",
            },
            {
                "label": "Additional working people to join a pension scheme (target)",
                "value": 5,
                "unit": "million people",
                "year": 2021,
                "source": "Framework Law 09-21 on social protection",
            },
        ],
        "sources": [
            {
                "title": "Framework Law 09-21 on social protection",
                "publisher": "Kingdom of Morocco",
                "year": 2021,
            },
            {
                "title": "Law 72-18 on the targeting system of social-support programmes",
                "publisher": "Kingdom of Morocco",
                "year": 2020,
            },
        ],
    },
    {
        "slug": "lesotho-universal-old-age-pension",
        "title": "Lesotho: a universal non-contributory old-age pension",
        "summary": (
            "Since 2004 every citizen of Lesotho aged 70 or over receives a monthly "
            "pension financed from the government budget, without a means test."
        ),
        "countries": ["LS"],
        "year_start": 2004,
        "year_end": None,
        "themes": ["coverage-extension", "actuarial-financing"],
        "types": ["universal-categorical"],
        "risks": ["old-age"],
        "groups": ["older-persons", "seasonal-rural-workers"],
        "institutions": "Ministry of Finance, Lesotho\nPost offices and pay points",
        "funders": "Government of Lesotho (general revenue)",
        "context": (
            "<p>High HIV prevalence left many older people caring for grandchildren, "
            "while few had ever belonged to a contributory scheme.</p>"
        ),
        "challenge": (
            "<p>Provide income security to older people in a low-income country with "
            "limited administrative capacity.</p>"
        ),
        "approach": (
            "<p>A universal pension by age alone: no means test, no contribution record, "
            "paid monthly through post offices and pay points.</p>"
        ),
        "results": (
            "<p>The pension reached almost all people aged 70 and over and is widely "
            "shared within households, benefiting children too.</p>"
        ),
        "lessons_learned": (
            "<p>Simple eligibility makes a pension affordable to administer and hard to "
            "capture; regular indexation is needed to keep its value.</p>"
        ),
        "key_figures": [
            {
                "label": "Age of eligibility",
                "value": 70,
                "unit": "years",
                "year": 2004,
                "source": "Old Age Pensions Act 2005, Lesotho",
            },
            {
                "label": "Monthly pension at introduction",
                "value": 150,
                "unit": "maloti",
                "year": 2004,
                "source": "ILO, Social Protection for All issue brief on Lesotho",
            },
        ],
        "sources": [
            {
                "title": "Universal old-age pensions: Lesotho (Social Protection for All brief)",
                "publisher": ILO,
                "year": 2016,
                "url": "https://www.social-protection.org/",
            },
        ],
    },
    {
        "slug": "bolivia-renta-dignidad",
        "title": "Bolivia: Renta Dignidad, a universal pension from hydrocarbon revenues",
        "summary": (
            "Renta Dignidad pays a non-contributory pension to every Bolivian aged 60 or "
            "over, financed by a share of the direct tax on hydrocarbons and dividends of "
            "public enterprises."
        ),
        "countries": ["BO"],
        "year_start": 2008,
        "year_end": None,
        "themes": ["coverage-extension", "actuarial-financing", "legal-framework"],
        "types": ["universal-categorical"],
        "risks": ["old-age"],
        "groups": ["older-persons", "informal-economy-workers", "women"],
        "institutions": "Autoridad de Fiscalización y Control de Pensiones y Seguros\n"
        "Ministry of Economy and Public Finance",
        "funders": "Direct tax on hydrocarbons (IDH)\nDividends of capitalised public enterprises",
        "context": (
            "<p>Most older Bolivians worked in the informal economy or agriculture and "
            "had no contributory pension. An earlier annual bonus (Bonosol) reached people "
            "aged 65 and over.</p>"
        ),
        "challenge": (
            "<p>Extend a regular pension to all older people with a sustainable source of "
            "finance.</p>"
        ),
        "approach": (
            "<p>Law 3791 of 2007 created Renta Dignidad from 2008: a lower age of 60, "
            "monthly payment, and a smaller amount for people who already receive a "
            "contributory pension.</p>"
        ),
        "results": (
            "<p>Pension coverage of older people became near-universal, one of the "
            "highest rates in Latin America.</p>"
        ),
        "lessons_learned": (
            "<p>Earmarked revenues secured finance but tie the pension to commodity "
            "prices; clear legal entitlement protected it across governments.</p>"
        ),
        "key_figures": [
            {
                "label": "Age of eligibility",
                "value": 60,
                "unit": "years",
                "year": 2008,
                "source": "Law 3791, Bolivia",
            },
            {
                "label": "Annual benefit for people without a contributory pension",
                "value": 2400,
                "unit": "bolivianos",
                "year": 2008,
                "source": "Law 3791, Bolivia",
            },
        ],
        "sources": [
            {
                "title": "Universal pension coverage: Bolivia (Social Protection for All brief)",
                "publisher": ILO,
                "year": 2016,
                "url": "https://www.social-protection.org/",
            },
        ],
    },
    {
        "slug": "kenya-inua-jamii-senior-citizens",
        "title": "Kenya: Inua Jamii, a universal pension for people aged 70 and over",
        "summary": (
            "Kenya turned a poverty-targeted cash transfer for older persons into a "
            "universal pension for everyone aged 70 and over, paid electronically into "
            "bank accounts."
        ),
        "countries": ["KE"],
        "year_start": 2018,
        "year_end": None,
        "themes": ["coverage-extension", "digital-transformation"],
        "types": ["universal-categorical", "social-assistance"],
        "risks": ["old-age"],
        "groups": ["older-persons"],
        "institutions": "State Department for Social Protection and Senior Citizen Affairs\n"
        "National Social Protection Secretariat",
        "funders": "Government of Kenya\nWorld Bank (Kenya Social and Economic Inclusion Project)",
        "context": (
            "<p>Kenya's older persons cash transfer reached only part of poor older people, "
            "selected through community targeting.</p>"
        ),
        "challenge": ("<p>Reduce exclusion errors and make payments reliable and accessible.</p>"),
        "approach": (
            "<p>From 2018 the senior citizens' scheme under Inua Jamii became universal "
            "from age 70. Beneficiaries are enrolled with their national identity number "
            "and choose a payment-service bank.</p>"
        ),
        "results": (
            "<p>Coverage of people over 70 rose sharply and payments moved to a "
            "regular, electronic schedule.</p>"
        ),
        "lessons_learned": (
            "<p>Universal eligibility is easy to explain and verify with a national ID; "
            "choice of payment provider improved access.</p>"
        ),
        "key_figures": [
            {
                "label": "Age of eligibility",
                "value": 70,
                "unit": "years",
                "year": 2018,
                "source": "Inua Jamii programme, Kenya",
            },
            {
                "label": "Monthly transfer",
                "value": 2000,
                "unit": "Kenyan shillings",
                "year": 2018,
                "source": "Inua Jamii programme, Kenya",
            },
        ],
        "sources": [
            {
                "title": "Inua Jamii programme",
                "publisher": "Government of Kenya, National Social Protection Secretariat",
            },
        ],
    },
    {
        "slug": "brazil-cadastro-unico",
        "title": "Brazil: Cadastro Único, one social registry for many programmes",
        "summary": (
            "Brazil's single registry of low-income families, created in 2001, is the "
            "gateway to Bolsa Família and many other federal programmes, and let the "
            "country scale up support quickly in crises."
        ),
        "countries": ["BR"],
        "year_start": 2001,
        "year_end": None,
        "themes": [
            "digital-transformation",
            "adaptive-social-protection",
            "governance-administration",
        ],
        "types": ["social-assistance"],
        "risks": ["children-family"],
        "groups": ["informal-economy-workers", "women"],
        "institutions": "Ministry of Development and Social Assistance, Family and Fight "
        "against Hunger\nCaixa Econômica Federal\nMunicipal social-assistance centres",
        "funders": "Federal Government of Brazil",
        "context": (
            "<p>Before 2001 each federal programme kept its own beneficiary list, with "
            "duplication and gaps.</p>"
        ),
        "challenge": (
            "<p>Know who the low-income families are, across more than 5,500 "
            "municipalities, and keep that knowledge current.</p>"
        ),
        "approach": (
            "<p>Municipalities interview families and enter them in one national registry "
            "run by a federal bank; programmes select their beneficiaries from it. Bolsa "
            "Família, created in 2003, pays conditional transfers to families in the "
            "registry.</p>"
        ),
        "results": (
            "<p>The registry became the entry point for dozens of programmes; Bolsa "
            "Família reached around 14 million families in the 2010s.</p>"
        ),
        "lessons_learned": (
            "<p>Municipal ownership kept the registry close to families; a registry used "
            "by many programmes is worth the cost of regular updates.</p>"
        ),
        "key_figures": [
            {
                "label": "Families receiving Bolsa Família",
                "value": 14,
                "unit": "million families",
                "year": 2014,
                "source": "Ministry of Social Development, Brazil",
            },
            {
                "label": "Year the single registry was created",
                "value": 2001,
                "unit": "",
                "year": 2001,
                "source": "Decree 3,877 of 2001, Brazil",
            },
        ],
        "sources": [
            {"title": "Bolsa Família and Cadastro Único", "publisher": "World Bank"},
        ],
    },
    {
        "slug": "philippines-pantawid-pamilya",
        "title": "Philippines: Pantawid Pamilyang Pilipino Program, from project to law",
        "summary": (
            "The Philippines' conditional cash transfer for poor households with children, "
            "targeted through a national household registry, was made permanent by law "
            "in 2019."
        ),
        "countries": ["PH"],
        "year_start": 2008,
        "year_end": None,
        "themes": ["legal-framework", "coverage-extension"],
        "types": ["social-assistance"],
        "risks": ["children-family", "maternity", "health-care"],
        "groups": ["women", "seasonal-rural-workers"],
        "institutions": "Department of Social Welfare and Development (DSWD)\nListahanan "
        "(National Household Targeting System)",
        "funders": "Government of the Philippines\nWorld Bank\nAsian Development Bank",
        "context": (
            "<p>Started in 2008, the programme pays grants for health and education to poor "
            "households that keep children in school and attend health check-ups.</p>"
        ),
        "challenge": (
            "<p>Protect a large programme from budget cuts and political change, and "
            "target it consistently.</p>"
        ),
        "approach": (
            "<p>Households are identified by a proxy means test in the national household "
            "targeting system. Republic Act 11310 of 2019 institutionalised the programme "
            "and its budget.</p>"
        ),
        "results": (
            "<p>The programme became one of the largest conditional cash transfers in "
            "Asia, with a legal ceiling of about 4.4 million households.</p>"
        ),
        "lessons_learned": (
            "<p>Turning a project into law secures continuity; targeting data must be "
            "refreshed or exclusion errors grow.</p>"
        ),
        "key_figures": [
            {
                "label": "Households covered (programme ceiling)",
                "value": 4.4,
                "unit": "million households",
                "year": 2019,
                "source": "DSWD",
            },
        ],
        "sources": [
            {
                "title": "Republic Act 11310 (Pantawid Pamilyang Pilipino Program Act)",
                "publisher": "Congress of the Philippines",
                "year": 2019,
            },
        ],
    },
    {
        "slug": "cambodia-idpoor-covid-cash-transfers",
        "title": "Cambodia: IDPoor and the COVID-19 cash transfer programme",
        "summary": (
            "Cambodia's identification of poor households, digitised and open on demand, "
            "let the government start a national cash transfer within weeks of the "
            "COVID-19 crisis."
        ),
        "countries": ["KH"],
        "year_start": 2006,
        "year_end": None,
        "themes": ["adaptive-social-protection", "digital-transformation"],
        "types": ["social-assistance", "health-protection"],
        "risks": ["children-family", "disability", "old-age", "health-care"],
        "groups": ["informal-economy-workers", "persons-with-disabilities", "older-persons"],
        "institutions": "Ministry of Planning\nMinistry of Social Affairs, Veterans and Youth "
        "Rehabilitation\nNational Social Protection Council",
        "funders": "Government of Cambodia\nGIZ\nAustralian and German development cooperation",
        "context": (
            "<p>IDPoor has identified poor households since 2006 through community "
            "procedures; holders of an equity card receive free health care through Health "
            "Equity Funds.</p>"
        ),
        "challenge": (
            "<p>When COVID-19 hit garment, tourism and informal incomes in 2020, support "
            "had to reach poor households fast.</p>"
        ),
        "approach": (
            "<p>An on-demand IDPoor procedure let households apply at any time rather than "
            "wait for the periodic round. The cash transfer programme launched in June "
            "2020 paid IDPoor households monthly, with top-ups for children, older people "
            "and persons with disabilities.</p>"
        ),
        "results": (
            "<p>The transfer reached several hundred thousand households within months, "
            "paid through a banking partner.</p>"
        ),
        "lessons_learned": (
            "<p>A registry that existed before the crisis, with an on-demand door, is what "
            "made a rapid shock response possible.</p>"
        ),
        "key_figures": [
            {
                "label": "Year IDPoor identification started",
                "value": 2006,
                "unit": "",
                "year": 2006,
                "source": "Ministry of Planning, Cambodia",
            },
        ],
        "sources": [
            {
                "title": "Identification of Poor Households Programme (IDPoor)",
                "publisher": "Ministry of Planning, Cambodia",
            },
        ],
    },
]

# A proposal waiting for a reviewer, to show the workflow in the demo.
PENDING = {
    "slug": "thailand-universal-coverage-scheme",
    "title": "Thailand: the Universal Coverage Scheme for health",
    "summary": (
        "Since 2002 Thailand's tax-financed Universal Coverage Scheme gives everyone not "
        "covered by civil-servant or social-security schemes access to health care."
    ),
    "countries": ["TH"],
    "year_start": 2002,
    "year_end": None,
    "themes": ["coverage-extension", "actuarial-financing"],
    "types": ["health-protection", "universal-categorical"],
    "risks": ["health-care", "sickness"],
    "groups": ["informal-economy-workers", "self-employed"],
    "institutions": "National Health Security Office (NHSO)",
    "funders": "Government of Thailand (general revenue)",
    "context": "<p>Before 2002 about a third of Thais had no health insurance.</p>",
    "approach": (
        "<p>A capitation budget per person, primary care as the entry point, and "
        "strategic purchasing by an independent office.</p>"
    ),
    "key_figures": [],
    "sources": [],
}
