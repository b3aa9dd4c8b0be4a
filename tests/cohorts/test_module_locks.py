"""Module release dates of scheduled cohorts, as the `course_module_locks` hook reports them to
the courses app: which modules are closed for a learner, why, and at what cost."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from wagtail import hooks

from cohorts.models import Membership
from cohorts.selectors import scheduled_course_ids, unreleased_modules
from cohorts.services import membership_remove, module_schedule_set
from cohorts.wagtail_hooks import cohort_module_locks
from courses.models import ModulePage, StepProgress
from tests.factories import UserFactory
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course

START = date(2027, 3, 1)
BEFORE = datetime(2027, 3, 5, 12, 0, tzinfo=UTC)


def _modules(course) -> list[ModulePage]:
    return list(ModulePage.objects.child_of(course).order_by("path"))


@pytest.fixture
def course(home_page):
    return make_course(title="Actuarial planning", modules=3, steps_per_module=2)


def _scheduled(course, trainer, **fields):
    fields.setdefault("start_date", START)
    fields.setdefault("end_date", START + timedelta(days=60))
    cohort = cf.cohort(course=course, trainer=trainer, pacing="scheduled", **fields)
    first, second, third = _modules(course)
    module_schedule_set(cohort=cohort, module=first, release_day=0, due_day=7)
    module_schedule_set(cohort=cohort, module=second, release_day=11, due_day=20)
    return cohort, (first, second, third)


def test_future_release_locks_the_module_with_its_date(course, trainer):
    cohort, (first, second, third) = _scheduled(course, trainer)
    learner = cf.member(cohort, time_zone="UTC")
    locks = unreleased_modules(user=learner, course_ids=[course.pk], now=BEFORE)
    # The first module opened on day 0; the third has no release date, so it is open.
    assert locks == {second.pk: "This module opens on March 12, 2027."}
    # From midnight of the release day in the cohort's zone, it is open.
    assert (
        unreleased_modules(
            user=learner, course_ids=[course.pk], now=datetime(2027, 3, 12, tzinfo=UTC)
        )
        == {}
    )


def test_release_is_told_in_the_learners_time_zone(course, trainer):
    _cohort, (_first, second, _third) = _scheduled(course, trainer, time_zone="Asia/Vientiane")
    learner = cf.member(_cohort, time_zone="Europe/Paris")
    locks = unreleased_modules(user=learner, course_ids=[course.pk], now=BEFORE)
    # Midnight in Vientiane (UTC+7) is 6 p.m. the evening before in Paris (UTC+1 in March).
    assert locks == {second.pk: "This module opens at 6 p.m. on March 11, 2027."}


def test_self_paced_cohort_never_locks(course, trainer):
    cohort = cf.cohort(course=course, trainer=trainer, start_date=START, end_date=date(2027, 5, 1))
    module_schedule_set(cohort=cohort, module=_modules(course)[1], release_day=30, due_day=40)
    learner = cf.member(cohort)
    assert unreleased_modules(user=learner, course_ids=[course.pk], now=BEFORE) == {}


def test_several_cohorts_of_one_course_give_the_earliest_release(course, trainer):
    late, (first, second, third) = _scheduled(course, trainer)
    early = cf.cohort(
        course=course,
        trainer=trainer,
        pacing="scheduled",
        start_date=START,
        end_date=START + timedelta(days=60),
    )
    module_schedule_set(cohort=early, module=second, release_day=8, due_day=20)
    module_schedule_set(cohort=early, module=third, release_day=2, due_day=30)
    learner = cf.member(late)
    cf.member(early, user=learner)
    locks = unreleased_modules(user=learner, course_ids=[course.pk], now=BEFORE)
    # Second: the early cohort opens it on day 8, before the late one's day 11.
    # Third: the late cohort never closed it, so it is open whatever the early one says.
    assert locks == {second.pk: "This module opens on March 9, 2027."}
    self_paced = cf.cohort(course=course, trainer=trainer)
    cf.member(self_paced, user=learner)
    assert unreleased_modules(user=learner, course_ids=[course.pk], now=BEFORE) == {}


def test_withdrawn_member_and_outsiders_are_not_locked(course, trainer):
    cohort, _modules_ = _scheduled(course, trainer)
    learner = cf.member(cohort)
    membership_remove(cohort=cohort, user=learner)
    assert Membership.objects.get(cohort=cohort, user=learner).status == "withdrawn"
    assert unreleased_modules(user=learner, course_ids=[course.pk], now=BEFORE) == {}
    assert unreleased_modules(user=UserFactory(), course_ids=[course.pk], now=BEFORE) == {}


def test_one_query_whatever_the_number_of_courses(
    home_page, trainer, django_assert_num_queries, django_assert_max_num_queries
):
    courses = [make_course(title=f"Course {i}", modules=3, steps_per_module=1) for i in range(4)]
    learner = UserFactory()
    starts = timezone.now().date() + timedelta(days=30)
    for course in courses:
        cohort, _mods = _scheduled(course, trainer, start_date=starts)
        cf.member(cohort, user=learner)
    scheduled_course_ids()  # warm: which courses run scheduled cohorts (cached, one query)
    with django_assert_num_queries(1):
        locks = cohort_module_locks(user=learner, course_ids=[c.pk for c in courses])
    assert len(locks) == 8  # the first two modules of each course open after today
    with django_assert_num_queries(1):
        locks = cohort_module_locks(user=learner, course_ids=[courses[0].pk])
    assert len(locks) == 2
    # Someone in no cohort: one small query on the memberships index.
    stranger = UserFactory()
    with django_assert_max_num_queries(1):
        assert cohort_module_locks(user=stranger, course_ids=[c.pk for c in courses]) == {}


def test_courses_without_a_scheduled_cohort_cost_no_query(
    home_page, trainer, learner, django_assert_num_queries
):
    courses = [make_course(title=f"Course {i}", modules=2, steps_per_module=1) for i in range(3)]
    cf.member(cf.cohort(course=courses[0], trainer=trainer), user=learner)  # self-paced
    scheduled_course_ids()
    with django_assert_num_queries(0):
        assert cohort_module_locks(user=learner, course_ids=[c.pk for c in courses]) == {}


def test_a_new_scheduled_cohort_locks_at_once(course, trainer, learner):
    assert (
        cohort_module_locks(user=learner, course_ids=[course.pk]) == {}
    )  # caches "none scheduled"
    cohort, (_first, second, _third) = _scheduled(
        course, trainer, start_date=timezone.now().date() + timedelta(days=30)
    )
    cf.member(cohort, user=learner)
    assert second.pk in cohort_module_locks(user=learner, course_ids=[course.pk])


def test_hook_is_registered():
    assert cohort_module_locks in hooks.get_hooks("course_module_locks")


# --- Through the course pages (the courses app honours the hook) ------------------------------


def _running(course, trainer, pacing="scheduled"):
    """A cohort that started two days ago; the second module opens on day 10 (in 8 days)."""
    today = timezone.now().date()
    cohort = cf.cohort(
        course=course,
        trainer=trainer,
        pacing=pacing,
        start_date=today - timedelta(days=2),
        end_date=today + timedelta(days=40),
    )
    first, second, _third = _modules(course)
    module_schedule_set(cohort=cohort, module=first, release_day=0, due_day=7)
    module_schedule_set(cohort=cohort, module=second, release_day=10, due_day=20)
    return cohort, second


def test_lesson_of_an_unreleased_module_is_403_with_the_date(client, course, trainer):
    cohort, second = _running(course, trainer)
    learner = cf.member(cohort, time_zone="UTC")
    client.force_login(learner)
    lesson = second.get_children().first()
    opens = date_format(cohort.start_date + timedelta(days=10), "DATE_FORMAT")
    response = client.get(lesson.url)
    assert response.status_code == 403
    assert f"This module opens on {opens}." in response.content.decode()
    response = client.post(f"{lesson.url}complete/")
    assert response.status_code == 403
    assert not StepProgress.objects.filter(user=learner, step=lesson).exists()
    # The outline shows the module closed, with the date and no link to its lessons.
    outline = client.get(course.url).content.decode()
    assert f"This module opens on {opens}." in outline
    assert f'href="{lesson.url}"' not in outline
    first_lesson = _modules(course)[0].get_children().first()
    assert client.get(first_lesson.url).status_code == 200


def test_after_the_release_date_the_module_opens(client, course, trainer):
    cohort, second = _running(course, trainer)
    learner = cf.member(cohort)
    client.force_login(learner)
    lesson = second.get_children().first()
    assert client.get(lesson.url).status_code == 403
    # Ten days later (the cohort's start moved back instead of the clock moving on).
    cohort.start_date -= timedelta(days=10)
    cohort.save()
    assert client.get(lesson.url).status_code == 200
    assert client.post(f"{lesson.url}complete/").status_code == 302
    assert StepProgress.objects.filter(user=learner, step=lesson, completed_at__isnull=False)


def test_self_paced_cohort_opens_every_module(client, course, trainer):
    cohort, second = _running(course, trainer, pacing="self_paced")
    learner = cf.member(cohort)
    client.force_login(learner)
    assert client.get(second.get_children().first().url).status_code == 200
    assert "This module opens" not in client.get(course.url).content.decode()
