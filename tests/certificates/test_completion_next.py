"""A passing quiz that finishes the course says so on its result page and points to the
certificate, through the courses app's `course_completion_next` hook."""

import pytest
from wagtail import hooks

from certificates.models import Certificate
from courses.hooks import COMPLETION_NEXT, CompletionNext
from courses.selectors import course_steps
from courses.services import enrollment_create, step_complete
from tests.factories import CourseCertificateSettingsFactory, quiz_page, right_answers

from .test_pass_marks import _start, _submit

pytestmark = pytest.mark.django_db


def _finish_all_but(learner, course, quiz):
    enrollment_create(user=learner, course=course)
    for step in course_steps(course):
        if step.pk != quiz.pk:
            step_complete(user=learner, step=step)


def _pass(client, quiz, capture):
    with capture(execute=True):
        attempt = _start(client, quiz)
        _submit(client, attempt, right_answers(attempt))
    return client.get(f"/assessments/attempts/{attempt.uuid}/result/")


def test_the_result_of_the_quiz_that_ends_the_course_points_to_the_certificate(
    learner_client, learner, awarding_course, django_capture_on_commit_callbacks
):
    quiz = quiz_page(course=awarding_course, pass_mark=70)
    _finish_all_but(learner, awarding_course, quiz)
    response = _pass(learner_client, quiz, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    body = response.content.decode()
    certificate = Certificate.objects.get(user=learner, course=awarding_course)
    assert "You have completed the course" in body
    assert "Your certificate is ready." in body
    assert certificate.get_download_url() in body


def test_a_pass_that_does_not_end_the_course_says_nothing_of_it(
    learner_client, learner, awarding_course, django_capture_on_commit_callbacks
):
    quiz = quiz_page(course=awarding_course, pass_mark=70)
    enrollment_create(user=learner, course=awarding_course)  # the lessons are still open
    body = _pass(learner_client, quiz, django_capture_on_commit_callbacks).content.decode()
    assert "You have completed the course" not in body
    assert "certificate" not in body.lower()


def test_a_course_without_certificate_says_completed_without_a_link(
    learner_client, learner, course, django_capture_on_commit_callbacks
):
    quiz = quiz_page(course=course, pass_mark=70)
    _finish_all_but(learner, course, quiz)
    body = _pass(learner_client, quiz, django_capture_on_commit_callbacks).content.decode()
    assert "You have completed the course" in body
    assert "Your certificate" not in body


def test_unmet_certificate_requirements_are_named(
    learner_client, learner, course, template, django_capture_on_commit_callbacks
):
    CourseCertificateSettingsFactory(course=course, template=template)
    quiz = quiz_page(course=course, pass_mark=70)
    _finish_all_but(learner, course, quiz)

    def attendance(user, course):
        return ["Attend 2 of 3 live sessions."]

    with hooks.register_temporarily("certificate_requirements", attendance):
        body = _pass(learner_client, quiz, django_capture_on_commit_callbacks).content.decode()
    assert "Your certificate still needs: Attend 2 of 3 live sessions." in body
    assert not Certificate.objects.exists()


def test_the_result_page_shows_what_any_app_registers(
    learner_client, learner, course, django_capture_on_commit_callbacks
):
    quiz = quiz_page(course=course, pass_mark=70)
    _finish_all_but(learner, course, quiz)

    def survey(*, user, course):
        return CompletionNext(message="Tell us how it went.", url="/survey/", label="Survey")

    with hooks.register_temporarily(COMPLETION_NEXT, survey):
        body = _pass(learner_client, quiz, django_capture_on_commit_callbacks).content.decode()
    assert "Tell us how it went." in body and 'href="/survey/"' in body
