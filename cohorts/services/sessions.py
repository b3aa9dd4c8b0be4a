"""Live sessions (webinars), attendance, check-in codes and reminders."""

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.audit import audit_record
from learning.models.audit import AuditAction

from ..attendance import held_sessions_attended
from ..hooks import attendance_changed
from ..importing import ParsedRow
from ..models import (
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    CalendarToken,
    Cohort,
    LiveSession,
    Membership,
    MembershipStatus,
    SessionChangeKind,
    SessionStatus,
    new_token,
)
from .changes import session_change_announce


def local_to_utc(*, cohort: Cohort, naive: datetime) -> datetime:
    """A wall-clock time typed for the cohort's zone, as an aware datetime.

    A time that does not exist (the hour skipped when clocks go forward) is refused rather
    than silently moved; an ambiguous one (the hour repeated in autumn) takes the first.
    """
    tz = cohort.tz
    aware = naive.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != naive:
        raise ValidationError(
            _("%(time)s does not exist in %(zone)s (the clocks change that night).")
            % {"time": naive.strftime("%Y-%m-%d %H:%M"), "zone": cohort.time_zone}
        )
    return aware


SESSION_WINDOW_YEARS = 5


def live_session_window_check(starts_at: datetime) -> None:
    """A session starts within five years of today (a year 9999 is a typing slip)."""
    now = timezone.now()
    window = timedelta(days=365 * SESSION_WINDOW_YEARS + 1)
    if not now - window <= starts_at <= now + window:
        raise ValidationError(
            _("A live session starts within %(n)s years of today.") % {"n": SESSION_WINDOW_YEARS}
        )


@transaction.atomic
def live_session_create(*, cohort: Cohort, title: str, starts_at: datetime, **fields):
    live_session_window_check(starts_at)
    session = LiveSession(cohort=cohort, title=title, starts_at=starts_at, **fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def live_session_update(*, session: LiveSession, changed_by=None, **fields) -> LiveSession:
    """Save a trainer's edit. A new time (start or length) of a session still to come is a
    reschedule: the members are e-mailed the new time (cohorts/services/changes.py)."""
    # As stored, not as the instance holds it: a ModelForm has already copied its cleaned
    # data onto the instance it validated.
    status, old_starts_at, old_duration = LiveSession.objects.values_list(
        "status", "starts_at", "duration_minutes"
    ).get(pk=session.pk)
    if status == SessionStatus.CANCELLED:
        raise ValidationError(
            _("This live session was cancelled; it can no longer be changed. Schedule a new one.")
        )
    moved = "starts_at" in fields and fields["starts_at"] != old_starts_at
    if moved:
        live_session_window_check(fields["starts_at"])
    for key, value in fields.items():
        setattr(session, key, value)
    session.sequence += 1  # calendar programs replace an event whose SEQUENCE grew
    if moved:
        session.reminder_sent_at = None
    session.full_clean()
    session.save()
    retimed = moved or session.duration_minutes != old_duration
    if retimed and not session.has_ended():
        session_change_announce(
            session=session,
            kind=SessionChangeKind.RESCHEDULED,
            old_starts_at=old_starts_at,
            changed_by=changed_by,
        )
    return session


def attendance_rule_text(session: LiveSession) -> str:
    return _(
        "Present: at least %(minutes)s of %(duration)s minutes (%(percent)s %%) in the webinar "
        "tool's report, a check-in with the session's code, or marked present by a trainer."
    ) % {
        "minutes": session.presence_minutes,
        "duration": session.duration_minutes,
        "percent": session.cohort.presence_percent,
    }


def _refuse_cancelled(session: LiveSession) -> None:
    if session.is_cancelled:
        raise ValidationError(_("This live session was cancelled: no attendance is recorded."))


def _status_from_minutes(session: LiveSession, minutes: int) -> str:
    return (
        AttendanceStatus.PRESENT if minutes >= session.presence_minutes else AttendanceStatus.ABSENT
    )


@transaction.atomic
def attendance_record(
    *,
    session: LiveSession,
    user,
    source: str,
    status: str | None = None,
    minutes: int | None = None,
    notify: bool = True,
) -> Attendance:
    """Record one person's attendance. Without a status, the cohort's minutes rule decides.

    On commit, the `cohort_attendance_changed` hook hears of it (a certificate may be due);
    callers that record many rows pass notify=False and tell it once for all of them.
    """
    _refuse_cancelled(session)
    if not Membership.objects.active().filter(cohort_id=session.cohort_id, user=user).exists():
        raise ValidationError(_("%(user)s is not in this cohort.") % {"user": user})
    if minutes is not None and not 0 <= minutes <= 1440:
        raise ValidationError(_("Minutes must be between 0 and 1440."))
    if status is None:
        if minutes is None:
            raise ValidationError(_("Give a status or a number of minutes."))
        status = _status_from_minutes(session, minutes)
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        user=user,
        defaults={"status": status, "minutes": minutes, "source": source},
    )
    if notify and status == AttendanceStatus.PRESENT:
        attendance_changed(course_id=session.cohort.course_id, user_ids=[user.pk])
    return attendance


