"""A translated lesson places its own H5P package: its passing result completes the source
step, and the result is recorded on the source lesson."""

import pytest

from assessments.gradebook import h5p_items
from assessments.models import H5PResult, H5PStatement
from courses.models import Enrollment, LessonPage
from learning.locales import sync_trees
from tests.factories import UserFactory, enrolled, h5p_package
from tests.factories.courses import course as make_course
from tests.factories.courses import lessons
from tests.factories.translations import translate

from .test_h5p_completion import done, place, report, statement

pytestmark = pytest.mark.django_db


def _translate_with_package(lesson, package) -> LessonPage:
    page = translate(lesson, "ru")
    body = page.body.raw_data
    for block in body:
        if block["type"] == "h5p":
            block["value"]["package"] = package.pk  # the translator overrides the chooser
    page.body = list(body)
    page.save_revision().publish()
    return LessonPage.objects.get(pk=page.pk)


@pytest.fixture
def translated(learner):
    english, russian = h5p_package(title="Check"), h5p_package(title="Проверка")
    course = make_course(modules=1, steps_per_module=1)
    lesson = place(lessons(course)[0], english)
    enrolled(learner, lesson)
    sync_trees()
    return course, lesson, _translate_with_package(lesson, russian), english, russian


def test_a_pass_on_the_translations_package_completes_the_source_step(
    learner_client, learner, translated
):
    course, lesson, ru_lesson, english, russian = translated
    # The English package played on the Russian page is not placed there: refused.
    assert report(learner_client, english, ru_lesson, statement()).status_code == 403
    assert not done(learner, lesson)
    # A failing result counts nothing; a passing one completes the source step and course.
    assert report(learner_client, russian, ru_lesson, statement(0, 1, False)).status_code == 201
    assert not done(learner, lesson)
    assert report(learner_client, russian, ru_lesson, statement()).status_code == 201
    assert set(H5PResult.objects.values_list("page_id", flat=True)) == {lesson.pk}
    assert set(H5PStatement.objects.values_list("page_id", flat=True)) == {lesson.pk}
    assert done(learner, lesson)
    assert not done(learner, ru_lesson)
    assert Enrollment.objects.get(user=learner, course=course).status == "completed"
    # The trainer's gradebook shows the result under the lesson's activity.
    [item] = h5p_items(course_id=course.pk, step_ids=[lesson.pk], user_ids=[learner.pk])
    assert item["step_id"] == lesson.pk and item["scores"] == {learner.pk: 100.0}


def test_a_learner_not_enrolled_may_not_play_the_translation(client, translated):
    _course, lesson, ru_lesson, _english, russian = translated
    stranger = UserFactory(roles=["Learner"])
    client.force_login(stranger)
    assert report(client, russian, ru_lesson, statement()).status_code == 403
    assert not H5PResult.objects.exists()
