"""BigBlueButton meetings of live sessions: created and ended by the cohort's trainers, joined
by its members, and their attendance recorded from what the server reports.

BigBlueButton's getMeetingInfo lists the people in a meeting *now*; a Celery beat task asks
every minute while a meeting is open, and the stretches of time each person was seen in
(`WebinarPresence`) become their attendance minutes when the meeting ends
(docs/decisions/cohorts-webinars.md).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..hooks import attendance_changed
from ..models import (
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    LiveSession,
    Membership,
)
from ..services.sessions import attendance_record
from .client import BigBlueButton, BigBlueButtonError, MeetingInfo
from .models import WebinarMeeting, WebinarPresence

# A meeting nobody ended is closed this long after the session's planned end.
CLOSE_AFTER = timedelta(hours=6)
MAX_MINUTES = 1440


def bigbluebutton_enabled() -> bool:
    """The feature shows only when the server's address and shared secret are set."""
    return bool(
        getattr(settings, "BIGBLUEBUTTON_URL", "") and getattr(settings, "BIGBLUEBUTTON_SECRET", "")
    )


def _client() -> BigBlueButton:
    if not bigbluebutton_enabled():
        raise ValidationError(_("BigBlueButton is not configured on this platform."))
    return BigBlueButton.from_settings()


def _unreachable(exc: BigBlueButtonError) -> ValidationError:
    return ValidationError(
        _("BigBlueButton did not answer as expected (%(reason)s). Try again in a minute.")
        % {"reason": exc.key or _("no answer")}
    )


def is_session_trainer(*, session: LiveSession, user) -> bool:
    if user.is_superuser:
        return True
    return session.cohort.trainers.filter(pk=user.pk).exists()


def _is_member(*, session: LiveSession, user) -> bool:
    return Membership.objects.active().filter(cohort_id=session.cohort_id, user=user).exists()


def _refuse_closed(session: LiveSession) -> None:
    if session.is_cancelled:
        raise ValidationError(_("This live session was cancelled."))
    if session.has_ended(timezone.now() - CLOSE_AFTER):
        raise ValidationError(_("This live session is over."))


def open_meeting(session: LiveSession) -> WebinarMeeting | None:
    return WebinarMeeting.objects.filter(session=session, ended_at__isnull=True).first()


def meeting_start(*, session: LiveSession, user, logout_url: str = "") -> str:
    """A trainer of the session's cohort creates (or re-creates) its meeting; returns the
    address that brings them in as a moderator."""
    if not is_session_trainer(session=session, user=user):
        raise PermissionDenied
    _refuse_closed(session)
    client = _client()
    meeting = WebinarMeeting.objects.filter(session=session).first()
    if meeting is not None and not meeting.is_open:
        raise ValidationError(_("The webinar of this live session has already ended."))
    if meeting is None:
        meeting, _created = WebinarMeeting.objects.get_or_create(
            session=session, defaults={"created_by": user}
        )
    try:
        client.create(
            meeting_id=meeting.meeting_id,
            name=session.title,
            logout_url=logout_url,
            **{"socle-session": str(session.pk), "socle-cohort": str(session.cohort_id)},
        )
    except BigBlueButtonError as exc:
        raise _unreachable(exc) from exc
    return _join_address(client, meeting, user, moderator=True)


def _join_address(client: BigBlueButton, meeting: WebinarMeeting, user, *, moderator: bool):
    return client.join_url(
        meeting_id=meeting.meeting_id,
        full_name=user.full_name or user.email,
        user_id=str(user.pk),
        moderator=moderator,
    )


def meeting_join(*, session: LiveSession, user) -> str:
    """The address that brings a person in: the cohort's trainers as moderators, its active
    members as viewers once a trainer has started the meeting. Anyone else is refused."""
    trainer = is_session_trainer(session=session, user=user)
    if not trainer and not _is_member(session=session, user=user):
        raise PermissionDenied
    _refuse_closed(session)
    client = _client()
    meeting = open_meeting(session)
    if meeting is None:
        raise ValidationError(_("The webinar has not started yet. Try again in a few minutes."))
    if not trainer and not _meeting_exists(client, meeting):
        raise ValidationError(_("The webinar has not started yet. Try again in a few minutes."))
    return _join_address(client, meeting, user, moderator=trainer)


def _meeting_exists(client: BigBlueButton, meeting: WebinarMeeting) -> bool:
    """Created on the server and not ended: a learner may go in."""
    try:
        return not client.meeting_info(meeting_id=meeting.meeting_id).has_ended
    except BigBlueButtonError as exc:
        if exc.key == "notFound":
            return False
        raise _unreachable(exc) from exc


def meeting_end(*, session: LiveSession, user) -> list[Attendance]:
    """A trainer ends the meeting for everyone; the attendance is recorded at once."""
    if not is_session_trainer(session=session, user=user):
        raise PermissionDenied
    meeting = open_meeting(session)
    if meeting is None:
        raise ValidationError(_("There is no webinar running for this live session."))
    client = _client()
    try:
        # Who is in at the end counts up to now.
        presence_record(meeting=meeting, info=client.meeting_info(meeting_id=meeting.meeting_id))
        client.end(meeting_id=meeting.meeting_id)
    except BigBlueButtonError as exc:
        if exc.key != "notFound":
            raise _unreachable(exc) from exc
    return meeting_finish(meeting=meeting)


