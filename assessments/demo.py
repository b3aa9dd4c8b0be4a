"""Demo assessments: a quiz at the end of each demo course and an H5P activity.

`load(*, stdout)` is idempotent: quizzes are found by slug under their module, the H5P package
by title, and only what is missing is created (through Wagtail's API and the services). The
H5P package is built from Socle's own content type (assessments/h5p_library/), so the demo
plays offline.
"""

import io
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from courses.models import CoursePage, LessonPage, ModulePage

from .h5p.build import SAMPLE_CONTENT, package_build
from .models import H5PPackage, QuizPage
from .services import attempt_start, attempt_submit, h5p_package_create
from .services.quiz import attempt_questions


def _id(name: str) -> str:
    # Stable block ids, so that reloading the demo never changes its questions' identity.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"socle-demo:{name}"))


def _q(name, kind, prompt, points="1", explanation="", **value):
    return {
        "type": kind,
        "id": _id(name),
        "value": {
            "prompt": f"<p>{prompt}</p>",
            "points": points,
            "explanation": f"<p>{explanation}</p>" if explanation else "",
            **value,
        },
    }


def _options(*items):
    return [{"text": t, "correct": c, "feedback": f} for t, c, f in items]


def _numeric(name, prompt, answer, tolerance, unit="", kind="absolute", **kw):
    return _q(
        name,
        "numeric",
        prompt,
        answer=str(answer),
        tolerance=str(tolerance),
        tolerance_kind=kind,
        unit=unit,
        **kw,
    )


def _calculated(name, prompt, variables, *, answer_decimals=2, tolerance="0", **kw):
    """A calculated question: variables as (name, minimum, maximum, decimals)."""
    value = {
        "variables": [
            {"name": n, "minimum": str(lo), "maximum": str(hi), "decimals": d}
            for n, lo, hi, d in variables
        ],
        "answer_source": "formula",
        "formula": "",
        "model": "",
        "output": "",
        "year": None,
        "assumptions": [],
        "answer_decimals": answer_decimals,
        "tolerance": str(tolerance),
        "tolerance_kind": "absolute",
        "unit": "",
    }
    value.update(kw)
    return _q(name, "calculated", prompt, **value)


# Calculated questions: every learner draws their own numbers (appended to an existing demo
# quiz on reload, see `_add_missing`).
ACTUARIAL_CALCULATED = [
    _calculated(
        "act-calc-payg",
        "A pension scheme's system dependency ratio is {ratio} % and its average replacement "
        "rate {rate} %. What is its pay-as-you-go cost rate, before administrative costs?",
        [("ratio", 15, 45, 1), ("rate", 30, 60, 0)],
        formula="ratio * rate / 100",
        tolerance="0.1",
        unit="%",
        points="2",
        explanation="PAYG cost rate = system dependency ratio × average replacement rate = "
        "{ratio} % × {rate} %.",
    ),
    _calculated(
        "act-calc-reserve-ratio",
        "A fund holds reserves of USD {reserves} million and spends USD {spending} million a "
        "year on benefits and administration. What is its reserve ratio, in years of "
        "expenditure?",
        [("reserves", 2000, 12000, 0), ("spending", 800, 3000, 0)],
        formula="reserves / spending",
        tolerance="0.05",
        unit="years",
        explanation="Reserve ratio = reserves / annual expenditure = {reserves} / {spending}.",
    ),
    _calculated(
        "act-calc-social-pension",
        "Run the social pension costing model for the illustrative country, keeping its "
        "default assumptions (everyone from 65, take-up 85 %, administrative cost 5 %), with "
        "a benefit of {benefit} % of the poverty line. What does the pension cost in 2030, as "
        "% of GDP?",
        [("benefit", 10, 60, 0)],
        answer_source="model",
        model="social_pension",
        output="cost_pct_gdp",
        year=2030,
        assumptions=[{"assumption": "benefit", "variable": "benefit", "value": None}],
        answer_decimals=3,
        tolerance="0.01",
        unit="%",
        points="2",
        explanation="The cost scales with the benefit: eligible people × take-up × benefit × "
        "(1 + administrative cost), divided by GDP.",
    ),
]

