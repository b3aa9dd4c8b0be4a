"""Celery tasks of the project package."""

import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=8,
)
def send_email(
    self,
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str,
    html: str | None = None,
    headers: dict | None = None,
) -> None:
    """Send one e-mail outside the request, retrying while the mail server is unreachable.

    Addresses in the reserved .invalid domain (erased accounts) are dropped, never sent."""
    to = [address for address in to if not address.lower().rstrip(">").endswith("@invalid")]
    if not to:
        return
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task(acks_late=True)
def inactive_accounts_retention() -> dict:
    """Daily (Celery beat): warn, then erase, learner accounts inactive beyond retention."""
    # Cycle: retention erases through the services, which queue this module's tasks.
    from .retention import inactive_accounts_process  # noqa: PLC0415

    return inactive_accounts_process(now=timezone.now())


@shared_task(acks_late=True)
def publish_scheduled() -> None:
    """Run by Celery beat every minute: Wagtail's own command publishes the revisions whose
    "go live" time has passed and unpublishes the pages whose "expiry" time has passed (and
    the same for snippets). Without it, scheduled publishing never happens."""
    call_command("publish_scheduled", verbosity=0)
