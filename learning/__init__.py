"""Socle's project package: settings, URLs, users, the site shell and the learner's home."""

from .celery import app as celery_app

__all__ = ["celery_app"]
