"""A course decides whether an H5P activity counts toward completion; when it does, only the
activity's own passing result, reported in that lesson, completes the lesson (issue 12)."""

import json

import pytest
from django.test import Client

from assessments.models import H5PResult, H5PStatement
from courses.models import Enrollment, LessonPage, ModulePage, StepProgress
from courses.services import (
    course_complete_if_done,
    course_completion_unmet,
    enrollment_create,
    step_complete,
)
from tests.factories import UserFactory, enrolled, h5p_package
from tests.factories.courses import course as make_course
from tests.factories.courses import lessons

pytestmark = pytest.mark.django_db


def statement(raw=1, max_=1, success=True, parent=False):
    data = {
        "actor": {"name": "x"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "http://testserver/x"},
        "result": {"score": {"min": 0, "raw": raw, "max": max_}, "success": success},
    }
    if parent:
        data["context"] = {"contextActivities": {"parent": [{"id": "http://testserver/p"}]}}
    return data


def report(client, package, page, body):
    return client.post(
        f"/assessments/h5p/{package.uuid}/in/{page.pk}/xapi/",
        json.dumps(body),
        content_type="application/json",
    )


def place(lesson, package, *, required=True):
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk, "title": "", "required": required}},
    ]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def done(user, page) -> bool:
    return StepProgress.objects.filter(
        user=user, step_id=page.pk, completed_at__isnull=False
    ).exists()


def status(user, course) -> str:
    return Enrollment.objects.get(user=user, course=course).status


@pytest.fixture
def one_lesson_course(learner):
    package = h5p_package()
    course = make_course(modules=1, steps_per_module=1)
    lesson = place(lessons(course)[0], package)
    enrolled(learner, lesson)
    return course, lesson, package


def test_an_optional_activity_does_not_hold_the_course_back(learner):
    package = h5p_package()
    course = make_course(modules=1, steps_per_module=1)
    lesson = place(lessons(course)[0], package, required=False)
    enrolled(learner, lesson)
    step_complete(user=learner, step=lesson)
    assert status(learner, course) == "completed"


def test_a_required_activity_completes_the_lesson_and_course_only_when_passed(
    learner_client, learner, one_lesson_course
):
    course, lesson, package = one_lesson_course
    failed = statement(raw=0, success=False)
    assert report(learner_client, package, lesson, failed).status_code == 201
    assert not done(learner, lesson)
    assert course_complete_if_done(user=learner, course=course) is False
    assert report(learner_client, package, lesson, statement(raw=1)).status_code == 201
    assert done(learner, lesson)
    assert status(learner, course) == "completed"


def test_full_marks_without_a_success_flag_pass(learner_client, learner, one_lesson_course):
    course, lesson, package = one_lesson_course
    assert report(learner_client, package, lesson, statement(raw=3, max_=3, success=None))
    assert done(learner, lesson) and status(learner, course) == "completed"


def test_a_sub_content_statement_completes_nothing(learner_client, learner, one_lesson_course):
    course, lesson, package = one_lesson_course
    assert report(learner_client, package, lesson, statement(parent=True)).status_code == 201
    assert not H5PResult.objects.exists()
    assert not done(learner, lesson) and status(learner, course) == "active"


def test_a_score_above_the_maximum_is_refused_and_completes_nothing(
    learner_client, learner, one_lesson_course
):
    course, lesson, package = one_lesson_course
    response = report(learner_client, package, lesson, statement(raw=11, max_=10))
    assert response.status_code == 400
    assert "out of range" in response.json()["error"]
    assert not H5PStatement.objects.exists() and not done(learner, lesson)


def test_a_result_reported_through_another_page_does_not_count(
    learner_client, learner, one_lesson_course
):
    """The same package placed in a second course the learner also studies: passing it there
    completes nothing in the first course."""
    course, lesson, package = one_lesson_course
    other_course = make_course(title="Other", modules=1, steps_per_module=1)
    other = place(lessons(other_course)[0], package, required=False)
    enrolled(learner, other)
    assert report(learner_client, package, other, statement(raw=1)).status_code == 201
    assert H5PResult.objects.filter(page=other).count() == 1
    assert not done(learner, lesson)
    unmet = course_completion_unmet(user=learner, course=course)
    assert f"Complete the interactive activity in “{lesson.title}”." in unmet


def test_a_learner_not_enrolled_or_withdrawn_reports_nothing(learner, one_lesson_course):
    course, lesson, package = one_lesson_course
    stranger = Client()
    stranger.force_login(UserFactory())
    assert report(stranger, package, lesson, statement()).status_code == 403
    Enrollment.objects.filter(user=learner).update(status="withdrawn")
    client = Client()
    client.force_login(learner)
    assert report(client, package, lesson, statement()).status_code == 403
    assert not H5PStatement.objects.exists() and not done(learner, lesson)


def test_a_statement_for_a_locked_lesson_is_refused(learner_client, learner):
    package = h5p_package()
    course = make_course(modules=2, steps_per_module=1, sequential=True)
    second_module = ModulePage.objects.child_of(course).order_by("-path").first()
    locked = place(LessonPage.objects.child_of(second_module).get(), package)
    enrollment_create(user=learner, course=course)
    response = report(learner_client, package, locked, statement())
    assert response.status_code == 403
    assert "locked" in response.json()["error"]
    assert not H5PStatement.objects.exists() and not done(learner, locked)


def test_two_required_activities_both_need_a_pass(learner_client, learner):
    first, second = h5p_package(title="One"), h5p_package(title="Two")
    course = make_course(modules=1, steps_per_module=1)
    lesson = place(place(lessons(course)[0], first), second)
    enrolled(learner, lesson)
    assert report(learner_client, first, lesson, statement()).status_code == 201
    assert not done(learner, lesson)
    assert report(learner_client, second, lesson, statement()).status_code == 201
    assert done(learner, lesson) and status(learner, course) == "completed"
