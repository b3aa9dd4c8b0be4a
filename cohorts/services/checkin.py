"""Check-in codes: one code per live session, typed (or scanned) by every member.

The old codes checked in one person each and rotated every ten seconds, so forty people in a
webinar raced for them. Now a session shows one code during its check-in window; any active
member of the session's cohort checks in with it once (again is a no-op). The code stays
unguessable (`secrets`, 32^6 values, useful only to the cohort's members) and every code
typed takes a place in allauth's limiter (shared cache) per account, every wrong one per
address too.
See docs/decisions/cohorts-check-in.md.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.core import ratelimit
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.net import client_ip

from ..models import (
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    CheckInCode,
    LiveSession,
    Membership,
)
from ..zones import format_local
from .sessions import attendance_record

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 6
# The window: from a quarter of an hour before the start (people join early) to half an hour
# after the end (people type the code as the call closes).
OPENS_BEFORE = timedelta(minutes=15)
CLOSES_AFTER = timedelta(minutes=30)
# Every code typed, per account, taken before the code is looked at: "cohorts_checkin" of
# ACCOUNT_RATE_LIMITS. Wrong codes per address: "cohorts_checkin_ip", taken after a wrong
# code only, because a whole webinar may sit behind one office address and forty right codes
# in the same second would queue on one limiter lock (allauth refuses after a second of
# waiting). An address over its allowance is refused every code for BLOCK_SECONDS.
CHECK_IN_RATE_ACTION = "cohorts_checkin"
CHECK_IN_ADDRESS_ACTION = "cohorts_checkin_ip"
BLOCK_SECONDS = 600


@dataclass(frozen=True)
class CheckIn:
    attendance: Attendance
    already: bool  # the person had checked in (or been marked present) before


def checkin_window(session: LiveSession) -> tuple[datetime, datetime]:
    return session.starts_at - OPENS_BEFORE, session.ends_at + CLOSES_AFTER


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _refuse_cancelled(session: LiveSession) -> None:
    if session.is_cancelled:
        raise ValidationError(_("This live session was cancelled: there is no check-in."))


def checkin_code_current(*, session: LiveSession) -> CheckInCode:
    """The session's code: the one already drawn, or a new one (two trainers' screens opened
    at once get the same code: one current code per session is a constraint)."""
    _refuse_cancelled(session)
    for _attempt in range(5):
        code = CheckInCode.objects.filter(session=session, replaced_at__isnull=True).first()
        if code:
            return code
        try:
            with transaction.atomic():
                return CheckInCode.objects.create(session=session, code=_new_code())
        except IntegrityError:
            continue  # another screen drew it first, or the code was taken: look again
    raise RuntimeError("could not draw a unique check-in code")


@transaction.atomic
def checkin_code_replace(*, session: LiveSession) -> CheckInCode:
    """A new code for the session (the old one leaked): the old one is refused from now on."""
    _refuse_cancelled(session)
    CheckInCode.objects.filter(session=session, replaced_at__isnull=True).update(
        replaced_at=timezone.now()
    )
    return checkin_code_current(session=session)


def _problem(found: CheckInCode, now: datetime, user) -> str | None:
    session = found.session
    if session.is_cancelled:
        return _("This live session was cancelled: there is nothing to check in to.")
    if found.replaced_at is not None:
        return _("This code has been replaced. Type the code your trainer shows now.")
    opens, closes = checkin_window(session)
    if now < opens:
        return _("Check-in for this session opens at %(time)s.") % {
            "time": format_local(opens, session.cohort, user)
        }
    if now > closes:
        return _("Check-in for this session closed at %(time)s.") % {
            "time": format_local(closes, session.cohort, user)
        }
    return None


def checkin_code_lookup(*, user, code: str) -> CheckInCode:
    """The code as a member may use it now, or a ValidationError saying why not. Reads only
    (the confirmation page of a scanned QR code shows the session before anything is
    written); the limiter is taken by `checkin_redeem`."""
    normalised = "".join(code.split()).upper()[: CODE_LENGTH * 2]
    found = CheckInCode.objects.select_related("session__cohort").filter(code=normalised).first()
    if found is None or not (
        Membership.objects.active().filter(cohort_id=found.session.cohort_id, user=user).exists()
    ):
        # An unknown code, another cohort's code, a non-member: one answer, nothing to learn.
        raise ValidationError(_("This code is not valid. Check it and try again."), code="wrong")
    problem = _problem(found, timezone.now(), user)
    if problem:
        raise ValidationError(problem, code="refused")
    return found


def _blocked_key(request) -> str:
    return f"cohorts:checkin-blocked:{client_ip(request)}"


def _too_many() -> ValidationError:
    return ValidationError(_("Too many wrong codes. Wait a few minutes and try again."))


def checkin_redeem(*, request, user, code: str) -> CheckIn:
    """A member checks in with the code of a session in its window: one attendance row per
    person, written once; checking in again changes nothing.

    Every code typed takes one place in the account's allowance before it is looked at, in
    one atomic step of allauth's limiter (shared cache), so parallel guesses cannot overrun
    it; a wrong code also takes one in the address's allowance.
    """
    if cache.get(_blocked_key(request)) or not ratelimit.consume(
        request, action=CHECK_IN_RATE_ACTION, user=user
    ):
        raise _too_many()
    try:
        found = checkin_code_lookup(user=user, code=code)
    except ValidationError as exc:
        if exc.code == "wrong" and not ratelimit.consume(request, action=CHECK_IN_ADDRESS_ACTION):
            cache.set(_blocked_key(request), True, BLOCK_SECONDS)
            raise _too_many() from exc
        raise
    session = found.session
    existing = Attendance.objects.filter(session=session, user=user).first()
    if existing and existing.status == AttendanceStatus.PRESENT:
        return CheckIn(existing, already=True)
    attendance = attendance_record(
        session=session,
        user=user,
        source=AttendanceSource.CHECK_IN,
        status=AttendanceStatus.PRESENT,
        minutes=existing.minutes if existing else None,
    )
    return CheckIn(attendance, already=False)
