"""Celery tasks of the cohorts app: invitations, messages to a cohort, session reminders.

Each e-mail is written in the recipient's own language and shows times in their own zone;
one message per recipient, so that nobody sees the others' addresses.
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

RETRY = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


def _send(*, user, subject_template: str, body_template: str, context: dict, reply_to=None):
    language = user.preferred_language or settings.LANGUAGE_CODE
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone or "UTC")
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
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        reply_to=reply_to or None,
    ).send()


def _set_password_url(user) -> str | None:
    """For an account created by an import: a link to choose a password."""
    if user.has_usable_password():
        return None
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )


@shared_task(**RETRY)
def send_invitations(self, *, membership_ids: list[int], inviter_id: int | None = None) -> int:
    from .models import Membership, MembershipStatus

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
                "set_password_url": _set_password_url(membership.user),
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
def send_cohort_message(
    self, *, cohort_id: int, user_ids: list[int], subject: str, body: str, sender_id: int
) -> int:
    from .models import Cohort, Membership

    User = get_user_model()
    cohort = Cohort.objects.get(pk=cohort_id)
    sender = User.objects.get(pk=sender_id)
    sent = 0
    for membership in (
        Membership.objects.active()
        .filter(cohort=cohort, user_id__in=user_ids)
        .select_related("user")
    ):
        EmailMessage(
            subject=f"[{cohort.name}] {subject}",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[membership.user.email],
            reply_to=[sender.email],
        ).send()
        sent += 1
    return sent


@shared_task(**RETRY)
def send_session_reminders(self) -> int:
    """Run by Celery beat: e-mail every member of a cohort whose session starts soon."""
    from .models import LiveSession, Membership
    from .services.sessions import session_reminders_due

    sent = 0
    for session in LiveSession.objects.filter(pk__in=session_reminders_due()).select_related(
        "cohort"
    ):
        for membership in (
            Membership.objects.active().filter(cohort=session.cohort).select_related("user")
        ):
            _send(
                user=membership.user,
                subject_template="cohorts/email/reminder_subject.txt",
                body_template="cohorts/email/reminder_body.txt",
                context={
                    "session": session,
                    "cohort": session.cohort,
                    "session_url": reverse("cohorts:session", args=[session.pk]),
                    "ics_url": reverse("cohorts:session_ics", args=[session.pk]),
                },
            )
            sent += 1
    return sent
