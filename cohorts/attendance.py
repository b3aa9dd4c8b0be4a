"""Attendance figures: the one place that says which live sessions count.

A session counts once it has ended and only if it was not cancelled
(`LiveSession.objects.held`). A session still to come is nobody's absence: the trainer's
dashboard, the funder's export and summary and the certificate's "attended at least N of M"
rule all count with these functions, so they always agree.
"""

from datetime import datetime

from django.db.models import Count, QuerySet

from .models import Attendance, AttendanceStatus, Cohort, LiveSession


def held_sessions(*, cohort: Cohort, now: datetime | None = None) -> QuerySet[LiveSession]:
    """The cohort's sessions that count, in time order."""
    return LiveSession.objects.held(now).filter(cohort=cohort).order_by("starts_at", "pk")


def present_at_held(*, cohort: Cohort, now: datetime | None = None) -> QuerySet[Attendance]:
    """Present marks at the cohort's counted sessions."""
    return Attendance.objects.filter(
        session__in=held_sessions(cohort=cohort, now=now), status=AttendanceStatus.PRESENT
    )


def attended_counts(*, cohort: Cohort, now: datetime | None = None) -> dict[int, int]:
    """{user id: counted sessions they were present at}, in one grouped query."""
    return dict(
        present_at_held(cohort=cohort, now=now)
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )


def held_sessions_attended(*, cohort: Cohort, user, now: datetime | None = None) -> tuple[int, int]:
    """(sessions that count, of which the person attended) for one member."""
    total = held_sessions(cohort=cohort, now=now).count()
    attended = present_at_held(cohort=cohort, now=now).filter(user=user).count() if total else 0
    return total, attended
