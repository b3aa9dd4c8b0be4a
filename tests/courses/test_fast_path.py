"""The learner's path served from the page tree's version: routing, cached pages and blocks,
the one-query learner state. Each test changes something and checks the next request shows
it, so a cache that outlived a change would fail here."""

import pytest
from django.test import Client
from wagtail.models import Page

from courses import selectors, services
from courses.models import Enrollment, EnrollmentStatus, LessonPage, Reflection, StepProgress
from tests.factories import UserFactory
from tests.factories import casestudies as csf
from tests.factories import course_factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return cf.course(modules=2, steps_per_module=2)


@pytest.fixture
def enrolled(learner_client, learner, course):
    services.enrollment_create(user=learner, course=course)
    return learner_client


def test_learner_state_matches_what_the_orm_reads(learner, course):
    services.enrollment_create(user=learner, course=course)
    first, second = cf.lessons(course)[:2]
    services.step_complete(user=learner, step=first)
    services.step_visit(user=learner, step=second)
    enrollment, rows = selectors._learner_state(user_id=learner.pk, course_id=course.pk)
    orm = Enrollment.objects.get(user=learner, course=course)
    fields = ("id", "status", "enrolled_at", "completed_at", "last_activity_at", "course_id")
    assert [getattr(enrollment, f) for f in fields] == [getattr(orm, f) for f in fields]
    assert sorted(rows) == sorted(
        StepProgress.objects.filter(user=learner, course=course).values_list(
            "step_id", "started_at", "completed_at"
        )
    )
    assert all(started.tzinfo is not None for _, started, _ in rows)


def test_learner_enrolments_match_what_the_orm_reads(learner, course):
    """The dashboard's raw read gives the same rows as the ORM for the same data."""
    services.enrollment_create(user=learner, course=course)
    services.step_complete(user=learner, step=cf.first_lesson(course))
    services.step_visit(user=learner, step=cf.lessons(course)[1])  # visited, not done
    other = cf.course(title="Financing social protection")
    services.enrollment_create(user=learner, course=other)
    withdrawn = cf.course(title="Digital transformation")
    services.enrollment_create(user=learner, course=withdrawn)
    Enrollment.objects.filter(course=withdrawn).update(status=EnrollmentStatus.WITHDRAWN)
    raw = [
        (e.pk, e.course_id, e.status, e.last_activity_at, sorted(done))
        for e, done in selectors._learner_enrollments(user_id=learner.pk)
    ]
    orm = [
        (
            e.pk,
            e.course_id,
            e.status,
            e.last_activity_at,
            sorted(
                StepProgress.objects.filter(
                    user=learner, course_id=e.course_id, completed_at__isnull=False
                ).values_list("step_id", flat=True)
            ),
        )
        for e in Enrollment.objects.filter(user=learner)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .order_by("-last_activity_at", "id")
    ]
    assert raw == orm
    # Withdrawn left out; only completed steps count, a visit alone does not.
    assert sorted(done for *_, done in raw) == [[], [cf.first_lesson(course).pk]]


def test_reflection_answers_are_the_learners_own(learner, course):
    lesson = cf.first_lesson(course)
    Reflection.objects.create(user=learner, lesson=lesson, block_id="a", prompt="?", answer="1")
    Reflection.objects.create(
        user=UserFactory(), lesson=lesson, block_id="b", prompt="?", answer="2"
    )
    assert selectors.reflection_answers(user=learner, lesson=lesson) == {"a": "1"}


def test_reflection_answers_match_what_the_orm_reads(learner, course):
    """The lesson's raw read gives the ORM's rows, other lessons and learners left out, any
    script kept as written."""
    first, second = cf.lessons(course)[:2]
    answers = {"a": "Ответ: пенсионный фонд", "b": "الضمان الاجتماعي", "c": ""}
    for block_id, answer in answers.items():
        Reflection.objects.create(
            user=learner, lesson=first, block_id=block_id, prompt="?", answer=answer
        )
    Reflection.objects.create(user=learner, lesson=second, block_id="a", prompt="?", answer="x")
    Reflection.objects.create(user=UserFactory(), lesson=first, block_id="d", prompt="?")
    orm = dict(
        Reflection.objects.filter(user=learner, lesson=first).values_list("block_id", "answer")
    )
    assert selectors.reflection_answers(user=learner, lesson=first) == orm == answers


def test_no_enrollment_reads_as_none(learner, course):
    assert selectors._learner_state(user_id=learner.pk, course_id=course.pk) == (None, [])


