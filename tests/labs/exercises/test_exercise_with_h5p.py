"""A lesson that requires both a model exercise and an H5P activity completes when the last
of them passes, whichever it is, and only then; the exercise page says what is left."""

import json

import pytest

from courses.models import LessonPage, StepProgress
from tests.factories import h5p_package
from tests.labs.exercises.conftest import BLOCK_ID, url

pytestmark = pytest.mark.django_db

PASSING = {"contribution_rate": "25", "retirement_age": "62"}


def _done(user, lesson) -> bool:
    return StepProgress.objects.filter(
        user=user, step_id=lesson.pk, completed_at__isnull=False
    ).exists()


def _statement(raw):
    return {
        "actor": {"name": "x"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "http://testserver/x"},
        "result": {"score": {"min": 0, "raw": raw, "max": 1}, "success": raw == 1},
    }


def _report(client, package, lesson, raw):
    response = client.post(
        f"/assessments/h5p/{package.uuid}/in/{lesson.pk}/xapi/",
        json.dumps(_statement(raw)),
        content_type="application/json",
    )
    assert response.status_code in (200, 201, 204), response.content


@pytest.fixture
def both(lesson, enrolled):
    """The lesson with its required exercise and a required H5P activity."""
    package = h5p_package()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk, "title": "", "required": True}},
    ]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk), package


def test_the_exercise_alone_does_not_complete_the_lesson(learner_client, enrolled, both):
    lesson, package = both
    html = learner_client.post(url(lesson, "check"), PASSING).content.decode()
    assert "Well done" in html
    assert "You have completed this lesson." not in html
    assert "To complete this lesson: Pass the interactive activity in this lesson." in html
    assert not _done(enrolled, lesson)
    _report(learner_client, package, lesson, raw=0)  # a failing try changes nothing
    assert not _done(enrolled, lesson)
    _report(learner_client, package, lesson, raw=1)
    assert _done(enrolled, lesson)


def test_the_activity_alone_does_not_complete_the_lesson(learner_client, enrolled, both):
    lesson, package = both
    _report(learner_client, package, lesson, raw=1)
    assert not _done(enrolled, lesson)
    html = learner_client.post(url(lesson, "check", block_id=BLOCK_ID), PASSING).content.decode()
    assert "You have completed this lesson." in html
    assert _done(enrolled, lesson)
