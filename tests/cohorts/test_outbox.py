"""The e-mail outbox of cohort messages and session reminders: a mail server that fails on
one recipient leaves nobody without the e-mail after the retry, and nobody with two."""

import contextlib
import smtplib
from collections import Counter
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from cohorts.models import CohortMessage, OutboxEmail, OutboxKind
from cohorts.services import cohort_message_send, outbox_deliver
from cohorts.tasks import send_cohort_message, send_session_reminders
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db
# What a task asks Celery for when some e-mails failed (eager: raised to the caller).
RETRIED = (smtplib.SMTPException, Retry)


class FailsOnceOnSecond(EmailBackend):
    """A locmem backend whose second e-mail ever sent fails once with an SMTP error."""

    calls = 0

    def send_messages(self, messages):
        for _message in messages:
            type(self).calls += 1
            if type(self).calls == 2:
                raise smtplib.SMTPServerDisconnected("connection lost")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    FailsOnceOnSecond.calls = 0
    settings.EMAIL_BACKEND = f"{__name__}.FailsOnceOnSecond"
    return FailsOnceOnSecond


def received() -> Counter:
    return Counter(m.to[0] for m in mail.outbox)


def run_again(task, **kwargs):
    """What Celery's retry does: run the task again (eager tasks may already have retried)."""
    task.apply(kwargs=kwargs).get()


def test_a_cohort_message_reaches_each_member_once_despite_an_smtp_error(
    cohort, trainer, flaky_mail, django_capture_on_commit_callbacks
):
    members = [cf.member(cohort) for _ in range(4)]
    # A pass with a failure asks Celery for a retry (eager here: the exception comes out).
    with (
        contextlib.suppress(*RETRIED),
        django_capture_on_commit_callbacks(execute=True),
    ):
        cohort_message_send(cohort=cohort, sender=trainer, subject="Hello", body="Welcome")
    message = CohortMessage.objects.get()
    run_again(send_cohort_message, message_id=message.pk)
    run_again(send_cohort_message, message_id=message.pk)  # a duplicate delivery of the task
    assert received() == Counter({m.email: 1 for m in members})
    rows = OutboxEmail.objects.filter(message=message)
    assert rows.count() == 4
    assert all(row.sent_at is not None for row in rows)
    failed_once = rows.get(recipient=members[1])
    assert failed_once.attempts == 2
    assert "connection lost" not in failed_once.last_error  # cleared once sent


def test_the_failure_is_recorded_on_the_one_row_until_the_retry(
    cohort, trainer, flaky_mail, django_capture_on_commit_callbacks
):
    members = [cf.member(cohort) for _ in range(4)]
    message = CohortMessage.objects.create(cohort=cohort, sender=trainer, subject="S", body="B")
    OutboxEmail.objects.bulk_create(
        OutboxEmail(kind=OutboxKind.MESSAGE, message=message, recipient=m) for m in members
    )

    with pytest.raises(smtplib.SMTPException):
        outbox_deliver(
            rows=message.outbox.all(),
            build=lambda row: mail.EmailMessage("S", "B", to=[row.recipient.email]),
        )
    # The first, third and fourth got theirs; the second has its error recorded.
    assert received() == Counter({members[0].email: 1, members[2].email: 1, members[3].email: 1})
    failed = OutboxEmail.objects.get(recipient=members[1])
    assert (failed.sent_at, failed.attempts) == (None, 1)
    assert failed.last_error == "SMTPServerDisconnected: connection lost"


def test_the_message_is_kept_with_its_recipients(
    trainer_client, trainer, cohort, django_capture_on_commit_callbacks
):
    a, _b = cf.member(cohort), cf.member(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            reverse("cohorts:message", args=[cohort.pk]),
            {"user": [a.pk], "subject": "Webinar moved", "body": "Thursday."},
        )
    assert response.status_code == 302
    message = CohortMessage.objects.get()
    assert (message.cohort, message.sender, message.subject, message.body) == (
        cohort,
        trainer,
        "Webinar moved",
        "Thursday.",
    )
    assert list(message.outbox.values_list("recipient", flat=True)) == [a.pk]


def test_bad_input_writes_no_message_and_no_outbox_row(
    trainer_client, cohort, django_capture_on_commit_callbacks
):
    cf.member(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            reverse("cohorts:message", args=[cohort.pk]), {"subject": "", "body": ""}
        )
    assert response.status_code == 400  # the form shows why nothing was sent
    assert CohortMessage.objects.count() == 0
    assert OutboxEmail.objects.count() == 0


def test_session_reminders_reach_each_member_once_despite_an_smtp_error(cohort, flaky_mail):
    cf.live_session(cohort, starts_at=timezone.now() + timedelta(hours=3))
    members = [cf.member(cohort) for _ in range(4)]
    with contextlib.suppress(*RETRIED):
        send_session_reminders.apply().get()
    # The next beat run (or Celery's retry) serves whoever is left, and nobody twice.
    run_again(send_session_reminders)
    run_again(send_session_reminders)
    assert received() == Counter({m.email: 1 for m in members})
    assert OutboxEmail.objects.filter(kind=OutboxKind.REMINDER, sent_at__isnull=True).count() == 0


class RefusesSome(EmailBackend):
    """A locmem backend that refuses the addresses in `refused`."""

    refused: set = set()

    def send_messages(self, messages):
        if any(set(m.to) & self.refused for m in messages):
            raise smtplib.SMTPRecipientsRefused({})
        return super().send_messages(messages)


def test_a_reminder_not_sent_before_the_session_started_is_dropped(cohort, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesSome"
    session = cf.live_session(cohort, starts_at=timezone.now() + timedelta(hours=3))
    members = [cf.member(cohort) for _ in range(2)]
    RefusesSome.refused = {members[1].email}
    with pytest.raises(RETRIED):
        send_session_reminders.apply().get()
    RefusesSome.refused = set()
    session.starts_at = timezone.now() - timedelta(minutes=5)
    session.save(update_fields=["starts_at"])
    run_again(send_session_reminders)
    assert received() == Counter({members[0].email: 1})
    row = OutboxEmail.objects.get(recipient=members[1])
    assert row.sent_at is None
    assert row.attempts == 1
    assert row.last_error.startswith("SMTPRecipientsRefused")