ACTUARIAL = [
    _numeric(
        "act-payg",
        "A pension scheme pays benefits of USD 2,730 million in a year; the insurable earnings "
        "of its contributors total USD 15,000 million. What is its pay-as-you-go cost rate?",
        "18.2",
        "0.1",
        unit="%",
        points="2",
        explanation="PAYG cost rate = benefit expenditure / insurable earnings = 2,730 / 15,000 "
        "= 18.2 %: the contribution rate that would balance the year without reserves.",
    ),
    _numeric(
        "act-dependency",
        "A country has 1.2 million people aged 65 and over and 5.0 million aged 15 to 64. What "
        "is its old-age dependency ratio?",
        "24",
        "0.5",
        unit="%",
        explanation="Old-age dependency ratio = population 65+ / population 15-64 = 1.2 / 5.0 "
        "= 24 %.",
    ),
    _numeric(
        "act-replacement",
        "The average new pension is 3,150 a month and the average insured wage 7,000 a month. "
        "What is the average replacement rate?",
        "45",
        "0.5",
        unit="%",
        explanation="Replacement rate = pension / wage = 3,150 / 7,000 = 45 %.",
    ),
    _numeric(
        "act-system-dependency",
        "The scheme has 400,000 pensioners and 1,600,000 contributors. What is its system "
        "dependency ratio?",
        "25",
        "0.5",
        unit="%",
        explanation="System dependency ratio = pensioners / contributors = 0.4 / 1.6 = 25 %.",
    ),
    _numeric(
        "act-cost-rate-identity",
        "With a system dependency ratio of 25 % and an average replacement rate of 40 %, what "
        "PAYG cost rate do you expect (ignoring administration costs)?",
        "10",
        "2",
        unit="%",
        kind="relative",
        explanation="PAYG cost rate ≈ system dependency ratio × average replacement rate = "
        "25 % × 40 % = 10 % (answers within 2 % of 10 are accepted).",
    ),
    _numeric(
        "act-reserve-ratio",
        "Reserves stand at USD 9,000 million and annual expenditure is USD 3,000 million. What "
        "is the reserve ratio, in years of expenditure?",
        "3",
        "0.05",
        unit="years",
        explanation="Reserve ratio = reserves / annual expenditure = 9,000 / 3,000 = 3 years.",
    ),
    _q(
        "act-financing-system",
        "single_choice",
        "Which financing system pays current benefits from current contributions, with at most a "
        "small contingency reserve?",
        options=_options(
            ("Pay-as-you-go", True, "Yes: the cost rate follows the dependency ratio."),
            ("Full funding", False, "No: full funding builds reserves to cover future benefits."),
            ("Scaled premium", False, "No: a scaled premium builds reserves in steps."),
        ),
    ),
    _q(
        "act-gap",
        "true_false",
        "The general average premium is the constant contribution rate that balances the "
        "scheme's income and expenditure over the whole projection period.",
        answer="true",
        feedback_true="Right: it equates the present value of contributions plus reserves with "
        "the present value of expenditure.",
        feedback_false="It is exactly that: a constant rate over the projection period.",
    ),
    _q(
        "act-fiscal-space",
        "short_text",
        "The room in a government's budget to provide resources for a purpose without "
        "jeopardising the sustainability of its finances is called…",
        accepted=["fiscal space", "espace budgétaire", "espace fiscal"],
    ),
    _q(
        "act-indicators",
        "matching",
        "Match each indicator with its definition.",
        pairs=[
            {"premise": "Old-age dependency ratio", "match": "Population 65+ / population 15-64"},
            {"premise": "Replacement rate", "match": "Pension / earnings before retirement"},
            {"premise": "PAYG cost rate", "match": "Expenditure / insurable earnings"},
        ],
        distractors=["Contributions / GDP"],
        scoring="partial",
    ),
]

GOVERNANCE = [
    _numeric(
        "gov-c102-branches",
        "How many branches of social security does ILO Convention No. 102 (1952) set minimum "
        "standards for?",
        "9",
        "0",
        explanation="Medical care, sickness, unemployment, old age, employment injury, family, "
        "maternity, invalidity and survivors' benefits.",
    ),
    _numeric(
        "gov-r202-year",
        "In which year did the International Labour Conference adopt Recommendation No. 202 on "
        "national floors of social protection?",
        "2012",
        "0",
    ),
    _q(
        "gov-r202-kind",
        "single_choice",
        "Recommendation No. 202 asks countries to guarantee, as a floor…",
        options=_options(
            ("Basic income security and access to essential health care for all", True, ""),
            (
                "A funded individual pension account for every worker",
                False,
                "R202 is about guarantees, not a particular financing method.",
            ),
            (
                "Unemployment insurance for formal-sector workers only",
                False,
                "The floor is universal: it covers everyone across the life cycle.",
            ),
        ),
    ),
    _q(
        "gov-principles",
        "multiple_response",
        "Which of these are principles of good governance in a social-security institution?",
        points="2",
        options=_options(
            ("Accountability", True, ""),
            ("Transparency", True, ""),
            ("Predictability", True, ""),
            (
                "Secrecy of the scheme's accounts",
                False,
                "Accounts should be published and audited.",
            ),
            (
                "Political appointment of all staff",
                False,
                "Merit-based staffing protects the scheme.",
            ),
        ),
        scoring="partial",
        penalty_percent=None,
    ),
    _q(
        "gov-tripartite",
        "short_text",
        "Boards with representatives of government, employers and workers are called…",
        accepted=["tripartite", "tripartite boards", "tripartite board"],
    ),
    _q(
        "gov-informal",
        "true_false",
        "Self-employed and informal-economy workers can only be covered by tax-financed social "
        "assistance, never by social insurance.",
        answer="false",
        feedback_true="Many countries extend social insurance to them with adapted contributions.",
        feedback_false="Right: adapted contribution rules and simplified registration help.",
    ),
    _q(
        "gov-roles",
        "matching",
        "Match each body with its usual role.",
        pairs=[
            {
                "premise": "Ministry of labour or social affairs",
                "match": "Sets policy and supervises",
            },
            {
                "premise": "Social-security fund",
                "match": "Collects contributions and pays benefits",
            },
            {"premise": "Supreme audit institution", "match": "Audits the accounts"},
        ],
        distractors=["Issues currency"],
    ),
    _q(
        "gov-reform",
        "ordering",
        "Put the steps of a reform in a sensible order.",
        items=[
            "Diagnose the coverage and financing gaps",
            "Hold a national dialogue with social partners",
            "Draft and adopt the law",
            "Implement and monitor",
        ],
        scoring="partial",
    ),
]