@transaction.atomic
def attendance_grid_save(*, session: LiveSession, entries: dict[int, dict]) -> int:
    """Save a trainer's grid: {user_id: {"status": "present"|"absent"|"", "minutes": int|None}}.

    An empty status with minutes applies the rule; an empty status without minutes clears the
    learner's record. Returns the number of rows written or cleared.
    """
    _refuse_cancelled(session)
    members = {
        m.user_id: m.user
        for m in Membership.objects.active()
        .filter(cohort_id=session.cohort_id)
        .select_related("user")
    }
    unknown = set(entries) - set(members)
    if unknown:
        raise ValidationError(_("Some rows are not members of this cohort."))
    changed = 0
    for user_id, entry in entries.items():
        status = entry.get("status") or None
        minutes = entry.get("minutes")
        if status is None and minutes is None:
            changed += Attendance.objects.filter(session=session, user_id=user_id).delete()[0]
            continue
        attendance_record(
            session=session,
            user=members[user_id],
            source=AttendanceSource.GRID,
            status=status,
            minutes=minutes,
            notify=False,
        )
        changed += 1
    attendance_changed(course_id=session.cohort.course_id, user_ids=entries)
    return changed


@dataclass
class AttendancePlanRow:
    line: int
    email: str
    minutes: int
    status: str = ""
    user_id: int | None = None
    messages: list[str] = field(default_factory=list)


def attendance_import_plan(*, session: LiveSession, rows: list[ParsedRow]):
    members = {
        email.lower(): user_id
        for user_id, email in Membership.objects.active()
        .filter(cohort_id=session.cohort_id)
        .values_list("user_id", "user__email")
    }
    planned = []
    for row in rows:
        item = AttendancePlanRow(
            row.line, str(row.values.get("email", "")), cast(int, row.values.get("minutes", 0))
        )
        if not row.ok:
            item.messages = list(row.errors)
        elif item.email not in members:
            item.messages = [_("No member of this cohort has this e-mail address.")]
        else:
            item.user_id = members[item.email]
            item.status = _status_from_minutes(session, item.minutes)
        planned.append(item)
    return planned


@transaction.atomic
def attendance_import_commit(*, session: LiveSession, rows: list[ParsedRow], imported_by=None):
    """Write the attendance of the matched rows, and audit the import with its counts."""
    _refuse_cancelled(session)
    planned = attendance_import_plan(session=session, rows=rows)
    audit_record(
        actor=imported_by,
        action=AuditAction.IMPORT,
        target=session.cohort,
        detail={
            "kind": "attendance",
            "session_id": session.pk,
            "rows": len(planned),
            "matched": sum(1 for item in planned if item.user_id is not None),
        },
    )
    for item in planned:
        if item.user_id is None:
            continue
        Attendance.objects.update_or_create(
            session=session,
            user_id=item.user_id,
            defaults={
                "status": item.status,
                "minutes": item.minutes,
                "source": AttendanceSource.IMPORT,
            },
        )
    attendance_changed(
        course_id=session.cohort.course_id,
        user_ids=[item.user_id for item in planned if item.user_id is not None],
    )
    return planned


