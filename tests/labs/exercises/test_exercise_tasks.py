"""Graded tasks, checked on the server by running the model; a required exercise completes
the lesson (and counts toward the course) once passed, as a required H5P activity does."""

import pytest

from courses.models import Enrollment, StepProgress
from courses.services import course_completion_unmet, step_complete
from labs.models import TaskResult
from tests.factories import course_factories as cf
from tests.labs.exercises.conftest import BLOCK_ID, url, with_exercise

pytestmark = pytest.mark.django_db


def check(client, lesson, block_id=BLOCK_ID, **data):
    return client.post(url(lesson, "check", block_id=block_id), data)


def done(user, lesson) -> bool:
    return StepProgress.objects.filter(
        user=user, step_id=lesson.pk, completed_at__isnull=False
    ).exists()


def test_a_target_not_reached_says_why_in_plain_words(learner_client, enrolled, lesson):
    # 500 a year in, 1000 + 20 t out: 5000 to start runs out in the ninth year.
    response = check(learner_client, lesson, contribution_rate="5", retirement_age="60")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not yet: Reserve fund is -220 TOY, below 0 in 2033." in html
    row = TaskResult.objects.get()
    assert (row.tries, row.passed, row.passed_at) == (1, False, None)
    assert not done(enrolled, lesson)


def test_a_target_reached_passes_and_completes_the_required_lesson(
    learner_client, enrolled, lesson, course
):
    # Benefits reach (1000 + 20 x 35) x 13/15 = 1473 in 2060, below 2500 of contributions.
    response = check(learner_client, lesson, contribution_rate="25", retirement_age="62")
    html = response.content.decode()
    assert "Well done: Reserve fund stays within the target until 2060." in html
    assert "You have completed this lesson." in html
    row = TaskResult.objects.get()
    assert row.passed and row.tries == 1 and row.passed_at is not None
    assert row.values == {"contribution_rate": 25.0, "retirement_age": 62}
    assert done(enrolled, lesson)
    # Passed stays passed: a later failing try is counted, not un-passed.
    check(learner_client, lesson, contribution_rate="5", retirement_age="55")
    row.refresh_from_db()
    assert row.passed and row.tries == 2
    assert "You have passed this task." in learner_client.get(lesson.url).content.decode()


def test_the_lesson_button_cannot_complete_a_required_exercise(learner_client, enrolled, lesson):
    html = learner_client.get(lesson.url).content.decode()
    assert "Mark as complete and continue" not in html
    assert learner_client.post(f"{lesson.url}complete/").status_code == 403
    assert not done(enrolled, lesson)


def test_the_course_needs_the_required_exercise(enrolled, lesson, course):
    for other in cf.lessons(course)[1:]:
        step_complete(user=enrolled, step=other)
    assert "Pass the model exercise in “Lesson 1.1”." in course_completion_unmet(
        user=enrolled, course=course
    )
    assert Enrollment.objects.get(user=enrolled).status == "active"


def test_passing_the_last_step_completes_the_course(learner_client, enrolled, lesson, course):
    for other in cf.lessons(course)[1:]:
        step_complete(user=enrolled, step=other)
    check(learner_client, lesson, contribution_rate="25", retirement_age="62")
    assert course_completion_unmet(user=enrolled, course=course) == []
    assert Enrollment.objects.get(user=enrolled).status == "completed"


def test_an_optional_exercise_grades_but_does_not_complete(learner_client, enrolled, course):
    lesson = with_exercise(cf.lessons(course)[1], block_id="b-opt", required=False)
    check(learner_client, lesson, block_id="b-opt", contribution_rate="25", retirement_age="62")
    assert TaskResult.objects.get().passed
    assert not done(enrolled, lesson)
    assert "Mark as complete and continue" in learner_client.get(lesson.url).content.decode()


def answer_lesson(course):
    return with_exercise(
        cf.lessons(course)[1],
        block_id="b-answer",
        task_kind="answer",
        output="reserve",
        year=2030,
        every_year=False,
        tolerance=1,
        required_values=[{"name": "contribution_rate", "value": 20}],
    )


def test_an_answer_task_is_right_within_its_tolerance(learner_client, enrolled, course):
    lesson = answer_lesson(course)
    # t = 0..5, benefits 1000 + 20t, contributions 2000: 5000 + sum(1000 - 20t) = 10700
    wrong = check(learner_client, lesson, "b-answer", contribution_rate="20", answer="10650")
    assert "your answer is too low" in wrong.content.decode()
    assert "the model gives" not in wrong.content.decode()  # not given away by the feedback
    right = check(learner_client, lesson, "b-answer", contribution_rate="20", answer="10700.5")
    assert "Right: the model gives 10,700" in right.content.decode()
    assert TaskResult.objects.get().passed
    assert TaskResult.objects.get().answer == 10700.5


def test_an_answer_for_other_inputs_than_the_task_says_fails(learner_client, enrolled, course):
    lesson = answer_lesson(course)
    response = check(learner_client, lesson, "b-answer", contribution_rate="15", answer="10700")
    assert "Set Contribution rate to 20, as the task says" in response.content.decode()
    assert not TaskResult.objects.get().passed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"contribution_rate": "20"}, "Type your answer."),
        ({"contribution_rate": "20", "answer": "lots"}, "Enter a number."),
        ({"contribution_rate": "20", "answer": "nan"}, "Enter a number."),
        ({"contribution_rate": "31", "answer": "1"}, "less than or equal to 30"),
    ],
)
def test_bad_answers_write_nothing(learner_client, enrolled, course, data, message):
    lesson = answer_lesson(course)
    response = check(learner_client, lesson, "b-answer", **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TaskResult.objects.exists()


def test_checking_an_exercise_without_a_task_is_refused(learner_client, enrolled, course):
    lesson = with_exercise(cf.lessons(course)[1], block_id="b-none", task_kind="", required=False)
    response = check(learner_client, lesson, "b-none", contribution_rate="20")
    assert response.status_code == 400
    assert "This exercise has no graded task." in response.content.decode()
    assert not TaskResult.objects.exists()


def test_a_learner_not_enrolled_cannot_be_graded(learner_client, learner, lesson):
    assert check(learner_client, lesson, contribution_rate="25").status_code == 403
    assert not TaskResult.objects.exists()


def test_a_get_is_not_a_check(learner_client, enrolled, lesson):
    assert learner_client.get(url(lesson, "check")).status_code == 405