DIGITAL = [
    _q(
        "dig-openimis",
        "single_choice",
        "What is openIMIS?",
        options=_options(
            (
                "Open-source software to manage health-insurance and social-protection schemes",
                True,
                "",
            ),
            (
                "A proprietary payment network",
                False,
                "It is open source and not a payment network.",
            ),
            ("An international treaty on data exchange", False, "It is software."),
        ),
    ),
    _q(
        "dig-dci",
        "short_text",
        "The Digital Convergence Initiative develops standards so that social-protection "
        "systems can exchange data. This property is called…",
        accepted=["interoperability", "interopérabilité"],
    ),
    _numeric(
        "dig-coverage",
        "A social registry holds 1.8 million of the country's 2.4 million households. What "
        "share of households does it cover?",
        "75",
        "0.5",
        unit="%",
    ),
    _q(
        "dig-data-protection",
        "multiple_response",
        "Which are data-protection principles for a social registry?",
        points="2",
        options=_options(
            ("Purpose limitation", True, ""),
            ("Data minimisation", True, ""),
            ("Keeping data as long as possible", False, "Keep data only as long as needed."),
            ("Security of processing", True, ""),
        ),
        scoring="partial",
        penalty_percent=None,
    ),
    _q(
        "dig-inclusion",
        "true_false",
        "Offering an online channel only is enough to reach older and rural beneficiaries.",
        answer="false",
        feedback_true="Assisted and offline channels remain essential for digital inclusion.",
    ),
    _q(
        "dig-payment-flow",
        "ordering",
        "Order the steps of a digital cash-transfer payment.",
        items=[
            "Register and verify the household",
            "Determine eligibility",
            "Generate the payroll",
            "Pay through the chosen channel",
            "Reconcile and handle complaints",
        ],
    ),
    _q(
        "dig-registries",
        "matching",
        "Match each system with what it holds.",
        pairs=[
            {"premise": "Social registry", "match": "Potential beneficiaries and their data"},
            {"premise": "Beneficiary registry", "match": "People enrolled in a programme"},
            {"premise": "Civil registry", "match": "Births, marriages and deaths"},
        ],
    ),
    _q(
        "dig-change",
        "single_choice",
        "Which is the most common reason digital projects in social protection fail?",
        options=_options(
            ("Too little attention to processes, people and change management", True, ""),
            ("Servers that are too fast", False, ""),
            ("Too many open standards", False, "Open standards usually reduce lock-in."),
        ),
    ),
]

QUIZZES = {
    "governance-of-social-security": {
        "title": "Quiz: governance of social security",
        "slug": "quiz-governance",
        "intro": "<p>Check what you learned about standards, institutions and coverage.</p>",
        "questions": GOVERNANCE,
        "pass_mark": 60,
        "attempts_allowed": 3,
        "feedback_policy": "immediately",
        "answers_policy": "after_submission",
        "shuffle_options": True,
    },
    "actuarial-planning-and-financing-of-social-protection": {
        "title": "Quiz: actuarial indicators",
        "slug": "quiz-actuarial-indicators",
        "intro": "<p>Compute the key indicators. Type numbers as you would write them "
        "(18.2 or 18,2); the unit may follow.</p>",
        "questions": ACTUARIAL + ACTUARIAL_CALCULATED,
        "pass_mark": 70,
        "attempts_allowed": 3,
        "time_limit_minutes": 30,
        "grace_period_seconds": 60,
        "grading_method": "highest",
        "feedback_policy": "after_submission",
        "answers_policy": "after_submission",
        "shuffle_questions": True,
    },
    "digital-transformation-of-social-protection": {
        "title": "Quiz: digital foundations",
        "slug": "quiz-digital-foundations",
        "intro": "<p>Registries, interoperability, data protection and inclusion.</p>",
        "questions": DIGITAL,
        "pass_mark": 70,
        "attempts_allowed": 0,
        "grading_method": "last",
        "feedback_policy": "after_submission",
        "answers_policy": "after_submission",
        "shuffle_options": True,
    },
}