def _platform_id(user_id: str) -> int | None:
    """The platform's user id an attendee joined with; None for anyone else (a guest let in
    by a moderator, a phone caller)."""
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= 10):
        return None
    return int(user_id) if 0 < int(user_id) < 2**31 else None


@transaction.atomic
def presence_record(*, meeting: WebinarMeeting, info: MeetingInfo, now=None) -> None:
    """Write what one getMeetingInfo answer says: people listed are in (a stretch opened or
    extended), people no longer listed have left (their stretch closed)."""
    now = now or timezone.now()
    seen = {user_id for a in info.attendees if (user_id := _platform_id(a.user_id))}
    open_rows = {
        p.user_id: p
        for p in WebinarPresence.objects.select_for_update().filter(
            meeting=meeting, left_at__isnull=True
        )
    }
    for user_id, presence in open_rows.items():
        if user_id not in seen:
            presence.left_at = presence.last_seen_at
            presence.save(update_fields=["left_at"])
    WebinarPresence.objects.filter(
        pk__in=[p.pk for p in open_rows.values()], user_id__in=seen, joined_at__lte=now
    ).update(last_seen_at=now)
    members = set(
        Membership.objects.active()
        .filter(cohort_id=meeting.session.cohort_id, user_id__in=seen)
        .values_list("user_id", flat=True)
    )
    WebinarPresence.objects.bulk_create(
        WebinarPresence(meeting=meeting, user_id=user_id, joined_at=now, last_seen_at=now)
        for user_id in sorted(members - set(open_rows))
    )
    meeting.last_polled_at = now
    meeting.save(update_fields=["last_polled_at"])


def _minutes_by_user(meeting: WebinarMeeting) -> dict[int, int]:
    seconds: dict[int, float] = {}
    for presence in WebinarPresence.objects.filter(meeting=meeting):
        end = presence.left_at or presence.last_seen_at
        spent = (end - presence.joined_at).total_seconds()
        seconds[presence.user_id] = seconds.get(presence.user_id, 0) + spent
    return {user_id: min(MAX_MINUTES, round(s / 60)) for user_id, s in seconds.items()}


@transaction.atomic
def meeting_finish(*, meeting: WebinarMeeting) -> list[Attendance]:
    """Close the meeting and write each active member's minutes as attendance (the cohort's
    rule decides present or absent). A learner a trainer already marked present, or who
    checked in, stays present. Trainers and people who left the cohort are not recorded."""
    meeting = (
        WebinarMeeting.objects.select_for_update()
        .select_related("session__cohort")
        .get(pk=meeting.pk)
    )
    if not meeting.is_open:
        return []
    now = timezone.now()
    WebinarPresence.objects.filter(meeting=meeting, left_at__isnull=True).update(
        left_at=F("last_seen_at")
    )
    meeting.ended_at = now
    meeting.save(update_fields=["ended_at"])
    session = meeting.session
    if session.is_cancelled:
        return []
    members = {
        m.user_id: m.user
        for m in Membership.objects.active()
        .filter(cohort_id=session.cohort_id)
        .select_related("user")
    }
    present = set(
        Attendance.objects.filter(session=session, status=AttendanceStatus.PRESENT).values_list(
            "user_id", flat=True
        )
    )
    written = []
    for user_id, minutes in sorted(_minutes_by_user(meeting).items()):
        if user_id not in members:
            continue
        written.append(
            attendance_record(
                session=session,
                user=members[user_id],
                source=AttendanceSource.IMPORT,
                status=AttendanceStatus.PRESENT if user_id in present else None,
                minutes=minutes,
                notify=False,
            )
        )
    attendance_changed(course_id=session.cohort.course_id, user_ids=[a.user_id for a in written])
    return written


def meetings_poll(*, now=None) -> int:
    """Run by Celery beat: ask the server about every open meeting; record who is in, and
    finish the meetings that ended (or that nobody ended long after the session). Returns
    the number of meetings finished."""
    if not bigbluebutton_enabled():
        return 0
    now = now or timezone.now()
    client = BigBlueButton.from_settings()
    finished = 0
    for meeting in WebinarMeeting.objects.filter(ended_at__isnull=True).select_related(
        "session__cohort"
    ):
        if _poll_one(client, meeting, now):
            meeting_finish(meeting=meeting)
            finished += 1
    return finished


def _poll_one(client: BigBlueButton, meeting: WebinarMeeting, now) -> bool:
    """Record one meeting's attendees; True when it is over."""
    overdue = meeting.session.ends_at + CLOSE_AFTER <= now
    try:
        info = client.meeting_info(meeting_id=meeting.meeting_id)
    except BigBlueButtonError as exc:
        # notFound: ended and forgotten, or never started and expired.
        return exc.key == "notFound" or overdue
    presence_record(meeting=meeting, info=info, now=now)
    return info.has_ended or overdue
