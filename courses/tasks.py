"""Celery tasks of the courses app."""

from celery import shared_task
from django.db import OperationalError

from .packs import pack_build


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=(OperationalError,))
def course_pack_build(pack_id: int) -> None:
    """Build one course pack (PDF or EPUB); idempotent: a ready pack is left alone."""
    pack_build(pack_id)
