"""Fixtures of the data-protection tests: people with data in every app."""

import pytest

from assessments.models import Response
from assessments.services import (
    attempt_start,
    attempt_submit,
    h5p_state_save,
    h5p_statement_record,
)
from cohorts.models import Attendance
from courses.models import LessonPage, Reflection
from courses.selectors import course_steps
from courses.services import enrollment_create, step_complete
from learning.locales import sync_trees
from tests.certificates.conftest import build_course
from tests.factories import (
    CertificateTemplateFactory,
    CourseCertificateSettingsFactory,
    cohort_factories,
    enrolled,
    h5p_package,
    quiz_page,
)
from tests.factories import course_factories as cf
from tests.learning.po_files import LINKED, translate_in_admin


def _statement(user) -> dict:
    return {
        "actor": {"name": user.full_name, "mbox": f"mailto:{user.email}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "result": {"score": {"raw": 3, "max": 4}, "success": True, "completion": True},
    }


@pytest.fixture
def places(home_page):
    """One course that awards a certificate, one quiz, one H5P package, one cohort session."""

    course = build_course(home_page)
    CourseCertificateSettingsFactory(course=course, template=CertificateTemplateFactory())
    quiz = quiz_page(pass_mark=70)
    cohort = cohort_factories.cohort(name="Cohort Dushanbe 2026")
    session = cohort_factories.live_session(cohort, title="Webinar on funds")
    return {
        "course": course,
        "quiz": quiz,
        "package": h5p_package(title="Pension drill"),
        "cohort": cohort,
        "session": session,
    }


@pytest.fixture
def give_data(places, django_capture_on_commit_callbacks):
    """Give `user` rows everywhere: a certificate (with its PDF), progress, a reflection, a
    submitted quiz attempt with a response, H5P results and state, a cohort membership and
    attendance. `tag` is written into the person's free text so tests can look for it."""

    def give(user, tag: str):
        course = places["course"]
        with django_capture_on_commit_callbacks(execute=True):
            enrollment_create(user=user, course=course)
            for step in course_steps(course):
                step_complete(user=user, step=step)
        Reflection.objects.create(
            user=user,
            lesson_id=course_steps(course)[0].pk,
            block_id="r1",
            prompt="What will you change?",
            answer=f"Reflection {tag}",
        )
        enrolled(user, places["quiz"])
        attempt = attempt_start(user=user, quiz=places["quiz"])
        attempt = attempt_submit(user=user, attempt=attempt)
        Response.objects.update_or_create(
            attempt=attempt,
            question_id=attempt.question_ids[0],
            defaults={"answer": {"text": f"Answer {tag}"}, "fraction": 0, "points": 0},
        )
        h5p_statement_record(
            user=user, package=places["package"], page=None, statement=_statement(user)
        )
        h5p_state_save(user=user, package=places["package"], data=f'{{"note": "State {tag}"}}')
        cohort_factories.member(places["cohort"], user=user)
        Attendance.objects.create(
            session=places["session"], user=user, status="present", source="grid", minutes=80
        )
        return user

    return give


# --- The PO tests (test_po_*.py): a lesson with a link and its Russian translation ------------


@pytest.fixture
def lesson(home_page):
    course = cf.course(title="Governance", modules=1, steps_per_module=1)
    sync_trees()
    lesson = cf.first_lesson(course).specific
    lesson.body = [*cf.LESSON_BODY, ("paragraph", LINKED)]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def russian(admin, lesson):
    return translate_in_admin(admin, lesson)
