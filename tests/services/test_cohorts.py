"""Cohorts on PostgreSQL: the dashboard's grouped queries and budget at 500 x 30, the release
dates hook in one query, and two people racing for a cohort's last seat."""

import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership
from cohorts.selectors import scheduled_course_ids, unreleased_modules
from cohorts.services import membership_create, module_schedule_set
from courses.models import ModulePage
from tests.cohorts.test_dashboard import small_and_big_cohorts
from tests.factories import UserFactory
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course

pytestmark = pytest.mark.services


def test_dashboard_numbers_and_flat_queries_on_postgresql(client, trainer, home_page):
    small, big = small_and_big_cohorts(trainer)
    client.force_login(trainer)
    client.get(reverse("cohorts:dashboard", args=[small.pk]))
    cache.clear()
    with CaptureQueriesContext(connection) as small_queries:
        client.get(reverse("cohorts:dashboard", args=[small.pk]))
    cache.clear()
    with CaptureQueriesContext(connection) as big_queries:
        response = client.get(reverse("cohorts:dashboard", args=[big.pk]))
    assert response.status_code == 200
    assert len(big_queries) <= len(small_queries)
    overview = response.context["overview"]
    assert overview.total_learners == 500
    assert {row.completed for row in overview.rows} == {15}
    assert {row.attended for row in overview.rows} <= {0, 1}
    assert sum(row.attended for row in overview.rows) == 25  # every other learner of the page
    first = overview.rows[0]
    assert [state for state, _score in first.cells].count("done") == 15


def test_release_dates_in_one_query_on_postgresql(trainer, home_page, django_assert_num_queries):
    courses = [make_course(title=f"Course {i}", modules=2, steps_per_module=1) for i in range(3)]
    learner = UserFactory(time_zone="Asia/Dushanbe")
    today = timezone.now().date()
    for course in courses:
        cohort = cf.cohort(
            course=course,
            trainer=trainer,
            pacing="scheduled",
            start_date=today,
            end_date=today + timedelta(days=30),
            time_zone="Europe/Rome",
        )
        second = ModulePage.objects.child_of(course).order_by("path")[1]
        module_schedule_set(cohort=cohort, module=second, release_day=7, due_day=14)
        cf.member(cohort, user=learner)
    scheduled_course_ids()  # warm: which courses run scheduled cohorts (cached)
    with django_assert_num_queries(1):
        locks = unreleased_modules(user=learner, course_ids=[c.pk for c in courses])
    assert len(locks) == 3
    assert all(reason.startswith("This module opens at") for reason in locks.values())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_racing_for_the_last_seat(home_page, trainer):
    cohort = cf.cohort(course=make_course(title="Racing"), trainer=trainer, capacity=1)
    people = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def join(user):
        try:
            barrier.wait(timeout=10)
            membership_create(cohort=cohort, user=user, source="invitation")
            outcomes.append("joined")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=join, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["This cohort is full.", "joined"]
    assert Membership.objects.filter(cohort=cohort).count() == 1
