"""The cohorts' e-mail outbox: rows written with the message or the reminder, then delivered
one by one, each marked sent in the same transaction that locked it.

A mail-server error on one recipient is recorded on that row (attempts, last error) and the
others are still served; the task then raises so that Celery retries, and the retry only
sees the rows still unsent. A row is locked (skipped by a concurrent worker) while sent.
"""

import logging
import smtplib
from collections.abc import Callable
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ..models import Cohort, CohortMessage, LiveSession, Membership, OutboxEmail, OutboxKind
from .sessions import session_reminders_due

logger = logging.getLogger(__name__)
# What a mail server or the network raise; anything else is a bug and stops the task.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


class OutboxIncomplete(smtplib.SMTPException):
    """Some rows are still unsent after a pass; raised so that Celery retries the task."""


@transaction.atomic
def cohort_message_create(
    *, cohort: Cohort, sender, subject: str, body: str, user_ids: list[int]
) -> CohortMessage:
    """The message and one outbox row per recipient, in one transaction."""
    message = CohortMessage(cohort=cohort, sender=sender, subject=subject, body=body)
    message.full_clean()
    message.save()
    OutboxEmail.objects.bulk_create(
        [
            OutboxEmail(kind=OutboxKind.MESSAGE, message=message, recipient_id=user_id)
            for user_id in sorted(set(user_ids))
        ]
    )
    return message


@transaction.atomic
def session_reminders_queue(*, now=None) -> int:
    """Claim the sessions whose reminder is due and write one reminder row per active member
    of their cohorts, in one transaction (a worker dying in between loses no reminder).
    A session claimed again was moved (live_session_update re-arms it): the reminders sent
    for its old time are forgotten so that everyone hears of the new one. Returns the number
    of rows written."""
    session_ids = session_reminders_due(now=now)
    OutboxEmail.objects.filter(session_id__in=session_ids, sent_at__isnull=False).delete()
    rows = [
        OutboxEmail(kind=OutboxKind.REMINDER, session_id=session.pk, recipient_id=user_id)
        for session in LiveSession.objects.filter(pk__in=session_ids)
        for user_id in Membership.objects.active()
        .filter(cohort_id=session.cohort_id)
        .values_list("user_id", flat=True)
    ]
    return len(OutboxEmail.objects.bulk_create(rows, ignore_conflicts=True))


def outbox_deliver(*, rows: QuerySet, build: Callable[[Any], EmailMessage]) -> int:
    """Send each unsent row of `rows` with the e-mail `build` makes of it. Returns how many;
    raises OutboxIncomplete after the pass when some failed, so the caller's task retries.

    `rows` is any outbox table with `recipient`, `attempts`, `last_error` and `sent_at`
    (this app's OutboxEmail, the discussions' DiscussionEmail): each row is locked, sent and
    marked in its own transaction."""
    sent = failed = 0
    for pk in list(rows.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            row = (
                rows.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if row is None:  # sent meanwhile, or being sent by another worker
                continue
            row.attempts += 1
            try:
                build(row).send()
            except DELIVERY_ERRORS as error:
                row.last_error = f"{type(error).__name__}: {error}"[:1000]
                row.save(update_fields=["attempts", "last_error"])
                logger.warning("outbox e-mail failed", extra={"outbox": row.pk})
                failed += 1
                continue
            row.sent_at = timezone.now()
            row.last_error = ""
            row.save(update_fields=["attempts", "last_error", "sent_at"])
            sent += 1
    if failed:
        raise OutboxIncomplete(f"{failed} e-mail(s) not sent; {sent} sent in this pass")
    return sent
