"""Celery tasks: render a certificate's PDF, then e-mail it to the learner; issue the
certificates that attendance made due; sweep up renders that were interrupted."""

import smtplib
from datetime import timedelta

from celery import shared_task
from celery.signals import worker_process_init
from django.db import OperationalError
from django.utils import timezone

from learning.pdf import warm_up

from .models import Certificate
from .selectors import certificates_unfinished


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, smtplib.SMTPException, OperationalError),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def certificate_render_task(self, certificate_id: int) -> dict:
    """Idempotent: each step checks the row's revision counters before doing anything."""
    # Cycle: the services queue this module's tasks (they import this module).
    from .services import certificate_render, certificate_send  # noqa: PLC0415

    try:
        rendered = certificate_render(certificate_id=certificate_id)
        sent = certificate_send(certificate_id=certificate_id)
    except Certificate.DoesNotExist:
        return {"certificate": certificate_id, "missing": True}
    return {"certificate": certificate_id, "rendered": rendered, "sent": sent}


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def certificates_issue_due_task(course_id: int, user_ids: list[int]) -> dict:
    """After attendance was recorded: issue what became due (idempotent, safe to retry)."""
    # Cycle: the services queue this module's tasks (they import this module).
    from .services import certificates_issue_due  # noqa: PLC0415

    issued = certificates_issue_due(course_id=course_id, user_ids=user_ids)
    return {"course": course_id, "issued": [certificate.pk for certificate in issued]}


# How long a certificate may lag its revision before the sweep takes it for abandoned.
SWEEP_SETTLE = timedelta(minutes=10)


@shared_task(acks_late=True)
def certificates_sweep_task() -> dict:
    """Run by Celery beat: queue again the render (and e-mail) of certificates whose task
    never finished. Safe to overlap with the normal task: rendering and sending check the
    row's revision counters under a lock."""
    ids = certificates_unfinished(settled_before=timezone.now() - SWEEP_SETTLE)
    for certificate_id in ids:
        certificate_render_task.delay(certificate_id)
    return {"queued": ids}


@worker_process_init.connect(dispatch_uid="certificates.warm_up_pdf_fonts")
def warm_up_pdf_fonts(**kwargs):
    """Decode the PDF fonts when a worker process starts (seconds, once), not in the first
    learner's task."""
    warm_up()
