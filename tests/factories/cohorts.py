"""Cohorts, members and live sessions, built through the cohorts services."""

import itertools
from datetime import date, timedelta

from django.utils import timezone

from cohorts import services
from cohorts.models import MembershipSource

from .courses import course as make_course
from .users import UserFactory

_names = itertools.count(1)


def cohort(*, course=None, trainer=None, **fields):
    course = course or make_course(title=f"Governance of social security {next(_names)}")
    today = timezone.now().date()
    fields.setdefault("name", f"Cohort {next(_names)}")
    fields.setdefault("start_date", today - timedelta(days=14))
    fields.setdefault("end_date", today + timedelta(days=28))
    trainers = [trainer] if trainer else [UserFactory(roles=["Trainer"])]
    return services.cohort_create(course=course, trainers=trainers, **fields)


def member(cohort, *, source=MembershipSource.INVITATION, **user_fields):
    user = user_fields.pop("user", None) or UserFactory(**user_fields)
    services.membership_create(cohort=cohort, user=user, source=source)
    return user


def live_session(cohort, *, starts_at=None, **fields):
    fields.setdefault("title", "Webinar: governance of social security funds")
    fields.setdefault("duration_minutes", 90)
    fields.setdefault("join_url", "https://meet.jit.si/socle-governance")
    return services.live_session_create(
        cohort=cohort, starts_at=starts_at or timezone.now() + timedelta(days=3), **fields
    )


def participants_csv(rows, header="name,email,country,organisation,organisation_type,sex") -> bytes:
    lines = [header] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


__all__ = ["cohort", "date", "live_session", "member", "participants_csv"]


def formset_data(prefix: str, rows: list[dict], **extra) -> dict:
    """POST data of a formset of `rows` (field -> value; None posts an empty value)."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows))}
    for i, row in enumerate(rows):
        for field, value in row.items():
            data[f"{prefix}-{i}-{field}"] = "" if value is None else str(value)
    return {**data, **extra}


def attendance_grid(marks: dict) -> dict:
    """POST data of a session's attendance grid: {user (or a raw id): status or
    (status, minutes)}."""
    rows = []
    for who, mark in marks.items():
        status, minutes = mark if isinstance(mark, tuple) else (mark, None)
        rows.append({"user": getattr(who, "pk", who), "status": status, "minutes": minutes})
    return formset_data("attendance", rows, grid="1")


def schedule_grid(days: dict) -> dict:
    """POST data of a cohort's schedule grid: {module (or a raw id): (release, due)}."""
    rows = [
        {"module": getattr(module, "pk", module), "release": release, "due": due}
        for module, (release, due) in days.items()
    ]
    return formset_data("schedule", rows)
