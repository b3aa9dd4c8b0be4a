"""Messages to a cohort and the outbox of their e-mails (imported by cohorts/models.py).

One outbox row per (message, recipient), per (session reminder, recipient) and per (session
change, recipient): the task that sends them marks each row as it goes, so a retry after a
mail-server error sends to those not yet served and to nobody twice. See
docs/decisions/cohorts-email-outbox.md and cohorts-cancel-and-exports.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CohortMessage(models.Model):
    """What a trainer wrote to their cohort (or to some of its members)."""

    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sender"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)

    class Meta:
        verbose_name = _("cohort message")
        verbose_name_plural = _("cohort messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class SessionChangeKind(models.TextChoices):
    CANCELLED = "cancelled", _("Session cancelled")
    RESCHEDULED = "rescheduled", _("Session moved")


class SessionChange(models.Model):
    """A live session cancelled or moved, as the members are told of it: the e-mail of a
    retry is built from this row, so it says what it said the first time."""

    session = models.ForeignKey(
        "cohorts.LiveSession", on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SessionChangeKind.choices)
    sequence = models.PositiveIntegerField(_("calendar sequence"))
    old_starts_at = models.DateTimeField(_("previous start"))
    starts_at = models.DateTimeField(_("start"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    note = models.TextField(_("message to the participants"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("live session change")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Each change bumps the session's SEQUENCE: one announcement per change.
            models.UniqueConstraint(
                fields=["session", "sequence"], name="session_change_one_per_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.session_id}#{self.sequence}"


class OutboxKind(models.TextChoices):
    MESSAGE = "message", _("Message to the cohort")
    REMINDER = "reminder", _("Session reminder")
    SESSION_CHANGE = "change", _("Session cancelled or moved")


class OutboxEmail(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=OutboxKind.choices)
    message = models.ForeignKey(
        CohortMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    session = models.ForeignKey(
        "cohorts.LiveSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminder_outbox",
    )
    change = models.ForeignKey(
        SessionChange, on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_outbox"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "recipient"],
                condition=Q(message__isnull=False),
                name="outbox_one_per_message_recipient",
            ),
            models.UniqueConstraint(
                fields=["session", "recipient"],
                condition=Q(session__isnull=False),
                name="outbox_one_reminder_per_session_recipient",
            ),
            models.UniqueConstraint(
                fields=["change", "recipient"],
                condition=Q(change__isnull=False),
                name="outbox_one_per_change_recipient",
            ),
            # A message row names its message, a reminder row its session, a change row its
            # change; each exactly one target.
            models.CheckConstraint(
                condition=(
                    Q(kind="message")
                    & Q(message__isnull=False)
                    & Q(session__isnull=True)
                    & Q(change__isnull=True)
                )
                | (
                    Q(kind="reminder")
                    & Q(session__isnull=False)
                    & Q(message__isnull=True)
                    & Q(change__isnull=True)
                )
                | (
                    Q(kind="change")
                    & Q(change__isnull=False)
                    & Q(message__isnull=True)
                    & Q(session__isnull=True)
                ),
                name="outbox_kind_matches_target",
            ),
        ]
        indexes = [
            models.Index(
                fields=["kind", "created_at"],
                condition=Q(sent_at__isnull=True),
                name="outbox_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id}"


__all__ = ["CohortMessage", "OutboxEmail", "OutboxKind", "SessionChange", "SessionChangeKind"]
