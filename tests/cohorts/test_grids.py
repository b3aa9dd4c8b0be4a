"""The attendance and schedule grids are formsets: each row's id must be one the page offered
for this cohort, the management form cannot add, repeat or hide rows, and a refused grid
writes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cohorts.models import Attendance, ModuleSchedule
from courses.models import ModulePage
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cohort):
    return cf.live_session(cohort, starts_at=timezone.now() - timedelta(minutes=30))


def _url(cohort, session):
    return reverse("cohorts:attendance", args=[cohort.pk, session.pk])


def test_the_page_renders_one_formset_row_per_member(trainer_client, cohort, session):
    a, b = cf.member(cohort, full_name="Aziza Karimova"), cf.member(cohort)
    page = trainer_client.get(_url(cohort, session)).content.decode()
    assert 'name="attendance-TOTAL_FORMS" value="2"' in page
    assert f'value="{a.pk}"' in page
    assert f'value="{b.pk}"' in page
    assert 'aria-label="Minutes, Aziza Karimova"' in page


def test_a_member_of_another_cohort_is_refused(trainer_client, trainer, cohort, session, course):
    mine = cf.member(cohort)
    cf.member(cohort)  # room for a second row
    other_cohort = cf.cohort(course=course, trainer=trainer)
    theirs = cf.member(other_cohort)
    response = trainer_client.post(
        _url(cohort, session), cf.attendance_grid({mine: "present", theirs: "present"})
    )
    assert response.status_code == 400
    assert "Unknown participant in the attendance grid." in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_repeated_row_is_refused(trainer_client, cohort, session):
    a, b, _c = cf.member(cohort), cf.member(cohort), cf.member(cohort)
    data = cf.formset_data(
        "attendance",
        [
            {"user": a.pk, "status": "present", "minutes": ""},
            {"user": a.pk, "status": "absent", "minutes": ""},
            {"user": b.pk, "status": "present", "minutes": ""},
        ],
        grid="1",
    )
    response = trainer_client.post(_url(cohort, session), data)
    assert response.status_code == 400
    assert "A participant appears twice in the attendance grid." in response.content.decode()
    assert not Attendance.objects.exists()


def test_more_rows_than_members_are_refused(trainer_client, cohort, session):
    a = cf.member(cohort)
    data = cf.attendance_grid({a: "present"})
    data["attendance-TOTAL_FORMS"] = "100000"
    response = trainer_client.post(_url(cohort, session), data)
    assert response.status_code == 400
    assert "The grid has rows this page did not offer." in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("total", ["", "x", "-1", "²"])
def test_a_broken_management_form_is_refused(trainer_client, cohort, session, total):
    a = cf.member(cohort)
    data = cf.attendance_grid({a: "present"})
    data["attendance-TOTAL_FORMS"] = total
    response = trainer_client.post(_url(cohort, session), data)
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_rows_posted_as_extra_forms_are_still_validated(trainer_client, cohort, session):
    a = cf.member(cohort)
    data = cf.attendance_grid({a: ("", "lots")})
    data["attendance-INITIAL_FORMS"] = "0"  # would let Django skip an "unchanged" extra row
    response = trainer_client.post(_url(cohort, session), data)
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_a_row_left_out_keeps_its_record(trainer_client, cohort, session):
    a, b = cf.member(cohort), cf.member(cohort)
    trainer_client.post(_url(cohort, session), cf.attendance_grid({a: "present", b: "absent"}))
    response = trainer_client.post(_url(cohort, session), cf.attendance_grid({a: "absent"}))
    assert response.status_code == 302
    records = dict(Attendance.objects.values_list("user_id", "status"))
    assert records == {a.pk: "absent", b.pk: "absent"}


def test_grid_queries_stay_flat(trainer_client, cohort, session, django_assert_max_num_queries):
    """Posting and rendering the grid costs the same number of queries for 3 or 30 rows."""
    members = [cf.member(cohort) for _ in range(3)]
    url = _url(cohort, session)
    with django_assert_max_num_queries(40) as small:
        trainer_client.get(url)
    members += [cf.member(cohort) for _ in range(27)]
    with django_assert_max_num_queries(len(small.captured_queries)):
        trainer_client.get(url)
    assert len(members) == 30


def _scheduled(course, trainer):
    today = timezone.now().date()
    return cf.cohort(
        course=course,
        trainer=trainer,
        pacing="scheduled",
        start_date=today,
        end_date=today + timedelta(days=41),
    )


def test_schedule_page_renders_one_row_per_module(trainer_client, trainer, course):
    cohort = _scheduled(course, trainer)
    first, second = ModulePage.objects.child_of(course).order_by("path")
    page = trainer_client.get(reverse("cohorts:schedule", args=[cohort.pk])).content.decode()
    assert 'name="schedule-TOTAL_FORMS" value="2"' in page
    assert escape(f"Due on day, {second.title}") in page
    assert f'value="{first.pk}"' in page


def test_schedule_refuses_a_module_of_another_course(trainer_client, trainer, course):
    cohort = _scheduled(course, trainer)
    first, _second = ModulePage.objects.child_of(course).order_by("path")
    other = ModulePage.objects.child_of(make_course(title="Another")).first()
    response = trainer_client.post(
        reverse("cohorts:schedule", args=[cohort.pk]),
        cf.schedule_grid({first: ("0", "13"), other: ("0", "5")}),
    )
    assert response.status_code == 400
    assert "Unknown module in the schedule." in response.content.decode()
    assert not ModuleSchedule.objects.exists()


def test_schedule_refuses_a_repeated_module(trainer_client, trainer, course):
    cohort = _scheduled(course, trainer)
    first, _second = ModulePage.objects.child_of(course).order_by("path")
    data = cf.formset_data(
        "schedule",
        [
            {"module": first.pk, "release": "0", "due": "13"},
            {"module": first.pk, "release": "0", "due": "20"},
        ],
    )
    response = trainer_client.post(reverse("cohorts:schedule", args=[cohort.pk]), data)
    assert response.status_code == 400
    assert "A module appears twice in the schedule." in response.content.decode()
    assert not ModuleSchedule.objects.exists()
