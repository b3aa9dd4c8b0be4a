"""Receivers: a completed course may make a certificate due."""

from courses.signals import course_completed


def on_course_completed(sender, *, user, course, **kwargs):
    from .services import certificate_issue_if_due

    certificate_issue_if_due(user=user, course=course)


def register_signal_handlers() -> None:
    course_completed.connect(on_course_completed, dispatch_uid="certificates.on_course_completed")