# --- Calendar tokens and reminders ------------------------------------------------------------


def calendar_token_for(*, user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_reset(*, user) -> CalendarToken:
    token = calendar_token_for(user=user)
    token.token = new_token()
    token.save(update_fields=["token"])
    return token


def session_reminders_due(*, now: datetime | None = None) -> list[int]:
    """Claim the sessions whose reminder is due (starting within the lead time) and return
    their ids. Claiming is one conditional UPDATE per session, so two beat runs never send
    the same reminder twice."""
    now = now or timezone.now()
    lead = timedelta(hours=getattr(settings, "COHORTS_REMINDER_HOURS", 24))
    candidates = (
        LiveSession.objects.scheduled()
        .filter(reminder_sent_at__isnull=True, starts_at__gt=now, starts_at__lte=now + lead)
        .values_list("pk", flat=True)
    )
    claimed = []
    for pk in candidates:
        if LiveSession.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            claimed.append(pk)
    return claimed


def sessions_ended_announce(*, now: datetime | None = None) -> int:
    """Tell the `cohort_attendance_changed` hook about the sessions that have ended since the
    last run (Celery beat). A session counts for attendance only once it is over
    (cohorts/attendance.py), so a certificate may become due then, with nobody recording
    anything. Each session is claimed by one conditional UPDATE: announced once."""
    now = now or timezone.now()
    announced = 0
    ended = LiveSession.objects.held(now).filter(ended_announced_at__isnull=True)
    for pk, course_id in ended.values_list("pk", "cohort__course_id"):
        with transaction.atomic():
            if not LiveSession.objects.filter(pk=pk, ended_announced_at__isnull=True).update(
                ended_announced_at=now
            ):
                continue
            present = Attendance.objects.filter(session_id=pk, status=AttendanceStatus.PRESENT)
            attendance_changed(
                course_id=course_id, user_ids=present.values_list("user_id", flat=True)
            )
            announced += 1
    return announced


def attendance_requirement_unmet(*, user, course) -> list[str]:
    """For the certificates hook: the attendance each of the learner's cohorts of this course
    still asks for."""
    messages = []
    cohorts = Cohort.objects.filter(
        course=course,
        memberships__user=user,
        memberships__status=MembershipStatus.ACTIVE,
        attendance_threshold__isnull=False,
    )
    for cohort in cohorts:
        total, attended = held_sessions_attended(cohort=cohort, user=user)
        if not total:
            continue
        needed = math.ceil(total * cast(int, cohort.attendance_threshold) / 100)
        if attended < needed:
            messages.append(
                _(
                    "Attend at least %(needed)s of the %(total)s live sessions of “%(cohort)s” "
                    "(%(threshold)s %%); you attended %(attended)s."
                )
                % {
                    "needed": needed,
                    "total": total,
                    "cohort": cohort.name,
                    "threshold": cohort.attendance_threshold,
                    "attended": attended,
                }
            )
    return messages


def cohort_certificate_template(*, user, course):
    """The certificate template of the learner's most recent cohort of this course that sets
    one (a learner may have retaken the course with a later cohort), or None."""
    cohort = (
        Cohort.objects.filter(
            course=course,
            memberships__user=user,
            memberships__status=MembershipStatus.ACTIVE,
            certificate_template__isnull=False,
        )
        .select_related("certificate_template")
        .order_by("-start_date", "-pk")
        .first()
    )
    return cohort.certificate_template if cohort else None
