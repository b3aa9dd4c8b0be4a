"""Celery tasks of the assessments app."""

from celery import shared_task

from .services import attempts_close_all_overdue


@shared_task(acks_late=True)
def close_overdue_attempts() -> int:
    """Run by Celery beat: close attempts past deadline + grace by their quiz's policy."""
    return attempts_close_all_overdue()
