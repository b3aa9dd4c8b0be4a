"""Celery tasks of the discussions: mention e-mails after a post, the daily digest (beat)."""

import smtplib

from celery import shared_task
from django.utils import timezone

from . import notifications
from .models import DiscussionEmail, EmailKind

RETRY = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**RETRY)
def send_mentions(self, post_id: int) -> int:
    rows = DiscussionEmail.objects.filter(kind=EmailKind.MENTION, post_id=post_id)
    return notifications.emails_deliver(rows=rows, build=notifications.mention_email)


@shared_task(**RETRY)
def send_daily_digests(self) -> int:
    """Queue today's digests (once per person and day, whatever the number of runs) and send
    those still unsent."""
    day = timezone.now().date()
    notifications.digests_queue(day=day)
    rows = DiscussionEmail.objects.filter(kind=EmailKind.DIGEST, day=day)
    return notifications.emails_deliver(rows=rows, build=notifications.digest_email)
