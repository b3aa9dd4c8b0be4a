"""Celery application. Without CELERY_BROKER_URL, tasks run eagerly (see settings/base.py)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learning.settings.dev")

app = Celery("socle")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