def test_a_renamed_lesson_moves_to_its_new_url_at_once(enrolled, course):
    lesson = LessonPage.objects.get(pk=cf.first_lesson(course).pk)
    old_url = lesson.url
    assert enrolled.get(old_url).status_code == 200
    lesson.slug = "a-new-name"
    lesson.save_revision().publish()
    assert enrolled.get(old_url).status_code == 404
    assert enrolled.get(Page.objects.get(pk=lesson.pk).url).status_code == 200


def test_an_edit_of_the_lesson_shows_at_once(enrolled, course):
    lesson = LessonPage.objects.get(pk=cf.first_lesson(course).pk)
    assert "Institutions first." in enrolled.get(lesson.url).content.decode()
    lesson.body = [("paragraph", "<p>Financing second.</p>")]
    lesson.save_revision().publish()
    html = enrolled.get(lesson.url).content.decode()
    assert "Financing second." in html
    assert "Institutions first." not in html


def test_an_unpublished_lesson_is_404_after_it_was_served(enrolled, course):
    lesson = cf.first_lesson(course)
    assert enrolled.get(lesson.url).status_code == 200
    lesson.unpublish()
    assert enrolled.get(lesson.url).status_code == 404


def test_the_reflection_answer_is_the_learners_own(enrolled, learner, course, client):
    lesson = cf.first_lesson(course)
    block_id = next(b.id for b in lesson.specific.body if b.block_type == "reflection")
    enrolled.post(
        f"{lesson.url}reflections/{block_id}/",
        {"answer": "The social security fund collects them."},
    )
    assert "The social security fund collects them." in enrolled.get(lesson.url).content.decode()

    other = UserFactory(roles=["Learner"])
    services.enrollment_create(user=other, course=course)
    client.force_login(other)
    assert "The social security fund collects them." not in client.get(lesson.url).content.decode()


def test_unknown_urls_below_a_course_are_404(enrolled, course):
    assert enrolled.get(course.url + "no-such-module/no-such-lesson/").status_code == 404
    assert enrolled.get(course.url + "no-such-module/").status_code == 404


def test_the_case_study_library_still_routes_its_own_urls(client, home_page):
    library = csf.case_library(home_page)
    assert client.get(library.url).status_code == 200
    feed = client.get(library.url + "feed/")
    assert feed.status_code == 200
    assert "xml" in feed["Content-Type"]


def test_the_outline_shows_a_completed_step_and_a_renamed_one_at_once(enrolled, learner, course):
    """A module's HTML comes from the cache: completing a step, or an editor renaming one,
    changes what the next outline shows, and another learner's outline is their own."""
    first, second = cf.lessons(course)[:2]
    before = enrolled.get(course.url).content.decode()
    assert "outline__step--done" not in before
    services.step_complete(user=learner, step=first)
    html = enrolled.get(course.url).content.decode()
    assert html.count("outline__step--done") == 1
    lesson = LessonPage.objects.get(pk=second.pk)
    lesson.title = "Financing: the reserve fund"
    lesson.save_revision().publish()
    assert "Financing: the reserve fund" in enrolled.get(course.url).content.decode()
    stranger = UserFactory(roles=["Learner"])
    enrolled.force_login(stranger)
    assert "outline__step--done" not in enrolled.get(course.url).content.decode()


def test_the_outline_labels_follow_the_interface_language(enrolled, learner, course, settings):
    """The cached module HTML holds translated labels: English and French are kept apart."""
    services.step_complete(user=learner, step=cf.first_lesson(course))
    assert "Completed:" in enrolled.get(course.url).content.decode()
    enrolled.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = enrolled.get(course.url).content.decode()
    assert "Terminée :" in html
    assert "Completed:" not in html


def test_a_cached_outline_module_never_gives_links_to_who_may_not_follow_them(
    enrolled, learner, course
):
    """An enrolled learner's modules, cached with their links, are not what an anonymous
    visitor or a signed-in learner who is not enrolled is shown: their rows differ."""
    lesson_url = cf.first_lesson(course).url
    assert f'href="{lesson_url}"' in enrolled.get(course.url).content.decode()
    client = Client()  # anonymous
    html = client.get(course.url).content.decode()
    assert f'href="{lesson_url}"' not in html
    client.force_login(UserFactory(roles=["Learner"]))
    assert f'href="{lesson_url}"' not in client.get(course.url).content.decode()
