"""Receivers: a completed course may make a certificate due."""

import logging

from django.core.exceptions import ValidationError

from courses.signals import course_completed

from .services import certificate_issue_if_due

logger = logging.getLogger(__name__)


def on_course_completed(sender, *, user, course, **kwargs):
    try:
        certificate_issue_if_due(user=user, course=course)
    except ValidationError:
        # The learner's step was saved; a certificate that cannot be issued must not turn
        # that into an error page. Staff see it in the logs and can issue by hand.
        logger.exception("certificate not issued", extra={"user": user.pk, "course": course.pk})


def register_signal_handlers() -> None:
    course_completed.connect(on_course_completed, dispatch_uid="certificates.on_course_completed")
