"""One learner record across languages: a learner who switches between English and Russian
keeps one enrolment and one progress row per step, on the source pages."""

import pytest
from django.conf import settings

from courses.models import Enrollment, LessonPage, StepProgress
from learning.locales import sync_trees
from tests.factories import course_factories as cf
from tests.factories.translations import translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    course = cf.course(title="Governance", modules=2, steps_per_module=2, sequential=True)
    sync_trees()
    translate(course, "ru", title="Управление")
    translate(cf.lessons(course)[1], "ru", title="Урок второй")
    return course


def speak(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def test_progress_survives_a_switch_to_russian_and_back(learner_client, learner, course):
    lessons = cf.lessons(course)
    assert learner_client.post(course.url + "enrol/").status_code == 302
    assert learner_client.post(lessons[0].url + "complete/").status_code == 302

    speak(learner_client, "ru")
    outline = learner_client.get(course.url).content.decode()
    assert "Управление" in outline and "Урок второй" in outline
    assert learner_client.get(lessons[2].url).status_code == 403  # still locked in Russian
    page = learner_client.get(lessons[1].url)
    assert page.status_code == 200 and "Урок второй" in page.content.decode()
    assert learner_client.post(lessons[1].url + "complete/").status_code == 302

    speak(learner_client, "en")
    assert "2 of 4 required steps done" in learner_client.get(course.url).content.decode()
    assert list(Enrollment.objects.values_list("course_id", flat=True)) == [course.pk]
    rows = StepProgress.objects.filter(user=learner, completed_at__isnull=False)
    assert sorted(rows.values_list("step_id", flat=True)) == [lessons[0].pk, lessons[1].pk]
    assert StepProgress.objects.count() == StepProgress.objects.values("step_id").distinct().count()
    assert not LessonPage.objects.filter(pk__in=rows.values("step_id")).exclude(
        locale__language_code="en"
    )


def test_a_translation_whose_source_is_unpublished_is_read_not_counted(
    learner_client, learner, course
):
    lessons = cf.lessons(course)
    learner_client.post(course.url + "enrol/")
    learner_client.post(lessons[0].url + "complete/")
    lessons[1].unpublish()
    speak(learner_client, "ru")
    assert learner_client.get(lessons[1].url).status_code == 200
    assert learner_client.post(lessons[1].url + "complete/").status_code == 403
    assert not StepProgress.objects.filter(step_id=lessons[1].pk, completed_at__isnull=False)
