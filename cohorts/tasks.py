"""Celery tasks of the cohorts app: invitations, messages to a cohort, session reminders.

Each e-mail is written in the recipient's own language and shows times in their own zone;
one message per recipient, so that nobody sees the others' addresses. Messages and reminders
go through the outbox (cohorts/services/outbox.py): a retry sends to nobody twice.
"""

import smtplib
import zoneinfo

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .calendar import calendar_bytes
from .invitation_links import invitation_token
from .models import (
    CohortMessage,
    LiveSession,
    Membership,
    MembershipStatus,
    OutboxEmail,
    OutboxKind,
    SessionChange,
    SessionChangeKind,
    SessionStatus,
)

RETRY = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


def _build(
    *,
    user,
    subject_template: str,
    body_template: str,
    context: dict,
    reply_to=None,
    fallback_zone: str = "UTC",
) -> EmailMessage:
    """An e-mail in the recipient's language, times in their zone (or `fallback_zone`, the
    cohort's, for an account without one)."""
    language = user.preferred_language or settings.LANGUAGE_CODE
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone or fallback_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    with translation.override(language), timezone.override(zone):
        context = {
            **context,
            "user": user,
            "zone_name": zone.key,
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        reply_to=reply_to or None,
    )


def _send(**kwargs) -> None:
    _build(**kwargs).send()


def _welcome_url(membership) -> str | None:
    """For an account created by an import: its welcome page, where its owner chooses a
    password and is signed in (cohorts/invitation_links.py)."""
    if membership.user.has_usable_password():
        return None
    return reverse("cohorts:welcome", args=[membership.pk, invitation_token(membership)])


@shared_task(**RETRY)
def send_invitations(self, *, membership_ids: list[int], inviter_id: int | None = None) -> int:
    User = get_user_model()
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    sent = 0
    for membership in Membership.objects.filter(pk__in=membership_ids).select_related(
        "cohort__course", "user"
    ):
        _send(
            user=membership.user,
            subject_template="cohorts/email/invitation_subject.txt",
            body_template="cohorts/email/invitation_body.txt",
            context={
                "cohort": membership.cohort,
                "inviter": inviter,
                "set_password_url": _welcome_url(membership),
                "dashboard_url": reverse("dashboard"),
                # An existing account is invited, not added: the link lets them answer.
                "pending": membership.status == MembershipStatus.INVITED,
                "answer_url": reverse("cohorts:invitation", args=[membership.pk]),
            },
            reply_to=[inviter.email] if inviter else None,
        )
        sent += 1
    return sent


@shared_task(**RETRY)
def send_cohort_message(self, *, message_id: int) -> int:
    """Deliver a cohort message's outbox rows still unsent; a retry serves only those."""
    # Cycle: the services queue this module's tasks (they import this module).
    from .services.outbox import outbox_deliver  # noqa: PLC0415

    message = CohortMessage.objects.select_related("cohort", "sender").filter(pk=message_id)
    message = message.first()
    if message is None:
        return 0
    reply_to = [message.sender.email] if message.sender else None

    def build(row) -> EmailMessage:
        return EmailMessage(
            subject=f"[{message.cohort.name}] {message.subject}",
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[row.recipient.email],
            reply_to=reply_to,
        )

    return outbox_deliver(rows=message.outbox.all(), build=build)


@shared_task(**RETRY)
def send_session_reminders(self) -> int:
    """Run by Celery beat: queue a reminder for every member of a cohort whose session starts
    soon, then deliver every reminder still unsent for sessions not yet started (those an
    earlier run could not send included)."""
    # Cycle: the services queue this module's tasks (they import this module).
    from .services.outbox import outbox_deliver, session_reminders_queue  # noqa: PLC0415

    session_reminders_queue()
    rows = OutboxEmail.objects.filter(
        kind=OutboxKind.REMINDER,
        session__starts_at__gt=timezone.now(),
        session__status=SessionStatus.SCHEDULED,
    )
    sessions = {}

    def build(row) -> EmailMessage:
        if row.session_id not in sessions:
            sessions[row.session_id] = LiveSession.objects.select_related("cohort").get(
                pk=row.session_id
            )
        session = sessions[row.session_id]
        return _build(
            user=row.recipient,
            subject_template="cohorts/email/reminder_subject.txt",
            body_template="cohorts/email/reminder_body.txt",
            context={
                "session": session,
                "cohort": session.cohort,
                "session_url": reverse("cohorts:session", args=[session.pk]),
                "ics_url": reverse("cohorts:session_ics", args=[session.pk]),
            },
        )

    return outbox_deliver(rows=rows, build=build)


@shared_task(**RETRY)
def announce_ended_sessions(self) -> int:
    """Run by Celery beat: a session that has just ended starts counting for attendance, so
    tell the certificates app (cohorts.services.sessions_ended_announce)."""
    from .services.sessions import sessions_ended_announce  # noqa: PLC0415 - as above

    return sessions_ended_announce()


@shared_task(**RETRY)
def send_session_change(self, *, change_id: int) -> int:
    """Tell the members that a session was cancelled or moved: one e-mail per outbox row
    still unsent, in the recipient's language and zone, with the event as an .ics file
    (STATUS:CANCELLED for a cancellation) so that a calendar updates without the feed."""
    # Cycle: the services queue this module's tasks (they import this module).
    from .services.outbox import outbox_deliver  # noqa: PLC0415

    change = SessionChange.objects.select_related("session__cohort").filter(pk=change_id).first()
    if change is None:
        return 0
    session = change.session
    # The event as it is now: its SEQUENCE is at least the change's, so a calendar that
    # already saw a later edit keeps it.
    ics = calendar_bytes([session], name=session.title)
    cancelled = change.kind == SessionChangeKind.CANCELLED

    def build(row) -> EmailMessage:
        email = _build(
            user=row.recipient,
            subject_template="cohorts/email/session_change_subject.txt",
            body_template="cohorts/email/session_change_body.txt",
            context={
                "change": change,
                "cancelled": cancelled,
                "session": session,
                "cohort": session.cohort,
                "session_url": reverse("cohorts:session", args=[session.pk]),
            },
            fallback_zone=session.cohort.time_zone,
        )
        email.attach(f"session-{session.pk}.ics", ics, "text/calendar; method=PUBLISH")
        return email

    return outbox_deliver(rows=change.outbox.all(), build=build)


@shared_task(bind=True, acks_late=True)
def poll_webinars(self) -> int:
    """Run by Celery beat every minute: record who is in each open BigBlueButton meeting, and
    write the attendance of those that ended (cohorts/webinars/services.py)."""
    # Cycle: the services queue this module's tasks (they import this module).
    from .webinars.services import meetings_poll  # noqa: PLC0415

    return meetings_poll()
