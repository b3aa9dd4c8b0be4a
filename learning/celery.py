"""Celery application. Without CELERY_BROKER_URL, tasks run eagerly (see settings/base.py)."""

import os

from celery import Celery, signals
from django.db import transaction

from .pagetree import forget_pending

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learning.settings.dev")

app = Celery("socle")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
def _task_started(**kwargs) -> None:
    """A task starts afresh: no private cache version left by an earlier, rolled-back one."""
    if transaction.get_autocommit():
        forget_pending()
