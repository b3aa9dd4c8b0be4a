"""Cancelling and moving a live session, and telling the members (through the outbox).

A cancelled session is not deleted: calendar programs only remove an event they are sent
again with STATUS:CANCELLED and a higher SEQUENCE, so it stays in every feed, marked. It
leaves check-in, reminders and attendance counting. See
docs/decisions/cohorts-cancel-and-exports.md.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import (
    MAX_TEXT,
    LiveSession,
    Membership,
    OutboxEmail,
    OutboxKind,
    SessionChange,
    SessionChangeKind,
    SessionStatus,
)
from ..tasks import send_session_change


def session_change_announce(
    *, session: LiveSession, kind: str, old_starts_at: datetime, note: str = "", changed_by=None
) -> SessionChange:
    """Keep the change and write one outbox row per active member, in the caller's
    transaction; the e-mails leave after it commits (a retry sends to nobody twice)."""
    change = SessionChange.objects.create(
        session=session,
        kind=kind,
        sequence=session.sequence,
        old_starts_at=old_starts_at,
        starts_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        note=note,
        changed_by=changed_by,
    )
    recipients = (
        Membership.objects.active()
        .filter(cohort_id=session.cohort_id)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    OutboxEmail.objects.bulk_create(
        [
            OutboxEmail(kind=OutboxKind.SESSION_CHANGE, change=change, recipient_id=user_id)
            for user_id in recipients
        ]
    )
    change_id = change.pk
    transaction.on_commit(lambda: send_session_change.delay(change_id=change_id))
    return change


@transaction.atomic
def live_session_cancel(*, session: LiveSession, cancelled_by, reason: str = "") -> SessionChange:
    """Cancel a session that has not ended; refuse a second cancellation clearly.

    The status flips in one conditional UPDATE, so two trainers pressing the button at once
    cancel (and e-mail) once."""
    reason = (reason or "").strip()
    if len(reason) > MAX_TEXT:
        raise ValidationError(_("The message is longer than %(n)s characters.") % {"n": MAX_TEXT})
    session.refresh_from_db()
    if session.is_cancelled:
        raise ValidationError(
            _("This live session was already cancelled on %(date)s.")
            % {"date": date_format(timezone.localtime(session.cancelled_at), "DATETIME_FORMAT")}
        )
    if session.has_ended():
        raise ValidationError(
            _("This live session has already taken place; it can no longer be cancelled.")
        )
    now = timezone.now()
    flipped = LiveSession.objects.filter(pk=session.pk, status=SessionStatus.SCHEDULED).update(
        status=SessionStatus.CANCELLED,
        cancelled_at=now,
        cancel_reason=reason,
        # Calendar programs replace an event only when its SEQUENCE grew.
        sequence=F("sequence") + 1,
    )
    if not flipped:  # cancelled meanwhile by someone else
        raise ValidationError(_("This live session was already cancelled."))
    session.refresh_from_db()
    # Reminders not yet sent never will be; those sent stay as the record of what was sent.
    OutboxEmail.objects.filter(
        kind=OutboxKind.REMINDER, session=session, sent_at__isnull=True
    ).delete()
    return session_change_announce(
        session=session,
        kind=SessionChangeKind.CANCELLED,
        old_starts_at=session.starts_at,
        note=reason,
        changed_by=cancelled_by,
    )
