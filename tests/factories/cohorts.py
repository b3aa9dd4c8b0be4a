"""Cohorts, members and live sessions, built through the cohorts services."""

import itertools
from datetime import date, timedelta

from django.utils import timezone

from cohorts import services
from cohorts.models import MembershipSource

from .users import UserFactory

_names = itertools.count(1)


def cohort(*, course=None, trainer=None, **fields):
    from .courses import course as make_course

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
