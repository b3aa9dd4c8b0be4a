"""Signals the courses app sends. Receivers elsewhere only call their own services."""

from django.dispatch import Signal

# Sent on commit when a learner completes a course:
# course_completed.send(sender=CoursePage, user=user, course=course, enrollment=enrollment)
course_completed = Signal()
