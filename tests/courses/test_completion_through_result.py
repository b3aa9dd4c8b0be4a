"""Issue 12: a step that completes through its own result (a quiz, a lesson holding a required
H5P activity) is never completed by the "mark as complete" button, so a certificate that
verifies as Valid was earned."""

import pytest
from django.core.exceptions import PermissionDenied

from assessments.models import Attempt
from certificates.models import Certificate
from courses.models import Enrollment, LessonPage, ModulePage, StepProgress
from courses.selectors import course_steps
from courses.services import enrollment_create, step_complete
from tests.factories import (
    CertificateTemplateFactory,
    CourseCertificateSettingsFactory,
    attempt_form,
    enrolled,
    h5p_package,
    quiz_page,
    right_answers,
)
from tests.factories import course_factories as cf

pytestmark = pytest.mark.django_db


def complete_url(step):
    """A lesson's own "complete" route; a quiz has none, so its old by-id address."""
    if isinstance(step.specific, LessonPage):
        return f"{step.url}complete/"
    return f"/courses/steps/{step.pk}/complete/"


def done(user, step) -> bool:
    return StepProgress.objects.filter(
        user=user, step_id=step.pk, completed_at__isnull=False
    ).exists()


def with_activity(lesson, *, required: bool):
    package = h5p_package()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk, "title": "", "required": required}},
    ]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk), package


def test_posting_complete_on_a_quiz_is_refused_and_writes_nothing(learner_client, learner):
    quiz = quiz_page()
    enrolled(learner, quiz)
    response = learner_client.post(complete_url(quiz))
    assert response.status_code == 403
    assert "is completed by passing its activity" in response.content.decode()
    assert not done(learner, quiz)


def test_the_service_refuses_a_quiz_too(learner):
    quiz = quiz_page()
    enrolled(learner, quiz)
    with pytest.raises(PermissionDenied):
        step_complete(user=learner, step=quiz)
    assert not StepProgress.objects.filter(step_id=quiz.pk, completed_at__isnull=False).exists()


def test_a_lesson_with_a_required_activity_cannot_be_marked_complete(learner_client, learner):
    course = cf.course(modules=1, steps_per_module=1)
    lesson, _package = with_activity(cf.lessons(course)[0], required=True)
    enrolled(learner, lesson)
    page = learner_client.get(lesson.url)
    assert "Mark as complete and continue" not in page.content.decode()
    assert "completed when you pass its activity" in page.content.decode()
    response = learner_client.post(complete_url(lesson))
    assert response.status_code == 403
    assert not done(learner, lesson)
    assert Enrollment.objects.get(user=learner, course=course).status == "active"


def test_a_lesson_with_an_optional_activity_is_still_marked_complete(learner_client, learner):
    course = cf.course(modules=1, steps_per_module=2)
    lesson, _package = with_activity(cf.lessons(course)[0], required=False)
    enrolled(learner, lesson)
    assert "Mark as complete and continue" in learner_client.get(lesson.url).content.decode()
    assert learner_client.post(complete_url(lesson)).status_code == 302
    assert done(learner, lesson)


def test_end_to_end_completing_every_step_by_hand_earns_nothing_until_the_quiz_is_passed(
    learner_client, learner, home_page, django_capture_on_commit_callbacks
):
    course = cf.course(modules=1, steps_per_module=2, index=cf.catalogue(home_page))
    CourseCertificateSettingsFactory(course=course, template=CertificateTemplateFactory())
    quiz = quiz_page(course=course, pass_mark=70)
    with django_capture_on_commit_callbacks(execute=True):
        assert learner_client.post(f"{course.url}enrol/").status_code == 302
        for step in course_steps(course):
            learner_client.post(complete_url(step))
    assert not done(learner, quiz)
    assert Attempt.objects.filter(user=learner).count() == 0
    assert Enrollment.objects.get(user=learner, course=course).status == "active"
    assert not Certificate.objects.filter(user=learner).exists()

    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(f"/assessments/quizzes/{quiz.pk}/start/")
        attempt = Attempt.objects.get(user=learner, quiz=quiz)
        form = attempt_form(attempt, right_answers(attempt), action="submit")
        response = learner_client.post(f"/assessments/attempts/{attempt.uuid}/", form)
        assert response.status_code == 302
    assert done(learner, quiz)
    certificate = Certificate.objects.get(user=learner, course=course)
    assert certificate.status == "valid"


def test_a_quiz_in_a_locked_module_cannot_be_started(learner_client, learner):
    course = cf.course(modules=2, steps_per_module=1, sequential=True)

    second = ModulePage.objects.child_of(course).order_by("-path").first()
    quiz = quiz_page(module=second)
    enrollment_create(user=learner, course=course)
    response = learner_client.post(f"/assessments/quizzes/{quiz.pk}/start/", follow=True)
    assert "locked" in response.content.decode()
    assert not Attempt.objects.filter(user=learner).exists()