H5P_TITLE = "Knowledge check: social protection floors"
H5P_LESSON = {
    "title": "Practice: social protection floors (interactive)",
    "slug": "practice-social-protection-floors",
    "is_required": False,
    "estimated_minutes": 3,
}


def _add_missing(quiz: QuizPage, questions: list[dict]) -> bool:
    """Append the demo questions a quiz made by an earlier demo lacks (by their stable ids),
    and publish; a quiz that has them all is left alone."""
    present = {block.id for block in quiz.questions}
    missing = [q for q in questions if q["id"] not in present]
    if not missing:
        return False
    raw = list(quiz.questions.raw_data) + missing
    quiz.questions = raw
    quiz.save_revision().publish()
    return True


def _quiz(module: ModulePage, fields: dict) -> tuple[QuizPage, str]:
    found = QuizPage.objects.child_of(module).filter(slug=fields["slug"]).first()
    if found is not None:
        return found, "completed" if _add_missing(found, fields["questions"]) else "unchanged"
    quiz = QuizPage(**fields)
    module.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz, "created"


def h5p_demo_package() -> H5PPackage:
    found = H5PPackage.objects.filter(title=H5P_TITLE).first()
    if found is not None:
        return found
    data = package_build(title=H5P_TITLE, content=SAMPLE_CONTENT)
    upload = io.BytesIO(data)
    upload.size = len(data)
    upload.name = "knowledge-check.h5p"
    # Socle's own library: a newer patch from this code base replaces the installed one.
    return h5p_package_create(
        title=H5P_TITLE, upload=upload, may_install_libraries=True, confirm_library_updates=True
    )


@transaction.atomic
def load(*, stdout) -> None:
    for slug, fields in QUIZZES.items():
        course = CoursePage.objects.filter(slug=slug).first()
        if course is None:
            stdout.write(f"Course {slug!r} not found: its quiz is skipped.")
            continue
        module = ModulePage.objects.child_of(course).live().order_by("-path").first()
        quiz, status = _quiz(module, dict(fields))
        stdout.write(f"Quiz {quiz.title!r}: {status}.")

    package = h5p_demo_package()
    course = CoursePage.objects.filter(slug="governance-of-social-security").first()
    if course is None:
        return
    module = ModulePage.objects.child_of(course).live().order_by("path").first()
    lesson = LessonPage.objects.child_of(module).filter(slug=H5P_LESSON["slug"]).first()
    if lesson is None:
        lesson = LessonPage(
            **H5P_LESSON,
            body=[
                (
                    "paragraph",
                    "<p>Try this short interactive question. Your answer is saved, so you can "
                    "come back to it.</p>",
                ),
                ("h5p", {"package": package, "title": ""}),
            ],
        )
        module.add_child(instance=lesson)
        lesson.save_revision().publish()
        stdout.write(f"H5P activity added to {module.title!r}.")


def quiz_pass_for_demo(*, user, quiz: QuizPage) -> bool:
    """Take the quiz for a demo learner with every answer right, through the real services
    (an attempt that is started, graded and submitted), so the step completes as it does for
    a learner: demo certificates are earned. False when the learner may not take it now."""
    try:
        attempt = attempt_start(user=user, quiz=quiz)
    except (PermissionDenied, ValidationError):
        return False
    layout = attempt.layout["q"]
    answers = {q.id: _right_answer(q, layout.get(q.id, {})) for q in attempt_questions(attempt)}
    return attempt_submit(user=user, attempt=attempt, answers=answers).passed


def _right_answer(q, entry: dict):
    """The right answer to one question as the attempt's form would post it (tokens)."""
    token_of = {index: token for token, index in entry.get("options", [])}
    if q.kind == "single_choice":
        return next(token_of[i] for i, o in enumerate(q.options) if o.correct)
    if q.kind == "multiple_response":
        return [token_of[i] for i, o in enumerate(q.options) if o.correct]
    if q.kind == "true_false":
        return "true" if q.answer_bool else "false"
    if q.kind == "numeric":
        return str(q.number)
    if q.kind == "short_text":
        return q.accepted[0]
    if q.kind == "matching":
        match_token = {index: token for token, index in entry.get("matches", [])}
        return {str(p): match_token[p] for p in entry.get("premises", [])}
    if q.kind == "ordering":
        return {token: str(index + 1) for token, index in entry.get("items", [])}
    return ""
