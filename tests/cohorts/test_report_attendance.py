"""The funder report's attendance count: the cohort's certificate rule, or the documented
share when the cohort sets none, and the page says which."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cohorts.models import REPORT_ATTENDANCE_SHARE, Attendance
from tests.factories import cohorts as cf

NOTE = "This cohort sets no attendance rule for its certificate"


def _cohort_with_attendance(course, trainer, *, threshold):
    """Four live sessions; three learners present at 1, 2 and 3 of them."""
    cohort = cf.cohort(course=course, trainer=trainer, attendance_threshold=threshold)
    now = timezone.now()
    sessions = [cf.live_session(cohort, starts_at=now - timedelta(days=d)) for d in (4, 3, 2, 1)]
    for attended in (1, 2, 3):
        user = cf.member(cohort)
        Attendance.objects.bulk_create(
            Attendance(session=s, user=user, status="present", source="grid")
            for s in sessions[:attended]
        )
    return cohort


def test_without_a_rule_the_report_counts_half_the_sessions_and_says_so(
    trainer_client, trainer, course
):
    assert REPORT_ATTENDANCE_SHARE == 50
    cohort = _cohort_with_attendance(course, trainer, threshold=None)
    response = trainer_client.get(reverse("cohorts:report", args=[cohort.pk]))
    summary = response.context["summary"]
    assert (summary["attendance_needed"], summary["attended"]) == (2, 2)
    body = response.content.decode()
    assert NOTE in body and "after 50% of the live sessions" in body


def test_the_cohort_rule_decides_and_no_default_is_mentioned(trainer_client, trainer, course):
    cohort = _cohort_with_attendance(course, trainer, threshold=75)
    response = trainer_client.get(reverse("cohorts:report", args=[cohort.pk]))
    summary = response.context["summary"]
    assert (summary["attendance_needed"], summary["attended"]) == (3, 1)
    assert NOTE not in response.content.decode()
