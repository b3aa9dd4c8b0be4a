"""The demo's model exercises: where they are, that loading twice adds nothing, that each
task can be passed with the real models (and is not passed at the start), and that demo
learners pass them by a real run."""

import os

import pytest
from django.core.management import call_command

from courses.models import CoursePage, LessonPage
from labs.exercise import TASK_ANSWER
from labs.grading import grade
from labs.lesson_demo import SOLUTIONS, block_id
from labs.models import TaskResult
from labs.selectors import exercise_in

pytestmark = pytest.mark.django_db

ACTUARIAL = "actuarial-planning-and-financing-of-social-protection"
GOVERNANCE = "governance-of-social-security"


def exercises(course_slug):
    course = CoursePage.objects.get(slug=course_slug, locale__language_code="en")
    found = []
    for lesson in LessonPage.objects.live().descendant_of(course):
        for item in lesson.body.raw_data:
            if item["type"] == "model_exercise":
                found.append(exercise_in(lesson, item["id"]))
    return found


def test_the_demo_courses_hold_graded_exercises_and_load_twice(demo_data):
    actuarial = exercises(ACTUARIAL)
    assert {e.slug for e in actuarial} >= {"population", "payg", "social_pension"}
    assert all(e.task_kind for e in actuarial)
    assert [e.slug for e in exercises(GOVERNANCE)] == ["child_benefit"]
    call_command("load_demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert len(exercises(ACTUARIAL)) == len(actuarial)
    assert len(exercises(GOVERNANCE)) == 1


def test_every_demo_task_is_reachable_with_the_real_models(demo_data):
    for exercise in exercises(ACTUARIAL) + exercises(GOVERNANCE):
        if exercise.task_kind == TASK_ANSWER:
            values = exercise.values_with(exercise.required_values)
            result = exercise.run(exercise.required_values)
            right = result.value(exercise.output, exercise.year)
            assert grade(exercise, values, result, right).passed, exercise.title
            wrong = right + 2 * exercise.tolerance + 0.01
            assert not grade(exercise, values, result, wrong).passed, exercise.title
        else:
            solution = SOLUTIONS[exercise.block_id]
            assert exercise.check_learner_values(solution) == {}
            passed = grade(exercise, {}, exercise.run(solution), None)
            assert passed.passed, (exercise.title, passed.message)
            start = grade(exercise, {}, exercise.run(), None)
            assert not start.passed, exercise.title


def test_the_reserve_task_says_when_the_reserve_runs_out(demo_data):
    payg = next(e for e in exercises(ACTUARIAL) if e.block_id == block_id("payg"))
    verdict = grade(payg, {}, payg.run({"contribution_rate": 8}), None)
    assert "below 0 in 2049" in verdict.message


def test_demo_learners_pass_required_exercises_by_a_real_run(demo_data):
    """The cohort demo finishes steps in order; the governance exercise is passed, not faked."""
    lesson = LessonPage.objects.get(
        slug="convention-102-and-recommendation-202", locale__language_code="en"
    )
    passed = TaskResult.objects.filter(page_id=lesson.pk, block_id=block_id("child-benefit"))
    assert passed.exists()
    assert all(row.passed and row.values == {"benefit": 15, "age_limit": 6} for row in passed)
