"""Demo courses: the three course families, written from public facts for real teaching.

`load(*, stdout)` is idempotent: every page is looked up by its slug under its parent and
created (and published) only when missing; existing pages are never changed. The content
is plain data below (`TOPICS`, `INDEX`, `COURSES`); the builder at the end is short.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from wagtail import hooks

from casestudies.models import CaseStudyPage
from learning.demo import home_page_ensure

from .models import CourseIndexPage, CoursePage, LessonPage, ModulePage, Topic
from .services import step_complete


# Small constructors for the blocks of `courses.blocks.LESSON_BODY_BLOCKS`.
def h(text):
    return ("heading", text)


def p(html):
    return ("paragraph", f"<p>{html}</p>")


def ul(*items):
    return ("paragraph", "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def takeaway(html, title="Key takeaway"):
    return ("key_takeaway", {"title": title, "text": f"<p>{html}</p>"})


def term(word, definition):
    return ("glossary_term", {"term": word, "definition": definition})


def reflect(prompt):
    return ("reflection", {"prompt": prompt})


TOPICS = [
    {
        "slug": "governance",
        "name": "Governance of social security",
        "description": (
            "Institutions, administration, legal frameworks and "
            "international labour standards, and the extension of coverage "
            "to the informal economy."
        ),
        "sort_order": 10,
    },
    {
        "slug": "actuarial-planning-and-financing",
        "name": "Actuarial planning and financing",
        "description": (
            "Demographic and financial projections, contribution rates, "
            "reserves, adequacy, social budgets and fiscal space."
        ),
        "sort_order": 20,
    },
    {
        "slug": "digital-transformation",
        "name": "Digital transformation",
        "description": (
            "Registries, identity, payments and interoperability, digital "
            "inclusion, data protection, monitoring and change management."
        ),
        "sort_order": 30,
    },
]

INDEX = {
    "title": "Courses",
    "slug": "courses",
    "intro": (
        "<p>Short courses for the people who design, finance and run "
        "social-protection systems: the <b>governance</b> of social "
        "security, <b>actuarial planning and financing</b>, and the "
        "<b>digital transformation</b> of social protection. Learn at "
        "your own pace or with a cohort, and earn a certificate anyone "
        "can verify.</p>"
    ),
}

GOVERNANCE = {
    "title": "Governance of social security",
    "slug": "governance-of-social-security",
    "topic": "governance",
    "level": "introductory",
    "format": "cohort",
    "estimated_hours": Decimal("6"),
    "language": "en",
    "summary": (
        "How social-security systems are set up, governed and held to "
        "account: the international standards that frame them, the "
        "institutions that run them, and the choices that extend "
        "coverage to workers in the informal economy. Run with a cohort, "
        "with reflection prompts to discuss in the live sessions."
    ),
    "learning_outcomes": (
        "<ul><li>Explain the coverage gap and the three recurring "
        "obstacles to closing it: weak governance, policies that are not "
        "integrated, and insufficient or unsustainable "
        "financing.</li><li>Describe the minimum standards of ILO "
        "Convention No. 102 and the four basic guarantees of "
        "Recommendation No. 202.</li><li>Map the roles of the ministry, "
        "the social-security institution, its board and the supervisory "
        "bodies in your own country.</li><li>Apply the principles of "
        "good governance to a social-security "
        "institution.</li><li>Propose measures to extend coverage to "
        "self-employed, seasonal, migrant and informal-economy "
        "workers.</li></ul>"
    ),
    "modules": [
        {
            "title": "Social protection as a right: the coverage gap and international standards",
            "slug": "rights-and-standards",
            "summary": (
                "Who is left out and why, and the international labour standards "
                "that set the benchmark for reform."
            ),
            "lessons": [
                {
                    "title": "The coverage gap and why it persists",
                    "slug": "the-coverage-gap",
                    "estimated_minutes": 12,
                    "body": [
                        h("Who is left out"),
                        p(
                            "Social protection is the set of policies and programmes that "
                            "protect people against the risks they meet over the life cycle: "
                            "having children, falling ill, giving birth, losing a job, being "
                            "injured at work, living with a disability, growing old and "
                            "losing a breadwinner. Most countries have schemes for some of "
                            "these risks, yet more than half of the world's population still "
                            "has little or no access to social protection."
                        ),
                        p(
                            "The gaps are largest where informal work dominates. In Lao PDR "
                            "87.9 % of the population, and in Tajikistan 73.4 %, have no "
                            "income security in old age, maternity, unemployment and other "
                            "life-cycle risks. Behind these figures are farmers, market "
                            "traders, domestic workers and construction labourers, who face "
                            "each of these risks with their own savings or with help from "
                            "relatives."
                        ),
                        h("Three recurring obstacles"),
                        p("When the ILO reviews why coverage stalls, three obstacles recur:"),
                        ul(
                            "<b>Weak governance</b>: unclear mandates, institutions that "
                            "cannot reliably register people, collect contributions or pay "
                            "benefits, and little accountability to the people they serve.",
                            "<b>Policy responses that are not integrated</b>: schemes "
                            "designed one by one, by different ministries, with separate "
                            "rules, registers and offices, so that people fall between them.",
                            "<b>Insufficient or unsustainable financing</b>: benefits "
                            "promised without the contributions or tax revenue to pay them, "
                            "or contribution rates set without actuarial analysis.",
                        ),
                        p(
                            "These obstacles reinforce one another. People who do not trust "
                            "an institution avoid contributing to it; without contributions "
                            "it cannot pay adequate benefits; without adequate benefits "
                            "trust does not grow. Good governance is where that circle can "
                            "be broken, which is why this course starts with it."
                        ),
                        p(
                            "Digitalising social-security administration is increasingly "
                            "seen as an accelerator: online registration, mobile payment of "
                            "contributions and data exchange with tax and civil registries "
                            "can let a country leapfrog some bottlenecks. But digital tools "
                            "amplify the institution that uses them; they do not replace "
                            "clear rules, sound financing and accountable management."
                        ),
                        takeaway(
                            "Coverage gaps are rarely only a money problem. Governance, "
                            "policy coherence and financing must be addressed together: a "
                            "weakness in any one of them undermines the other two."
                        ),
                        term(
                            "Social protection floor",
                            "A nationally defined set of basic social-security guarantees "
                            "that secure, at a minimum, access to essential health care and "
                            "basic income security over the whole life cycle. The term comes "
                            "from ILO Recommendation No. 202 (2012); Socle, French for "
                            "floor, takes its name from it.",
                        ),
                        reflect(
                            "Which groups in your country have the least protection, and "
                            "which of the three obstacles (governance, policy coherence, "
                            "financing) best explains their exclusion?"
                        ),
                    ],
                },
                {
                    "title": (
                        "International labour standards: Convention No. 102 and "
                        "Recommendation No. 202"
                    ),
                    "slug": "convention-102-and-recommendation-202",
                    "estimated_minutes": 15,
                    "body": [
                        h("Convention No. 102: the minimum standards"),
                        p(
                            "The Social Security (Minimum Standards) Convention, 1952 (No. "
                            "102) is the ILO's flagship social-security standard. It defines "
                            "nine branches: medical care, sickness benefit, unemployment "
                            "benefit, old-age benefit, employment injury benefit, family "
                            "benefit, maternity benefit, invalidity benefit and survivors' "
                            "benefit. A country that ratifies it must accept at least three "
                            "branches, including at least one of unemployment, old-age, "
                            "employment injury, invalidity or survivors' benefit, and may "
                            "accept more later."
                        ),
                        p(
                            "For each branch the Convention sets minimum levels: which share "
                            "of the population must be protected, what qualifying period may "
                            "be required, how long benefits last and how high they must be. "
                            "For an old-age pension, for example, the minimum for the "
                            "reference beneficiary it defines is 40 % of reference earnings "
                            "after 30 years of contribution or employment. The Convention "
                            "does not prescribe a model: benefits may come from social "
                            "insurance, universal schemes, means-tested assistance or a mix."
                        ),
                        h("Principles of governance and financing"),
                        p(
                            "Convention No. 102 also sets principles that read as a "
                            "governance charter:"
                        ),
                        ul(
                            "The State keeps general responsibility for the due provision of "
                            "benefits and for the proper administration of the institutions "
                            "and services concerned.",
                            "Benefits are financed collectively, by contributions or "
                            "taxation, in a way that avoids hardship to persons of small "
                            "means; the contributions borne by protected employees may not "
                            "exceed 50 % of the total financing of their protection.",
                            "Actuarial studies of financial equilibrium are made "
                            "periodically and, in any event, before any change in benefits, "
                            "contribution rates or the taxes allocated to the scheme.",
                            "Claimants have a right of appeal when a benefit is refused or "
                            "its quality or quantity is disputed.",
                            "Where administration is not entrusted to a government "
                            "department responsible to a legislature or to a publicly "
                            "regulated institution, representatives of the protected persons "
                            "take part in its management or are consulted on it.",
                        ),
                        h("Recommendation No. 202: a floor for everyone"),
                        p(
                            "The Social Protection Floors Recommendation, 2012 (No. 202) "
                            "asks every country to guarantee, as a priority, four basic "
                            "social-security guarantees defined at national level: access to "
                            "essential health care, including maternity care; basic income "
                            "security for children; basic income security for persons of "
                            "working age who cannot earn enough, in particular in case of "
                            "sickness, unemployment, maternity and disability; and basic "
                            "income security for older persons."
                        ),
                        p(
                            "The Recommendation describes a two-dimensional strategy: a "
                            "horizontal dimension that extends the floor to everyone, and a "
                            "vertical dimension that progressively ensures higher levels of "
                            "protection, guided by Convention No. 102 and the ILO's more "
                            "advanced standards. Its principles include universality of "
                            "protection, entitlement to benefits prescribed by national law, "
                            "non-discrimination and gender equality, progressive "
                            "realisation, solidarity in financing, sound financial "
                            "management, and accessible complaint and appeal procedures."
                        ),
                        takeaway(
                            "Convention No. 102 sets measurable minimum levels and "
                            "governance principles; Recommendation No. 202 asks for a floor "
                            "for everyone first, then progressively higher protection. "
                            "Together they give reforms a benchmark that parliaments, "
                            "funders and the ILO's supervisory bodies recognise."
                        ),
                        term(
                            "Ratification",
                            "The formal act by which a State accepts the obligations of a "
                            "Convention. A State that has ratified Convention No. 102 "
                            "reports regularly to the ILO's supervisory bodies on how its "
                            "law and practice meet the standard for each branch it has "
                            "accepted. Recommendations are not ratified: they guide policy "
                            "without creating binding obligations.",
                        ),
                        reflect(
                            "Has your country ratified Convention No. 102? If so, which "
                            "branches did it accept? If not, which branch comes closest to "
                            "meeting the minimum standards today?"
                        ),
                    ],
                },
            ],
        },
        {
            "title": "Institutions, administration and good governance",
            "slug": "institutions-and-administration",
            "summary": (
                "Who makes the rules, who runs the scheme, who checks it, and "
                "the principles and practices of a well-governed institution."
            ),
            "lessons": [
                {
                    "title": "Who does what: the institutional set-up",
                    "slug": "institutional-set-up",
                    "estimated_minutes": 14,
                    "body": [
                        h("Four functions to keep apart"),
                        p(
                            "A social-security system involves distinct functions, and good "
                            "governance starts with knowing who is responsible for each:"
                        ),
                        ul(
                            "<b>Policy and legislation</b>: usually a ministry of labour or "
                            "of social protection prepares laws and policy, with the "
                            "ministry of finance involved in anything that affects the "
                            "budget.",
                            "<b>Administration</b>: one or more institutions, such as a "
                            "social-security fund, a pension agency or a health-insurance "
                            "agency, register people, collect contributions, decide claims "
                            "and pay benefits.",
                            "<b>Supervision</b>: a ministry, an independent regulator or an "
                            "audit body checks that the institution applies the law and "
                            "manages its finances soundly.",
                            "<b>Adjudication</b>: appeal bodies and courts settle disputes "
                            "between the institution and insured persons or employers.",
                        ),
                        p(
                            "When one body holds several of these roles, conflicts of "
                            "interest follow: an institution that writes its own rules and "
                            "checks its own accounts has little reason to improve. When the "
                            "roles are spread over many bodies without coordination, people "
                            "fall through the gaps and data are collected twice. The aim is "
                            "a clear, written allocation of mandates, usually in the "
                            "social-security law and the statutes of each institution."
                        ),
                        h("Boards and social dialogue"),
                        p(
                            "Many contributory social-security institutions are governed by "
                            "a board on which representatives of government, employers and "
                            "workers sit: a tripartite board. The board sets the strategy, "
                            "approves the budget and the investment policy, appoints or "
                            "oversees senior management, and receives the audit and "
                            "actuarial reports. Its legitimacy comes from representing those "
                            "who finance the scheme and benefit from it; its effectiveness "
                            "depends on members who have the time and the skills to read a "
                            "financial statement or an actuarial valuation."
                        ),
                        p(
                            "Management runs daily operations within the mandate set by law "
                            "and by the board. A useful test of any set-up is to follow one "
                            "benefit, an old-age pension for instance, from the law that "
                            "defines it to the payment that reaches the pensioner, asking at "
                            "each step: who decides, who acts, who checks, and where can the "
                            "pensioner complain?"
                        ),
                        takeaway(
                            "Separate making the rules, running the scheme, supervising it "
                            "and settling disputes. Write the mandates down, give board "
                            "members the skills their role requires, and make sure every "
                            "step of delivery has someone accountable for it."
                        ),
                        reflect(
                            "Follow one benefit in your country from the law to the payment. "
                            "At which step is responsibility least clear, and what would "
                            "make it clearer?"
                        ),
                    ],
                },
                {
                    "title": "Principles of good governance in a social-security institution",
                    "slug": "good-governance-principles",
                    "estimated_minutes": 15,
                    "body": [
                        h("Five principles"),
                        p(
                            "The International Social Security Association (ISSA), founded "
                            "in 1927 and hosted by the ILO in Geneva, brings together "
                            "social-security institutions from around the world and "
                            "publishes guidelines for their administration, on topics from "
                            "service quality and contribution collection to actuarial work "
                            "and investment. Its guidelines on good governance build on five "
                            "principles:"
                        ),
                        ul(
                            "<b>Accountability</b>: every decision has an owner who answers "
                            "for it, to the board, the supervisor and ultimately the public.",
                            "<b>Transparency</b>: rules, decisions, financial statements and "
                            "actuarial reports are published and understandable.",
                            "<b>Predictability</b>: rules are applied consistently, so that "
                            "employers and insured persons know in advance what they owe and "
                            "what they will receive.",
                            "<b>Participation</b>: the people covered and their "
                            "representatives have a voice in how the scheme is run.",
                            "<b>Dynamism</b>: the institution improves its rules and "
                            "services as needs and technology change.",
                        ),
                        p(
                            "Principles become real through concrete practices: published "
                            "service standards (for example, the number of days within which "
                            "a pension claim must be decided), an internal audit unit "
                            "reporting to the board, an external audit of the accounts, a "
                            "code of conduct with conflict-of-interest rules, a risk "
                            "register, and an investment policy that states objectives, "
                            "limits and who may decide what."
                        ),
                        h("Administration and service delivery"),
                        p(
                            "Insured persons judge an institution by its service. The core "
                            "processes are the registration of employers and insured "
                            "persons, the collection of contributions and enforcement of "
                            "compliance, the keeping of accurate individual records, the "
                            "determination of entitlements, the payment of benefits, and the "
                            "handling of complaints and appeals. Each can be measured: the "
                            "share of employers paying on time, the average time to decide a "
                            "claim, the share of benefits paid on the due date, the share of "
                            "complaints resolved within the published deadline."
                        ),
                        p(
                            "Accurate records are the foundation. A pension is calculated "
                            "from decades of contribution history: if the record is "
                            "incomplete, the pensioner loses money or the fund pays what it "
                            "does not owe. This is why investing in a reliable register of "
                            "insured persons, linked to a unique personal identifier, often "
                            "pays off sooner than any other reform."
                        ),
                        takeaway(
                            "Good governance can be observed: published rules and accounts, "
                            "measurable service standards, independent audit, and a "
                            "complaints route that people actually use."
                        ),
                        term(
                            "Compliance",
                            "The extent to which employers and insured persons register, "
                            "declare their earnings in full and pay their contributions on "
                            "time, as the law requires. Institutions improve compliance by "
                            "making payment easy, by exchanging data with the tax "
                            "administration and by inspecting where the risk is highest.",
                        ),
                        reflect(
                            "Choose one of the five principles. Which single published "
                            "document or indicator would convince a sceptical worker that "
                            "your institution applies it?"
                        ),
                    ],
                },
            ],
        },
        {
            "title": "Extending coverage to the informal economy",
            "slug": "extending-coverage",
            "summary": (
                "Why self-employed, seasonal, migrant and informal workers "
                "remain outside, and the measures that bring them in."
            ),
            "lessons": [
                {
                    "title": "Why informal-economy workers remain outside",
                    "slug": "why-informal-workers-remain-outside",
                    "estimated_minutes": 12,
                    "body": [
                        h("Different groups, different barriers"),
                        p(
                            "Workers in the informal economy are not one group. "
                            "Self-employed and own-account workers have no employer to "
                            "deduct and match contributions; seasonal and rural workers earn "
                            "irregularly; migrant workers may lose their rights when they "
                            "move between countries; domestic workers often have employers "
                            "who do not know they should register them. A policy that works "
                            "for one group can fail another, so extension starts by knowing "
                            "who is outside, and why."
                        ),
                        p("The barriers fall into four families:"),
                        ul(
                            "<b>Legal</b>: the law excludes some groups outright, for "
                            "instance the self-employed, agricultural workers or enterprises "
                            "below a size threshold, or makes their coverage voluntary.",
                            "<b>Financial</b>: contributions designed for a monthly wage are "
                            "unaffordable, or badly timed, for people whose income is low "
                            "and irregular.",
                            "<b>Administrative</b>: registration requires documents, trips "
                            "to distant offices or monthly declarations that small "
                            "businesses cannot manage.",
                            "<b>Trust and awareness</b>: people do not know the scheme, do "
                            "not believe it will pay, or value the future benefit less than "
                            "what they give up today.",
                        ),
                        p(
                            "Voluntary coverage alone rarely closes the gap: take-up is low "
                            "and concentrated among people who expect to claim soon, which "
                            "raises the scheme's costs. The Transition from the Informal to "
                            "the Formal Economy Recommendation, 2015 (No. 204) asks "
                            "countries to extend social insurance progressively to workers "
                            "in the informal economy, adapting administrative procedures, "
                            "benefits and contributions to their contributory capacity where "
                            "necessary."
                        ),
                        takeaway(
                            "Diagnose before you design: who is outside, and is the barrier "
                            "legal, financial, administrative or one of trust? Each calls "
                            "for a different answer."
                        ),
                        term(
                            "Informal economy",
                            "All economic activities by workers and economic units that are, "
                            "in law or in practice, not covered or insufficiently covered by "
                            "formal arrangements (ILO Recommendation No. 204). Informal "
                            "workers may work in informal enterprises, in households, or in "
                            "formal enterprises that do not declare them.",
                        ),
                    ],
                },
                {
                    "title": "Designing for inclusion: registration, contributions and trust",
                    "slug": "designing-for-inclusion",
                    "estimated_minutes": 15,
                    "body": [
                        h("Adapt the scheme to the worker"),
                        p(
                            "Countries that extended coverage fastest combined several "
                            "measures rather than relying on one. Common ingredients are:"
                        ),
                        ul(
                            "<b>Simple registration</b>: online or mobile registration, "
                            "registration through associations, cooperatives or local "
                            "offices, and fewer documents.",
                            "<b>Flexible contributions</b>: a choice of income bands, or "
                            "contributions paid quarterly, or seasonally after the harvest.",
                            "<b>Subsidies</b>: the State pays part of the contribution for "
                            "low-income members, as many health-insurance schemes do.",
                            "<b>Simplified tax and contribution regimes</b>: one payment "
                            "covering tax and social contributions for small businesses, as "
                            "in the monotax regimes of Argentina, Brazil and Uruguay.",
                            "<b>Benefits people value now</b>: health care and maternity "
                            "benefits often attract new members more than a pension decades "
                            "away.",
                        ),
                        p(
                            "Scale is possible. China added about 70 million newly insured "
                            "people per year over a decade. Reaching the groups that remain, "
                            "such as the self-employed, seasonal and migrant workers, is "
                            "where digital channels matter most: registration and payment by "
                            "phone, automatic data exchange with tax and civil registries, "
                            "and records that follow people when they move."
                        ),
                        p(
                            "Trust is built by experience. A scheme that pays its first "
                            "maternity benefits quickly and visibly, answers complaints and "
                            "publishes its accounts will attract more members than an "
                            "advertising campaign. Working with workers' organisations, "
                            "cooperatives and women's associations helps design products "
                            "that fit, and spreads the word through people whom members "
                            "already trust."
                        ),
                        p(
                            "Finally, extension needs a plan with targets: which group, by "
                            "which year, with which benefits and which financing. Actuarial "
                            "projections, the subject of the course on actuarial planning "
                            "and financing, show what a subsidy or a new branch will cost "
                            "and protect the scheme's sustainability as it grows."
                        ),
                        takeaway(
                            "Extension works when the scheme adapts to the worker: easy "
                            "registration, contributions that match irregular incomes, "
                            "targeted subsidies, benefits people value now, and a record of "
                            "paying reliably."
                        ),
                        reflect(
                            "Pick one group in your country, for example self-employed "
                            "market vendors or seasonal farm workers. Which two measures "
                            "from this lesson would make the most difference for them, and "
                            "who would have to act?"
                        ),
                    ],
                },
            ],
        },
    ],
}

ACTUARIAL = {
    "title": "Actuarial planning and financing of social protection",
    "slug": "actuarial-planning-and-financing-of-social-protection",
    "topic": "actuarial-planning-and-financing",
    "level": "intermediate",
    "format": "self_paced",
    "estimated_hours": Decimal("8"),
    "language": "en",
    "sequential": True,
    "summary": (
        "The numbers behind a sustainable and adequate scheme: "
        "dependency ratios, the pay-as-you-go cost rate, the general "
        "average premium, reserve ratios, replacement rates, social "
        "budgets and fiscal space. Every idea is worked through with "
        "figures you can check with a calculator; the steps open in "
        "order."
    ),
    "learning_outcomes": (
        "<ul><li>Compute demographic and system dependency ratios and "
        "explain how they drive costs.</li><li>Compute a pay-as-you-go "
        "cost rate and split it into a dependency ratio and a benefit "
        "ratio.</li><li>Explain the general average premium and compare "
        "pay-as-you-go, scaled-premium and funded "
        "financing.</li><li>Compute a reserve ratio and interpret its "
        "trend.</li><li>Compute a replacement rate and compare it with "
        "the minimum of ILO Convention No. 102.</li><li>Read a social "
        "budget, estimate the cost of a basic benefit as a share of GDP, "
        "and name options for creating fiscal space.</li></ul>"
    ),
    "modules": [
        {
            "title": "Demography and the pay-as-you-go cost rate",
            "slug": "demography-and-cost-rate",
            "summary": (
                "From population projections to the contribution rate that would "
                "pay this year's benefits."
            ),
            "lessons": [
                {
                    "title": "Dependency ratios",
                    "slug": "dependency-ratios",
                    "estimated_minutes": 12,
                    "body": [
                        h("Actuaries start with people"),
                        p(
                            "Every projection of a social-security scheme starts with a "
                            "projection of the population: how many people will be born, die "
                            "and migrate, at which ages, year by year. Combined with "
                            "labour-market assumptions (participation, employment, the share "
                            "of workers who actually contribute), it tells the actuary how "
                            "many people will pay contributions and how many will draw "
                            "benefits. The money comes second."
                        ),
                        h("The demographic dependency ratio"),
                        p(
                            "The old-age dependency ratio compares the older population with "
                            "the population of working age. A common definition is the "
                            "number of people aged 65 and over divided by the number aged 15 "
                            "to 64 (some studies use 20 to 64). <b>Worked example</b>: a "
                            "country has 700,000 people aged 65 and over and 5,000,000 aged "
                            "15 to 64. Its old-age dependency ratio is 700,000 / 5,000,000 = "
                            "0.14, that is, 14 older persons for every 100 persons of "
                            "working age."
                        ),
                        h("The system dependency ratio"),
                        p(
                            "What a pension scheme pays depends on its own members, not on "
                            "the whole population. The system dependency ratio is the number "
                            "of beneficiaries divided by the number of active contributors. "
                            "Suppose the country's scheme covers only formal-sector workers: "
                            "1,000,000 contributors and 150,000 pensioners. Its system "
                            "dependency ratio is 150,000 / 1,000,000 = 0.15, or 15 "
                            "pensioners per 100 contributors."
                        ),
                        p(
                            "The two ratios can move apart. A young scheme in an ageing "
                            "country may still have few pensioners, because few members have "
                            "contributed long enough to qualify; its system ratio is low "
                            "today and will rise quickly as the scheme matures. Conversely, "
                            "if the number of contributors falls because of informality or "
                            "unemployment, the system ratio rises even if the population "
                            "does not age. For the finances of a scheme, falling compliance "
                            "works like ageing."
                        ),
                        takeaway(
                            "The demographic dependency ratio describes the country; the "
                            "system dependency ratio describes the scheme. Costs follow the "
                            "system ratio, which rises with population ageing, with the "
                            "maturing of the scheme and with falling compliance."
                        ),
                        term(
                            "Scheme maturity",
                            "A pension scheme is mature when its members have been able to "
                            "contribute for a full career before retiring. Until then the "
                            "number of pensioners and the average pension rise faster than "
                            "population ageing alone would explain.",
                        ),
                        reflect(
                            "Do you know the system dependency ratio of the main pension "
                            "scheme in your country? Is it higher or lower than the "
                            "demographic old-age dependency ratio, and why?"
                        ),
                    ],
                },
                {
                    "title": "The pay-as-you-go cost rate",
                    "slug": "payg-cost-rate",
                    "estimated_minutes": 15,
                    "body": [
                        h("Definition"),
                        p(
                            "The pay-as-you-go (PAYG) cost rate is the contribution rate "
                            "that would be needed to pay one year's expenditure out of that "
                            "year's contributions alone, with nothing put aside and nothing "
                            "drawn from reserves. It is expenditure divided by total "
                            "insurable earnings, the earnings on which contributions are "
                            "levied:"
                        ),
                        p(
                            "<b>PAYG cost rate = expenditure / insurable earnings = (number "
                            "of beneficiaries × average benefit) / (number of contributors × "
                            "average insurable wage)</b>"
                        ),
                        h("Worked example"),
                        p(
                            "A scheme pays 150,000 pensioners an average pension of 2,400 a "
                            "year, and has 1,000,000 contributors with average insurable "
                            "earnings of 13,200 a year (amounts in local currency). "
                            "Expenditure is 150,000 × 2,400 = 360 million. Insurable "
                            "earnings total 1,000,000 × 13,200 = 13,200 million. The PAYG "
                            "cost rate is 360 / 13,200 = 0.0273, or <b>2.73 %</b> of "
                            "insurable earnings. A full calculation adds administrative "
                            "costs to expenditure."
                        ),
                        p(
                            "The formula splits into two ratios: the system dependency "
                            "ratio, 150,000 / 1,000,000 = 0.15, and the benefit ratio, the "
                            "average benefit divided by the average insurable wage, 2,400 / "
                            "13,200 = 0.182. Their product, 0.15 × 0.182 = 0.0273, gives the "
                            "same 2.73 %. The cost of a pay-as-you-go pension scheme is "
                            "demography multiplied by generosity."
                        ),
                        h("Looking ahead"),
                        p(
                            "Suppose that in 20 years the scheme has 400,000 pensioners and "
                            "1,250,000 contributors, and that the benefit ratio stays at "
                            "0.182 because pensions follow wages. The system dependency "
                            "ratio becomes 400,000 / 1,250,000 = 0.32, and the cost rate "
                            "0.32 × 0.182 = <b>5.82 %</b>, more than twice today's. If the "
                            "legal contribution rate for pensions is 4 %, the scheme has a "
                            "surplus today and a deficit later; the actuarial valuation "
                            "tells the board when the crossover comes and what it will take "
                            "to finance the difference."
                        ),
                        takeaway(
                            "PAYG cost rate = (beneficiaries × average benefit) / "
                            "(contributors × average insurable wage) = system dependency "
                            "ratio × benefit ratio. Compare it with the legal contribution "
                            "rate to see whether a year's contributions cover a year's "
                            "benefits."
                        ),
                        term(
                            "Insurable earnings",
                            "The earnings on which contributions are calculated, usually "
                            "wages between a legal floor and a ceiling. Earnings above the "
                            "ceiling usually neither pay contributions nor count towards "
                            "benefits.",
                        ),
                        reflect(
                            "With your scheme's figures, or rough estimates, compute its "
                            "PAYG cost rate. Which part, the dependency ratio or the benefit "
                            "ratio, do you expect to change more over the next 20 years?"
                        ),
                    ],
                },
            ],
        },
        {
            "title": "Financing systems and reserves",
            "slug": "financing-systems-and-reserves",
            "summary": (
                "The general average premium, the choice between pay-as-you-go, "
                "scaled premium and funding, and the reserve ratio."
            ),
            "lessons": [
                {
                    "title": "The general average premium",
                    "slug": "general-average-premium",
                    "estimated_minutes": 15,
                    "body": [
                        h("One rate for a long period"),
                        p(
                            "The PAYG cost rate changes every year. The general average "
                            "premium (GAP) answers a different question: which constant "
                            "contribution rate, charged over a long projection period, would "
                            "finance all benefits and administrative costs over that period, "
                            "taking into account the reserve the scheme already holds? It is "
                            "the level rate at which the present value of future "
                            "contributions plus the current reserve equals the present value "
                            "of future expenditure."
                        ),
                        p(
                            "<b>GAP = (present value of future expenditure − current "
                            "reserve) / present value of future insurable earnings</b>. "
                            "Present values are discounted at the assumed rate of interest; "
                            "if the scheme must hold a target reserve at the end of the "
                            "period, the present value of that reserve is added to "
                            "expenditure."
                        ),
                        h("Worked example"),
                        p(
                            "Over a 50-year projection, a scheme's benefits and "
                            "administrative costs have a present value of 120 billion. Its "
                            "reserve today is 8 billion. The present value of insurable "
                            "earnings over the same 50 years is 2,000 billion. The GAP is "
                            "(120 − 8) / 2,000 = 112 / 2,000 = 0.056, or <b>5.6 %</b> of "
                            "insurable earnings. If the legal contribution rate is 4 %, the "
                            "scheme is underfinanced over the period: it needs a rate of 5.6 "
                            "% from today, or a later and therefore larger increase."
                        ),
                        p(
                            "Comparing the GAP with the legal contribution rate is one of "
                            "the clearest single indicators in an actuarial valuation. The "
                            "result is sensitive to the interest rate used for discounting "
                            "and to the length of the period, so a valuation should state "
                            "both and show how the GAP changes under other assumptions."
                        ),
                        takeaway(
                            "The GAP is the level contribution rate that balances present "
                            "values over a projection period, given today's reserve. A GAP "
                            "above the legal rate means that contributions must rise sooner "
                            "or later, or benefits be adjusted."
                        ),
                        term(
                            "Present value",
                            "The amount that, invested today at the assumed rate of "
                            "interest, would be just enough to pay a future sum. Discounting "
                            "lets an actuary add up payments due in different years on a "
                            "comparable basis.",
                        ),
                    ],
                },
                {
                    "title": "Financing systems and the reserve ratio",
                    "slug": "financing-systems-and-reserve-ratio",
                    "estimated_minutes": 15,
                    "body": [
                        h("Ways to finance a pension scheme"),
                        p(
                            "Between paying everything as it falls due and saving everything "
                            "in advance lie several financing systems:"
                        ),
                        ul(
                            "<b>Pay-as-you-go</b>: contributions are set each year, or for "
                            "short periods, close to the PAYG cost rate; the scheme holds "
                            "only a contingency reserve.",
                            "<b>Scaled premium</b>: the contribution rate is fixed for a "
                            "period of equilibrium, often 10 to 25 years, chosen so that "
                            "contributions plus investment income cover expenditure and the "
                            "reserve does not fall during the period; the rate then steps up "
                            "to a new level.",
                            "<b>Full funding</b>: contributions are set so that assets "
                            "accumulate to cover the benefits promised; a general average "
                            "premium over a very long period comes close to it.",
                            "<b>Terminal funding</b>: the capital value of each pension is "
                            "set aside in the year it is awarded, a method often used for "
                            "employment-injury pensions.",
                        ),
                        p(
                            "The choice is a policy decision as much as a technical one. "
                            "Partial funding builds reserves that can smooth contribution "
                            "increases as the scheme matures, but reserves also need sound "
                            "investment governance and protection against being diverted to "
                            "other uses."
                        ),
                        h("Worked example: the reserve ratio"),
                        p(
                            "The reserve ratio measures how many years of expenditure the "
                            "reserve could pay: the reserve at the end of the year divided "
                            "by the year's expenditure. A scheme starts the year with a "
                            "reserve of 10,000 million. During the year it collects 1,100 "
                            "million in contributions and earns 4 % on its opening reserve, "
                            "400 million. It pays 1,300 million in benefits and 60 million "
                            "in administrative costs. The reserve at the end of the year is "
                            "10,000 + 1,100 + 400 − 1,300 − 60 = 10,140 million; expenditure "
                            "is 1,360 million. The reserve ratio is 10,140 / 1,360 = "
                            "<b>7.5</b> years of expenditure."
                        ),
                        p(
                            "The trend matters more than the level. In this example "
                            "contributions alone (1,100 million) no longer cover expenditure "
                            "(1,360 million); investment income closes the gap this year. If "
                            "benefits keep growing faster than contributions, the reserve "
                            "will start to fall, and the ratio with it. An actuarial "
                            "valuation projects the ratio year by year and shows when it "
                            "would fall below the minimum set by law or by the board, "
                            "leaving time to act before a crisis."
                        ),
                        takeaway(
                            "Reserve ratio = reserve at the end of the year / expenditure of "
                            "the year. Watch its trend and the gap between contributions and "
                            "expenditure, not only today's level."
                        ),
                        reflect(
                            "Does the law or the board in your country set a minimum reserve "
                            "ratio for the pension scheme? If the ratio began to fall, who "
                            "would have to act, and how much notice would they need?"
                        ),
                    ],
                },
            ],
        },
        {
            "title": "Adequacy, social budgets and fiscal space",
            "slug": "adequacy-social-budgets-fiscal-space",
            "summary": (
                "Replacement rates, the social budget, the cost of a basic "
                "benefit, fiscal space and the financing of shock-responsive "
                "programmes."
            ),
            "lessons": [
                {
                    "title": "Replacement rates and benefit adequacy",
                    "slug": "replacement-rates",
                    "estimated_minutes": 12,
                    "body": [
                        h("Measuring adequacy"),
                        p(
                            "A scheme can be perfectly sustainable and still fail its "
                            "members if benefits are too low to live on. The replacement "
                            "rate measures adequacy: the benefit as a percentage of the "
                            "earnings it replaces. The individual replacement rate compares "
                            "a person's first pension with his or her earnings before "
                            "retirement; the aggregate replacement rate compares the average "
                            "pension with the average insurable wage, the benefit ratio of "
                            "the first module."
                        ),
                        h("Worked example"),
                        p(
                            "A pension formula pays 1.5 % of average insurable earnings for "
                            "each year of contribution. A worker with 30 years of "
                            "contributions and average insurable earnings of 5,000 a month "
                            "receives 1.5 % × 30 = 45 % of 5,000, that is 2,250 a month: a "
                            "replacement rate of <b>45 %</b>. With 20 years of contributions "
                            "the same formula gives 1.5 % × 20 = 30 %, or 1,500 a month. "
                            "Convention No. 102 sets a minimum of 40 % of reference earnings "
                            "for its reference beneficiary after 30 years of contribution: "
                            "the first pension meets it; the second, after a shorter career, "
                            "does not."
                        ),
                        p(
                            "Three details change the picture. First, the earnings used: "
                            "career-average earnings revalued in line with wages give a "
                            "fairer result than unrevalued nominal averages, which inflation "
                            "erodes. Second, indexation: a pension not adjusted after award "
                            "loses value every year. Third, career gaps: workers who spend "
                            "years outside formal employment, often women caring for "
                            "children or relatives, reach retirement with few contribution "
                            "years and low replacement rates, which is why minimum pensions "
                            "and contribution credits for periods of care matter."
                        ),
                        takeaway(
                            "Read sustainability and adequacy together: a low cost rate "
                            "bought with replacement rates below 40 % is not a success. "
                            "Check revaluation, indexation and the effect of short careers."
                        ),
                        term(
                            "Replacement rate",
                            "A benefit expressed as a percentage of previous earnings; for a "
                            "pension, usually the first pension divided by the earnings on "
                            "which it is based.",
                        ),
                        reflect(
                            "How many years of contributions does a typical woman in your "
                            "country's pension scheme have at retirement? What replacement "
                            "rate does the formula give her?"
                        ),
                    ],
                },
                {
                    "title": "Social budgets and fiscal space",
                    "slug": "social-budgets-and-fiscal-space",
                    "estimated_minutes": 18,
                    "body": [
                        h("The social budget"),
                        p(
                            "A social budget brings all social-protection schemes of a "
                            "country (social insurance, social assistance, universal "
                            "benefits, public health protection) into one set of accounts, "
                            "and projects their revenue and expenditure together with the "
                            "economy: GDP, employment, wages, inflation and the government "
                            "budget. The ILO's International Financial and Actuarial Service "
                            "prepares social budgets, alongside actuarial reviews of "
                            "pension, health-care, short-term and unemployment benefits and "
                            "fiscal analyses of reform proposals, to help governments see "
                            "the whole system at once."
                        ),
                        p(
                            "<b>Worked example</b>: a country's GDP is 50 billion. Its "
                            "pension schemes spend 900 million, public health protection 600 "
                            "million and social-assistance programmes 350 million. Total "
                            "social-protection expenditure is 1,850 million, or 1,850 / "
                            "50,000 = <b>3.7 % of GDP</b>. Expressing every item as a share "
                            "of GDP lets decision-makers compare it with revenue, with other "
                            "countries and with the cost of proposals."
                        ),
                        h("Costing a basic benefit"),
                        p(
                            "A first estimate of the cost of a universal benefit multiplies "
                            "two shares: cost as a percentage of GDP = share of the target "
                            "group in the population × benefit as a percentage of GDP per "
                            "capita. Suppose 3 % of a population of 10 million are aged 65 "
                            "and over (300,000 people) and the proposed pension is 15 % of "
                            "GDP per capita. Benefits cost 3 % × 15 % = <b>0.45 % of "
                            "GDP</b>; with administrative costs of 5 % of benefits, about "
                            "0.47 % of GDP. A full study projects population, take-up and "
                            "indexation year by year, as in the ILO's feasibility studies of "
                            "universal non-contributory basic pensions in six low-income "
                            "sub-Saharan African countries."
                        ),
                        h("Finding fiscal space"),
                        p(
                            "Fiscal space is the room in a government's budget to finance a "
                            "new or larger programme without endangering the sustainability "
                            "of public finances. Options documented by the ILO and other "
                            "United Nations agencies include re-allocating public "
                            "expenditure, for example from untargeted fuel subsidies; "
                            "raising tax revenue through better collection or more "
                            "progressive taxes; extending social-security coverage, which "
                            "brings in contributions; obtaining grants and concessional "
                            "financing; curbing illicit financial flows; and borrowing or "
                            "restructuring debt, with care. Each option has economic and "
                            "political trade-offs, which is why they belong in national "
                            "dialogue rather than in the hands of technicians alone."
                        ),
                        takeaway(
                            "A social budget shows the whole system in one view, as shares "
                            "of GDP. Simple costing (share of the target group × benefit as "
                            "a share of GDP per capita) gives a first order of magnitude; "
                            "fiscal-space analysis shows where the money could come from."
                        ),
                        reflect(
                            "What share of GDP does your country spend on social protection? "
                            "Which fiscal-space option would be the most realistic way to "
                            "finance a basic benefit for older persons?"
                        ),
                    ],
                },
                {
                    "title": "Financing shock-responsive social protection",
                    "slug": "financing-shock-responsive-social-protection",
                    "estimated_minutes": 12,
                    "body": [
                        h("Arrange the money before the shock"),
                        p(
                            "Droughts, floods, epidemics and economic crises push households "
                            "into poverty faster than ordinary programmes can react. "
                            "Adaptive, or shock-responsive, social protection prepares "
                            "programmes to scale up: by temporarily raising benefits for "
                            "existing beneficiaries (vertical expansion) or by adding "
                            "affected households (horizontal expansion). Registries and "
                            "payment systems make this possible; financing arranged in "
                            "advance makes it timely."
                        ),
                        p(
                            "Money raised after a disaster arrives late and costs more. Risk "
                            "layering matches financing instruments to how often and how "
                            "severely shocks occur:"
                        ),
                        ul(
                            "<b>Frequent, smaller shocks</b>: a contingency budget line or a "
                            "reserve fund held by the government.",
                            "<b>Less frequent, larger shocks</b>: contingent credit agreed "
                            "in advance with development banks.",
                            "<b>Rare, severe shocks</b>: risk transfer through insurance, "
                            "often parametric insurance that pays automatically when a "
                            "measured index, such as rainfall, crosses a threshold.",
                        ),
                        p(
                            "<b>Worked example</b>: a government plans a horizontal "
                            "expansion for a drought affecting 40,000 households, paying USD "
                            "50 a month for three months. Benefits cost 40,000 × 50 × 3 = "
                            "<b>USD 6 million</b>, plus delivery costs. Knowing this figure "
                            "in advance lets the government size a contingency reserve or an "
                            "insurance cover and agree the trigger that releases the money."
                        ),
                        p(
                            "The Global Shield against Climate Risks, launched in 2022 by "
                            "the V20 group of climate-vulnerable countries and the G7, "
                            "supports pre-arranged financing of this kind, and GIZ's work on "
                            "adaptive social protection links national programmes to it. The "
                            "skills of this course (projecting numbers of beneficiaries, "
                            "costing benefits, testing financing options) apply directly."
                        ),
                        takeaway(
                            "Cost the scale-up before the shock, layer the financing by "
                            "frequency and severity of shocks, and agree in advance the "
                            "trigger that releases the funds."
                        ),
                        term(
                            "Parametric insurance",
                            "Insurance that pays a pre-agreed amount when a measured index, "
                            "such as rainfall below a threshold, is reached, rather than "
                            "after losses are assessed. It pays fast but can miss losses the "
                            "index does not capture (basis risk).",
                        ),
                    ],
                },
            ],
        },
    ],
}

DIGITAL = {
    "title": "Digital transformation of social protection",
    "slug": "digital-transformation-of-social-protection",
    "topic": "digital-transformation",
    "level": "introductory",
    "format": "self_paced",
    "estimated_hours": Decimal("6"),
    "language": "en",
    "summary": (
        "Registries, identity, payments and interoperability; digital "
        "inclusion and data protection; monitoring, procurement and "
        "change management. What decision-makers need to steer the "
        "digital transformation of a social-protection system, with "
        "examples from openIMIS, the Digital Convergence Initiative, "
        "Rwanda, Uzbekistan and Morocco."
    ),
    "learning_outcomes": (
        "<ul><li>Distinguish a social registry, a beneficiary registry "
        "and a programme management information system, and place each "
        "in the delivery chain.</li><li>Explain how digital identity, "
        "payments and data exchange fit together, and why open "
        "interoperability standards such as those of the Digital "
        "Convergence Initiative matter.</li><li>Design channels that "
        "keep people without smartphones, connectivity or digital skills "
        "included.</li><li>Apply data-protection principles to a "
        "social-protection information system.</li><li>Define indicators "
        "to monitor a digital system, and plan its procurement and the "
        "change it brings to an institution.</li></ul>"
    ),
    "modules": [
        {
            "title": "Digital foundations of social protection",
            "slug": "digital-foundations",
            "summary": (
                "The delivery chain, registries and management information "
                "systems, identity, payments and interoperability."
            ),
            "lessons": [
                {
                    "title": "Registries and beneficiary management",
                    "slug": "registries-and-beneficiary-management",
                    "estimated_minutes": 14,
                    "body": [
                        h("The delivery chain"),
                        p(
                            "Every social-protection programme, whatever its benefit, runs "
                            "through the same chain of tasks: outreach; intake and "
                            "registration; assessment of needs and conditions; eligibility "
                            "and enrolment decisions; determination of the benefit; payment "
                            "or provision of services; and ongoing management (updating "
                            "data, checking conditions, handling grievances and exits). "
                            "Information systems support each link. A weakness at any one of "
                            "them, for example no way to update a household's data after a "
                            "birth, shows up as people wrongly excluded or wrongly paid."
                        ),
                        h("Three kinds of systems"),
                        ul(
                            "<b>Social registry</b>: supports outreach, intake, registration "
                            "and the assessment of needs and conditions, to determine "
                            "potential eligibility for one or more programmes. It holds data "
                            "on people who may or may not receive benefits.",
                            "<b>Beneficiary registry</b>: holds the people enrolled in a "
                            "programme, their entitlements and their payment history. An "
                            "integrated beneficiary registry brings the beneficiaries of "
                            "several programmes together, to coordinate benefits and detect "
                            "duplicates.",
                            "<b>Programme management information system (MIS)</b>: runs a "
                            "programme's business processes, such as contributions, claims, "
                            "decisions, payments and case management.",
                        ),
                        h("openIMIS"),
                        p(
                            "openIMIS is open-source software for managing health-insurance "
                            "and social-protection programmes, promoted by German "
                            "development cooperation through GIZ. It covers the registration "
                            "of beneficiaries and their families, enrolment and policies, "
                            "the collection of contributions, and the submission, review and "
                            "payment of claims from health-care providers, and it is being "
                            "extended to cash transfers and other social-protection "
                            "programmes. Because the source code is open, a country can "
                            "adapt it, host it on its own infrastructure and share "
                            "improvements with other users instead of paying for a "
                            "proprietary licence."
                        ),
                        p(
                            "Whatever the software, the decisive questions are "
                            "institutional: who owns the data, who may update them and how "
                            "often, which identifier links records across systems, and how a "
                            "person can see and correct what is held about them."
                        ),
                        takeaway(
                            "Map the delivery chain first, then the systems that support it. "
                            "A social registry tells you who might be eligible; a "
                            "beneficiary registry and a programme MIS tell you who is "
                            "enrolled, what they are owed and what they have been paid."
                        ),
                        term(
                            "Social registry",
                            "An information system that supports outreach, intake, "
                            "registration and the assessment of the needs and conditions of "
                            "people and households, to determine their potential eligibility "
                            "for one or more social programmes.",
                        ),
                        reflect(
                            "In your country, in how many separate registers does a poor "
                            "household with a young child and an older person appear? Which "
                            "link of the delivery chain suffers most from that?"
                        ),
                    ],
                },
                {
                    "title": "Identity, payments and interoperability",
                    "slug": "identity-payments-and-interoperability",
                    "estimated_minutes": 15,
                    "body": [
                        h("Digital public infrastructure"),
                        p(
                            "Three shared building blocks, often called digital public "
                            "infrastructure, let many services, social protection among "
                            "them, work at scale: a foundational identity system that gives "
                            "each person a unique, verifiable identity; payment systems that "
                            "can move money to any bank account or mobile wallet; and a "
                            "data-exchange layer that lets authorised institutions share "
                            "information securely. Estonia's X-Road, which connects public "
                            "registers for secure data exchange, is a well-known example of "
                            "the third."
                        ),
                        p(
                            "For social protection, identity reduces duplicates and lets a "
                            "person's record follow them between programmes and over a "
                            "lifetime. Government-to-person (G2P) payments into accounts or "
                            "mobile wallets reduce leakage and travel, especially when "
                            "beneficiaries can choose where to cash out. Data exchange lets "
                            "an institution check income, civil status or disability status "
                            "with the authoritative register instead of asking applicants "
                            "for paper certificates. Rwanda and Uzbekistan, with support "
                            "from GIZ and the World Bank, are building such a digital "
                            "backbone for their social-protection systems."
                        ),
                        h("Interoperability and standards"),
                        p(
                            "Systems that cannot talk to each other force staff to retype "
                            "data and applicants to repeat themselves. Interoperability "
                            "needs agreement at four levels: legal (who may share what, on "
                            "which basis), organisational (who is responsible for which "
                            "process), semantic (a common meaning for data items such as "
                            "household or income) and technical (formats and interfaces)."
                        ),
                        p(
                            "The Digital Convergence Initiative (DCI), one of the "
                            "workstreams supported by GIZ, develops open interoperability "
                            "standards for social protection: for example, how a social "
                            "registry asks a civil registry or an identity system to verify "
                            "a person, or how a programme sends payment instructions to a "
                            "payment provider. Shared, open standards let a country combine "
                            "components from different suppliers and replace one without "
                            "rebuilding the others."
                        ),
                        takeaway(
                            "Identity, payments and data exchange are shared infrastructure. "
                            "Agree interoperability at the legal, organisational, semantic "
                            "and technical levels, and prefer open standards such as those "
                            "of the DCI so that no single system or supplier locks you in."
                        ),
                        term(
                            "Interoperability",
                            "The ability of two or more systems to exchange data and to use "
                            "the data exchanged, based on agreed legal, organisational, "
                            "semantic and technical rules.",
                        ),
                        reflect(
                            "Which paper certificate do applicants to your programme most "
                            "often have to bring? Which register already holds that "
                            "information, and what would it take to check it there directly?"
                        ),
                    ],
                },
            ],
        },
        {
            "title": "Inclusion and data protection",
            "slug": "inclusion-and-data-protection",
            "summary": (
                "Channels that leave no one behind, and the protection of the "
                "sensitive data social protection relies on."
            ),
            "lessons": [
                {
                    "title": "Digital inclusion: no one left behind by the channel",
                    "slug": "digital-inclusion",
                    "estimated_minutes": 12,
                    "body": [
                        h("The people most in need are often the least connected"),
                        p(
                            "Digital channels cut costs and queues, but the people social "
                            "protection exists for are often those least able to use them: "
                            "older persons, persons with disabilities, people in remote "
                            "rural areas, people who cannot read and, in many low- and "
                            "middle-income countries, women, who are less likely than men to "
                            "own a mobile phone or use mobile internet. A programme that can "
                            "be reached only by smartphone excludes precisely the people it "
                            "targets."
                        ),
                        p("Design choices that keep everyone in:"),
                        ul(
                            "Keep assisted and offline channels: local offices, community "
                            "agents and social workers who can register people on their "
                            "behalf.",
                            "Use the simplest technology that works: USSD menus and SMS "
                            "reach basic phones; voice lines help people who cannot read.",
                            "Make online services light and accessible: fast on slow "
                            "connections, usable on small screens, readable by screen "
                            "readers, and in the languages people speak.",
                            "Never make a benefit depend on a digital step without an "
                            "alternative, for instance when fingerprint authentication fails "
                            "for manual workers or older persons with worn fingerprints.",
                            "Offer choice in payments, in where to cash out, and in how to "
                            "get help when a transaction fails.",
                        ),
                        p(
                            "Measure who is left out. Compare the profile of registered "
                            "people and beneficiaries with that of the eligible population, "
                            "by sex, age, disability and location, and track how many people "
                            "use each channel. The ISSA's webinar series on digital "
                            "inclusion in social security shares how institutions around the "
                            "world approach these questions."
                        ),
                        takeaway(
                            "Digital should add channels, not remove them. Keep assisted "
                            "options, design for basic phones and slow connections, and "
                            "measure who is missing by sex, age, disability and location."
                        ),
                        reflect(
                            "Think of the oldest or most remote beneficiary of your "
                            "programme. Walk through how they would register and receive a "
                            "payment. Where could a digital-only step stop them?"
                        ),
                    ],
                },
                {
                    "title": "Protecting personal data",
                    "slug": "protecting-personal-data",
                    "estimated_minutes": 14,
                    "body": [
                        h("Why social-protection data are sensitive"),
                        p(
                            "Social-protection systems collect some of the most sensitive "
                            "data a State holds: income and assets, health and disability, "
                            "household composition, sometimes ethnicity or refugee status. "
                            "Misused or leaked, such data can expose people to "
                            "discrimination, fraud or violence. At the same time, people "
                            "rarely have a real choice about handing them over, since "
                            "refusing may mean losing a benefit. Consent is therefore a weak "
                            "basis in social protection: the law itself should define what "
                            "is collected, for which purpose, and who may see it."
                        ),
                        h("Principles"),
                        p("Widely recognised data-protection principles apply in full:"),
                        ul(
                            "<b>Lawfulness, fairness and transparency</b>: a legal basis for "
                            "every processing, and clear information to people about what is "
                            "held and why.",
                            "<b>Purpose limitation</b>: data collected to pay a benefit are "
                            "not reused for unrelated purposes without a legal basis.",
                            "<b>Data minimisation</b>: collect only what the programme needs.",
                            "<b>Accuracy</b>: people can see and correct their data.",
                            "<b>Storage limitation</b>: keep data no longer than necessary.",
                            "<b>Integrity and confidentiality</b>: security proportionate to "
                            "the risk, including access controls and logs of who consulted "
                            "what.",
                            "<b>Accountability</b>: the institution can show how it complies.",
                        ),
                        p(
                            "In practice this means a data-protection impact assessment "
                            "before launching a new system or data exchange; data-sharing "
                            "agreements that list exactly which items flow between which "
                            "institutions, and why; role-based access for staff; and a "
                            "tested procedure for data breaches. Interoperability makes "
                            "these safeguards more important, not less: the easier data "
                            "flow, the more carefully each flow must be justified."
                        ),
                        takeaway(
                            "Define in law what is collected and shared, collect only what "
                            "is needed, let people see and correct their data, secure and "
                            "log access, and assess the risks before every new system or "
                            "data exchange."
                        ),
                        term(
                            "Data-protection impact assessment",
                            "A structured analysis, made before a new processing of personal "
                            "data starts, of the risks it creates for people's rights and of "
                            "the measures that reduce them.",
                        ),
                        reflect(
                            "Which data items does your programme collect but never use for "
                            "a decision? What would it take to stop collecting them?"
                        ),
                    ],
                },
            ],
        },
        {
            "title": "Steering the transformation",
            "slug": "steering-the-transformation",
            "summary": (
                "Monitoring and evaluation, procurement, open source and change "
                "management, and learning from peers."
            ),
            "lessons": [
                {
                    "title": "Monitoring and evaluation of digital systems",
                    "slug": "monitoring-and-evaluation",
                    "estimated_minutes": 12,
                    "body": [
                        h("What to measure"),
                        p(
                            "A digital transformation is justified by what it changes for "
                            "people and for the institution, so it needs indicators from the "
                            "start, with a baseline measured before the new system goes "
                            "live. Useful indicators fall into four groups:"
                        ),
                        ul(
                            "<b>Coverage and inclusion</b>: the share of the target "
                            "population registered and enrolled, by sex, age, disability and "
                            "location; at national level, SDG indicator 1.3.1.",
                            "<b>Service</b>: time from application to decision, time from "
                            "decision to first payment, share of payments made on time, "
                            "share of grievances resolved within the deadline.",
                            "<b>Data quality</b>: duplicates found, records updated within "
                            "the past year, mismatches with the civil or identity register.",
                            "<b>Performance and cost</b>: system availability, cost per "
                            "payment, cost per beneficiary served.",
                        ),
                        p(
                            "Data from the systems themselves make monitoring cheaper: every "
                            "registration, decision and payment leaves a dated record. "
                            "Dashboards built on these records let managers spot a district "
                            "where processing times rise or a payment provider whose failure "
                            "rate climbs. They do not replace surveys and evaluations, which "
                            "find what the system cannot see: eligible people who never "
                            "applied, and how beneficiaries experience the service."
                        ),
                        p(
                            "The ILO's international database of social-protection "
                            "statistics and indicators shows how countries report coverage "
                            "and expenditure. Aligning national indicators with it makes "
                            "international comparison, and reporting to funders, easier."
                        ),
                        takeaway(
                            "Set a baseline before go-live; measure coverage, service, data "
                            "quality and cost; disaggregate by sex, age, disability and "
                            "location; and use surveys to find the people your system cannot "
                            "see."
                        ),
                        term(
                            "SDG indicator 1.3.1",
                            "Proportion of the population covered by social protection "
                            "floors or systems, by sex, distinguishing children, unemployed "
                            "persons, older persons, persons with disabilities, pregnant "
                            "women, newborns, work-injury victims and the poor and the "
                            "vulnerable. The ILO is its custodian agency.",
                        ),
                        reflect(
                            "Which three indicators would you put on the first page of a "
                            "dashboard for your minister, and which data source would feed "
                            "each one?"
                        ),
                    ],
                },
                {
                    "title": "Procurement, open source and change management",
                    "slug": "procurement-and-change-management",
                    "estimated_minutes": 15,
                    "body": [
                        h("Buy for the long term"),
                        p(
                            "Most of the cost of an information system comes after it is "
                            "bought: hosting, maintenance, licences, changes in the law that "
                            "need new features, and staff training. Procurement should "
                            "therefore compare the total cost of ownership over ten years or "
                            "more, not only the purchase price, and secure what the "
                            "institution needs to stay in control:"
                        ),
                        ul(
                            "Ownership of the data, and the right to export them in open "
                            "formats at any time.",
                            "Access to the source code, or open-source software, so that "
                            "another supplier can take over.",
                            "Open, documented interfaces based on recognised standards, such "
                            "as those of the DCI.",
                            "Transfer of skills, so that the institution's own staff can run "
                            "and adapt the system.",
                            "Realistic requirements for performance, security and "
                            "accessibility, tested before acceptance.",
                        ),
                        p(
                            "The Principles for Digital Development, endorsed by many "
                            "development agencies, point the same way; in their original "
                            "form they read: design with the user; understand the existing "
                            "ecosystem; design for scale; build for sustainability; be "
                            "data-driven; use open standards, open data, open source and "
                            "open innovation; reuse and improve; address privacy and "
                            "security; be collaborative."
                        ),
                        h("Change management"),
                        p(
                            "Digitising a poor process only makes it fail faster. Before "
                            "writing requirements, map the current process, remove the steps "
                            "that add no value, and align rules that differ between "
                            "programmes for no good reason. Then introduce the change in "
                            "stages: a pilot in a few districts, evaluated against its "
                            "baseline, before national rollout; training and support for "
                            "front-line staff, whose work changes most; and clear "
                            "communication to beneficiaries about what changes for them."
                        ),
                        p(
                            "Peer learning shortens the path. Through SOCIEUX+, experts from "
                            "the administrations of EU member states have supported partner "
                            "countries, for example with a statistical and "
                            "policy-information system for social protection in Morocco and "
                            "with pension modernisation in China. The ILO, the ISSA and "
                            "China's Ministry of Human Resources and Social Security, with "
                            "UNU-EGOV, have studied the digital transformation of "
                            "social-security administration and services to draw lessons "
                            "from many institutions."
                        ),
                        takeaway(
                            "Judge systems by their total cost of ownership and by the "
                            "control you keep over data, code, interfaces and skills. "
                            "Re-engineer the process before digitising it, pilot, train "
                            "front-line staff and learn from peers."
                        ),
                        reflect(
                            "If your main software supplier stopped working with you "
                            "tomorrow, could your institution still pay benefits next month? "
                            "What would you change in your contracts to be sure?"
                        ),
                    ],
                },
            ],
        },
    ],
}

COURSES = [GOVERNANCE, ACTUARIAL, DIGITAL]

# Lessons that cite a demo case study (casestudies.demo runs first): lesson slug -> cases.
CITATIONS = {
    "the-coverage-gap": [
        ("china-pension-coverage-expansion", "How a very large country extended old-age coverage."),
    ],
    "registries-and-beneficiary-management": [
        ("openimis-open-source-insurance-management", "Open-source beneficiary management in use."),
    ],
    "identity-payments-and-interoperability": [
        ("rwanda-digital-backbone-social-protection", "A national digital backbone in practice."),
    ],
}


def _child(parent, model, fields):
    """The child of `parent` with `fields["slug"]`; created and published only if missing."""
    page = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if page is not None:
        return page, False
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _topic(fields):
    found = Topic.objects.filter(Q(slug=fields["slug"]) | Q(name=fields["name"])).first()
    return found or Topic.objects.create(**fields)


@transaction.atomic
def load(*, stdout) -> None:
    topics = {fields["slug"]: _topic(fields) for fields in TOPICS}
    index, _ = _child(home_page_ensure(), CourseIndexPage, INDEX)
    for data in COURSES:
        fields = {k: v for k, v in data.items() if k != "modules"}
        course, created = _child(index, CoursePage, {**fields, "topic": topics[data["topic"]]})
        added = 0
        for module_data in data["modules"]:
            module_fields = {k: v for k, v in module_data.items() if k != "lessons"}
            module, new = _child(course, ModulePage, module_fields)
            added += new
            for lesson_fields in module_data["lessons"]:
                added += _child(module, LessonPage, lesson_fields)[1]
        status = "created" if created else f"{added} missing pages added" if added else "unchanged"
        stdout.write(f"Course {course.title!r}: {status}.")
    _cite_case_studies(index)


def _cite_case_studies(index) -> None:
    """Add the case-study cards of CITATIONS to lessons that have none yet (idempotent)."""
    for lesson in LessonPage.objects.descendant_of(index).filter(slug__in=CITATIONS):
        if any(block.block_type == "case_study" for block in lesson.body):
            continue
        cases = {
            c.slug: c
            for c in CaseStudyPage.objects.live().filter(
                slug__in=[slug for slug, _ in CITATIONS[lesson.slug]]
            )
        }
        blocks = [
            ("case_study", {"case_study": cases[slug], "note": note})
            for slug, note in CITATIONS[lesson.slug]
            if slug in cases
        ]
        if blocks:
            for block in blocks:
                lesson.body.append(block)
            lesson.save_revision().publish()


def step_finish_for_demo(*, user, step) -> bool:
    """Finish one step for a demo learner the way a learner would; False if it cannot be.

    A step that completes through its own result (a quiz) is passed by the app that owns it,
    through the `demo_step_pass` hook (`fn(user=, step=) -> bool | None`); the others are
    marked complete. Never a shortcut: demo certificates are earned like real ones.
    """
    step = step.specific
    try:
        if not step.completes_through_own_result():
            step_complete(user=user, step=step)
            return True
        # Every app passes its own activities (a lesson may require several kinds).
        outcomes = [fn(user=user, step=step) for fn in hooks.get_hooks("demo_step_pass")]
        return True in outcomes and False not in outcomes
    except (PermissionDenied, ValidationError):
        return False
