"""Enrolment, step completion, locks, prerequisites, completion — through HTTP and the DB."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from courses.models import CoursePage, Enrollment, EnrollmentStatus, Reflection, StepProgress
from courses.prerequisites import course_prerequisites
from courses.signals import course_completed
from tests.factories import course_factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return cf.course()


def enroll(client, course):
    return client.post(f"{course.url}enrol/")


def complete(client, step):
    return client.post(f"{step.url}complete/")


def test_outline_lists_modules_and_steps_for_anyone(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Module 1" in html and "Lesson 2.2" in html
    assert "Sign in to enrol" in html


def test_enrolling_twice_makes_one_enrollment(learner_client, learner, course):
    assert enroll(learner_client, course).status_code == 302
    assert enroll(learner_client, course).status_code == 302
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1


def test_anonymous_completion_is_sent_to_login_and_stores_nothing(client, course):
    step = cf.first_lesson(course)
    response = complete(client, step)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert not StepProgress.objects.exists()


def test_completing_a_step_of_a_course_not_enrolled_in_is_refused(learner_client, course):
    response = complete(learner_client, cf.first_lesson(course))
    assert response.status_code == 403
    assert "Enrol in" in response.content.decode()
    assert not StepProgress.objects.exists()


def test_lesson_page_needs_enrollment(learner_client, course):
    response = learner_client.get(cf.first_lesson(course).url)
    assert response.status_code == 403
    assert not StepProgress.objects.exists()


def test_a_step_completed_twice_is_one_record(learner_client, learner, course):
    enroll(learner_client, course)
    step = cf.first_lesson(course)
    complete(learner_client, step)
    complete(learner_client, step)
    assert StepProgress.objects.filter(user=learner, step=step).count() == 1
    assert StepProgress.objects.get(user=learner, step=step).completed_at is not None


def test_sequential_course_locks_later_steps(learner_client, learner, home_page):
    course = cf.course(title="Actuarial planning", sequential=True)
    enroll(learner_client, course)
    first, second, *_ = cf.lessons(course)
    response = complete(learner_client, second)
    assert response.status_code == 403
    assert "locked" in response.content.decode()
    assert learner_client.get(second.url).status_code == 403
    assert not StepProgress.objects.filter(step=second).exists()
    complete(learner_client, first)
    assert complete(learner_client, second).status_code == 302
    assert learner_client.get(second.url).status_code == 200


def test_completing_the_last_required_step_completes_the_course_and_signals(
    learner_client, learner, course, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, user, course, enrollment, **kwargs):
        received.append((user.pk, course.pk, enrollment.status))

    course_completed.connect(receiver)
    try:
        enroll(learner_client, course)
        steps = cf.lessons(course)
        with django_capture_on_commit_callbacks(execute=True):
            for step in steps[:-1]:
                complete(learner_client, step)
        assert received == []
        with django_capture_on_commit_callbacks(execute=True):
            response = complete(learner_client, steps[-1])
    finally:
        course_completed.disconnect(receiver)
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert enrollment.completed_at is not None
    assert received == [(learner.pk, course.pk, "completed")]


def test_optional_steps_do_not_block_completion(learner_client, learner, course):
    *required, optional = cf.lessons(course)
    optional.is_required = False
    optional.save_revision().publish()
    enroll(learner_client, course)
    for step in required:
        complete(learner_client, step)
    assert Enrollment.objects.get(user=learner).status == EnrollmentStatus.COMPLETED


def test_prerequisites_are_enforced_with_a_clear_message(learner_client, learner, course):
    advanced = cf.course(title="Advanced actuarial modelling")
    advanced.prerequisites.add(course)
    advanced.save_revision().publish()
    response = learner_client.get(advanced.url)
    assert "Complete these courses before you enrol" in response.content.decode()
    response = enroll(learner_client, advanced)
    assert response.status_code == 302
    follow = learner_client.get(response.url)
    assert "Complete these courses first: Governance of social security" in follow.content.decode()
    assert not Enrollment.objects.filter(course=advanced).exists()


def test_prerequisites_shown_follow_each_publish(
    learner_client, home_page, django_capture_on_commit_callbacks
):
    """The outline reads prerequisites from the cache; a publish that adds one, or unpublishes
    the course required, shows on the next request."""
    basics = cf.course(title="Financing basics")
    advanced = cf.course(title="Advanced actuarial modelling")
    assert "Financing basics" not in learner_client.get(advanced.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        advanced.prerequisites.add(basics)
        advanced.save_revision().publish()
    assert "Financing basics" in learner_client.get(advanced.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        basics.unpublish()
    assert "Financing basics" not in learner_client.get(advanced.url).content.decode()


def test_prerequisites_of_an_unsaved_course_are_never_cached(course):
    """A preview of a new course has no id: its draft relation is read, never cached."""
    draft = CoursePage(title="New course")
    draft.prerequisites = [course]
    assert course_prerequisites(draft) == [course]
    assert course_prerequisites(CoursePage(title="Another new course")) == []


def test_unpublished_and_private_pages_are_404_for_learners(learner_client, learner, course):
    enroll(learner_client, course)
    step = cf.first_lesson(course)
    step.unpublish()
    assert learner_client.get(step.url_path.replace("/home", "", 1)).status_code == 404
    assert complete(learner_client, step).status_code == 404
    draft = cf.course(title="Draft course", live=False)
    assert learner_client.get("/courses/draft-course/").status_code == 404
    assert enroll(learner_client, draft).status_code == 404

    # Signed-in users only: Wagtail lets the learner see the page, but the course's actions
    # stay for public courses, as they always have.
    private = cf.course(title="Private course")
    PageViewRestriction.objects.create(page=private, restriction_type="login", password="")
    assert enroll(learner_client, private).status_code == 404
    # Some groups only: Wagtail's view restriction answers before the page's route.
    closed = cf.course(title="Closed course")
    PageViewRestriction.objects.create(page=closed, restriction_type="groups", password="")
    response = enroll(learner_client, closed)
    assert response.status_code == 302 and "/login/" in response.url
    assert not Enrollment.objects.filter(user=learner, course__in=[private, closed]).exists()


def test_resume_link_points_to_the_last_unfinished_step(learner_client, learner, course):
    enroll(learner_client, course)
    steps = cf.lessons(course)
    complete(learner_client, steps[0])
    learner_client.get(steps[2].url)
    html = learner_client.get(course.url).content.decode()
    assert "Continue where you left off" in html
    assert steps[2].title in html.split("Continue where you left off")[1][:200]


def test_lesson_shows_previous_and_next(learner_client, course):
    enroll(learner_client, course)
    steps = cf.lessons(course)
    html = learner_client.get(steps[1].url).content.decode()
    assert f"← {steps[0].title}" in html
    assert f"{steps[2].title} →" in html
    assert "Step 2 of 4" in html


def test_reflection_is_saved_privately_and_exported(learner_client, learner, course, client):
    enroll(learner_client, course)
    lesson = cf.first_lesson(course)
    block_id = next(b.id for b in lesson.body if b.block_type == "reflection")
    url = f"{lesson.url}reflections/{block_id}/"
    learner_client.post(url, {"answer": '=HYPERLINK("x") The National Social Security Fund.'})
    assert Reflection.objects.get(user=learner).answer.startswith("=HYPERLINK")
    assert "National Social Security Fund" in learner_client.get(lesson.url).content.decode()
    export = learner_client.get(reverse("courses:export_reflections"))
    body = export.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body  # neutralised for spreadsheets
    # Empty answers and unknown questions are refused; nothing changes.
    learner_client.post(url, {"answer": "   "})
    learner_client.post(f"{lesson.url}reflections/nope/", {"answer": "x"})
    assert Reflection.objects.count() == 1


def test_dashboard_lists_courses_with_progress_and_next_step(learner_client, learner, course):
    enroll(learner_client, course)
    complete(learner_client, cf.first_lesson(course))
    html = learner_client.get(reverse("dashboard")).content.decode()
    assert course.title in html
    assert "1 of 4 required steps (25%)" in html
    assert "Continue: <bdi>Lesson 1.2</bdi>" in html
