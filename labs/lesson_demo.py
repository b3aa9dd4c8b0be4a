"""Demo model exercises in the demo courses, and passing them for demo learners.

`load(*, stdout)` is idempotent: each exercise has a stable block id and is appended to its
lesson only when the lesson has no block with that id (a new revision, published). Task
targets were computed with the engine when they were written; `SOLUTIONS` holds, for each
target task, inputs that reach it, so demo learners pass by a real, graded run.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from courses.models import CoursePage, LessonPage
from learning.locales import default_locale_id

from .exercise import TASK_ANSWER, ExerciseUnavailable
from .selectors import exercise_in, required_exercise_ids


def block_id(name: str) -> str:
    # Stable block ids: reloading the demo never changes an exercise's identity.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"socle-demo-lab:{name}"))


def _a(name, value, adjustable=False, minimum=None, maximum=None):
    return {
        "name": name,
        "value": value,
        "adjustable": adjustable,
        "minimum": minimum,
        "maximum": maximum,
    }


def _exercise(model, title, task, assumptions, **grading):
    return {
        "model": model,
        "profile": None,
        "title": title,
        "task": f"<p>{task}</p>",
        "assumptions": assumptions,
        "charts": grading.pop("charts", []),
        "task_kind": grading.pop("task_kind", "target"),
        "output": "",
        "year": None,
        "every_year": False,
        "comparison": "at_least",
        "target": None,
        "tolerance": None,
        "required_values": [],
        "required": True,
        **grading,
    }


# Values computed with the engine on its illustrative profile (base year 2025) when written:
# old-age dependency ratio in 2060 at 1.5 children per woman 15.88 %; the PAYG reserve below
# runs out in 2030 at a 6 % contribution rate, in 2049 at 8 %, and holds to 2060 at 10 %;
# the social pension at 30 % of the poverty line costs 0.453 % of GDP in 2030; the child
# benefit at 30 % costs 0.87 % of GDP in 2030 and at 15 % 0.43 %.
POPULATION = _exercise(
    "population",
    "Lab: how fast does the population age?",
    "Move fertility and the gains in life expectancy and watch the old-age dependency ratio. "
    "Then set fertility to fall to <b>1.5 children per woman</b> and give the old-age "
    "dependency ratio in <b>2060</b> (in %, to one decimal).",
    [
        _a("horizon", 50),
        _a("tfr_target", 2.1, True, 1.0, 4.0),
        _a("e0_gain", 1.0, True, 0.0, 3.0),
    ],
    task_kind="answer",
    output="old_age_dependency_ratio",
    year=2060,
    tolerance=0.2,
    required_values=[{"name": "tfr_target", "value": 1.5}],
)
PAYG = _exercise(
    "payg",
    "Lab: keep the reserve fund positive",
    "This scheme promises 60 % of the average wage and starts with a reserve of two years of "
    "expenditure. Change the contribution rate and the retirement age, and find a "
    "combination that keeps the <b>reserve positive every year until 2060</b>.",
    [
        _a("horizon", 50),
        _a("contribution_rate", 6, True, 4, 20),
        _a("retirement_age", 60, True, 55, 67),
        _a("replacement_rate", 60),
        _a("investment_return", 2),
        _a("initial_reserve", 2),
        _a("coverage_growth", 0.5),
    ],
    output="reserve",
    year=2060,
    every_year=True,
    comparison="at_least",
    target=0,
)
SOCIAL_PENSION = _exercise(
    "social_pension",
    "Lab: what does a social pension cost?",
    "Set the benefit to <b>30 % of the poverty line</b>. What does the social pension cost "
    "in <b>2030</b>, as a percentage of GDP (to two decimals)?",
    [
        _a("horizon", 10),
        _a("benefit", 20, True, 5, 60),
        _a("eligibility_age", 65, True, 60, 75),
        _a("take_up", 85),
    ],
    task_kind="answer",
    output="cost_pct_gdp",
    year=2030,
    tolerance=0.01,
    required_values=[{"name": "benefit", "value": 30}],
)
CHILD_BENEFIT = _exercise(
    "child_benefit",
    "Lab: a child benefit within a fiscal envelope",
    "The ministry of finance offers at most <b>0.5 % of GDP</b>. Choose a benefit level and "
    "an age limit for a universal child benefit that costs no more than that in <b>2030</b>.",
    [
        _a("horizon", 10),
        _a("benefit", 30, True, 5, 60),
        _a("age_limit", 6, True, 1, 18),
    ],
    output="cost_pct_gdp",
    year=2030,
    comparison="at_most",
    target=0.5,
)

# Course slug -> lesson slug -> [(exercise name, block value)].
EXERCISES: dict[str, dict[str, list[tuple[str, dict]]]] = {
    "actuarial-planning-and-financing-of-social-protection": {
        "dependency-ratios": [("population", POPULATION)],
        "financing-systems-and-reserve-ratio": [("payg", PAYG)],
        "social-budgets-and-fiscal-space": [("social-pension", SOCIAL_PENSION)],
    },
    "governance-of-social-security": {
        "convention-102-and-recommendation-202": [("child-benefit", CHILD_BENEFIT)],
    },
}
# Block id -> the learner's adjustable inputs that pass its target task (answer tasks are
# passed with their required values and the model's own value).
SOLUTIONS: dict[str, dict[str, float]] = {
    block_id("payg"): {"contribution_rate": 10, "retirement_age": 60},
    block_id("child-benefit"): {"benefit": 15, "age_limit": 6},
}


@transaction.atomic
def load(*, stdout) -> None:
    added = 0
    for course_slug, lessons in EXERCISES.items():
        course = CoursePage.objects.filter(locale_id=default_locale_id(), slug=course_slug).first()
        if course is None:
            stdout.write(f"labs: course {course_slug!r} not found, its exercises are skipped.")
            continue
        for lesson in LessonPage.objects.descendant_of(course).filter(slug__in=lessons):
            added += _add(lesson, lessons[lesson.slug])
    stdout.write(f"labs: {added} model exercises added." if added else "labs: unchanged.")


def _add(lesson: LessonPage, exercises: list[tuple[str, dict]]) -> int:
    ids = {item.get("id") for item in lesson.body.raw_data}
    new = [(name, value) for name, value in exercises if block_id(name) not in ids]
    if new:
        lesson.body = [
            *lesson.body.raw_data,
            *({"type": "model_exercise", "id": block_id(n), "value": v} for n, v in new),
        ]
        lesson.save_revision().publish()
    return len(new)


def exercise_pass_for_demo(*, user, step) -> bool | None:
    """Pass a lesson's required model exercises for a demo learner through `task_check` (a
    real run, graded on the server). None for a step without any; False when one cannot be
    passed (no known solution, or the learner may not study the lesson now)."""
    from .services import task_check  # noqa: PLC0415 (services import selectors, as this does)

    if not isinstance(step, LessonPage):
        return None
    required = required_exercise_ids(step)
    if not required:
        return None
    try:
        for bid in required:
            exercise = exercise_in(step, bid)
            values = dict(SOLUTIONS.get(bid, {}))
            answer = None
            if exercise.task_kind == TASK_ANSWER:
                values = {**values, **exercise.required_values}
                answer = exercise.run(values).value(exercise.output, exercise.year)
            outcome = task_check(
                user=user, lesson=step, exercise=exercise, values=values, answer=answer
            )
            if not outcome.verdict.passed:
                return False
    except (PermissionDenied, ValidationError, ExerciseUnavailable, LookupError, Http404):
        return False
    return True
