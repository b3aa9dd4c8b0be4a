"""A model exercise in a translated lesson: the learner's scenarios and task results point at
the lesson's source page, so switching language keeps them (learning.locales)."""

import pytest
from django.conf import settings

from courses.models import LessonPage, StepProgress
from labs.models import Scenario, TaskResult
from learning.locales import sync_trees
from tests.factories.translations import translate
from tests.labs.exercises.conftest import url

pytestmark = pytest.mark.django_db


def speak(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


@pytest.fixture
def russian(lesson):
    sync_trees()
    return translate(lesson, "ru", title="Резерв фонда")


def test_a_task_passed_in_russian_is_passed_in_english(learner_client, enrolled, lesson, russian):
    speak(learner_client, "ru")
    response = learner_client.post(
        url(russian, "check"), {"contribution_rate": "25", "retirement_age": "62"}
    )
    assert response.status_code == 200
    assert list(TaskResult.objects.values_list("page_id", "passed")) == [(lesson.pk, True)]
    assert StepProgress.objects.filter(
        user=enrolled, step_id=lesson.pk, completed_at__isnull=False
    ).exists()

    speak(learner_client, "en")
    html = learner_client.get(lesson.url).content.decode()
    assert "You have passed this task." in html
    assert TaskResult.objects.count() == 1


def test_a_scenario_saved_in_english_is_listed_in_russian(
    learner_client, enrolled, lesson, russian
):
    response = learner_client.post(
        url(lesson, "scenario_save"),
        {"name": "Plan A", "contribution_rate": "20", "retirement_age": "62"},
    )
    assert response.status_code == 302
    assert list(Scenario.objects.values_list("page_id", "name")) == [(lesson.pk, "Plan A")]
    speak(learner_client, "ru")
    page = learner_client.get(lesson.url)
    html = page.content.decode()
    assert "Резерв фонда" in html and "Plan A" in html
    # The same scenario saved again from the Russian page is refused as a duplicate name.
    again = learner_client.post(
        url(russian, "scenario_save"),
        {"name": "Plan A", "contribution_rate": "21", "retirement_age": "62"},
    )
    assert Scenario.objects.count() == 1, again.content.decode()[:500]
    assert not LessonPage.objects.filter(pk__in=Scenario.objects.values("page_id")).exclude(
        locale__language_code="en"
    )
