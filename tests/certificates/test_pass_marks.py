"""Pass marks: a course with a quiz awards its certificate only once the quiz is passed,
and the certificate's grade is the learner's best score."""

from decimal import Decimal

import pytest
from django.core import mail

from assessments.models import Attempt
from certificates.models import Certificate
from courses.selectors import course_steps
from courses.services import enrollment_create, step_complete
from tests.factories import attempt_form, quiz_page, right_answers

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def _start(client, quiz) -> Attempt:
    response = client.post(f"/assessments/quizzes/{quiz.pk}/start/")
    assert response.status_code == 302
    return Attempt.objects.get(uuid=response.url.rstrip("/").rsplit("/", 1)[-1])


def _submit(client, attempt, answers):
    form = attempt_form(attempt, answers, action="submit")
    assert client.post(f"/assessments/attempts/{attempt.uuid}/", form).status_code == 302


def test_certificate_follows_the_passed_quiz_with_the_best_score_as_grade(
    learner_client, learner, awarding_course, django_capture_on_commit_callbacks
):
    quiz = quiz_page(course=awarding_course, pass_mark=70)
    template = awarding_course.certificate_settings.template
    template.body = "{learner_name} completed {course_title} with a grade of {grade}."
    template.save()
    enrollment_create(user=learner, course=awarding_course)
    for step in course_steps(awarding_course):
        if step.pk != quiz.pk:
            step_complete(user=learner, step=step)

    with django_capture_on_commit_callbacks(execute=True):
        _submit(learner_client, _start(learner_client, quiz), {})
    assert Attempt.objects.get(user=learner).passed is False
    assert not Certificate.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        attempt = _start(learner_client, quiz)
        _submit(learner_client, attempt, right_answers(attempt))

    certificate = Certificate.objects.get(user=learner, course=awarding_course)
    assert certificate.grade == Decimal("100.00")
    assert "with a grade of 100 %" in pdf_text(certificate.pdf.read())
    assert len(mail.outbox) == 1
