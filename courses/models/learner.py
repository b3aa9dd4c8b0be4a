"""What learners do: plain Django models keyed to the user and the page."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Enrollment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrollments"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.ACTIVE,
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="enrollment_unique_user_course"
            ),
            models.CheckConstraint(
                condition=Q(status="completed", completed_at__isnull=False)
                | ~Q(status="completed"),
                name="enrollment_completed_has_time",
            ),
        ]
        indexes = [models.Index(fields=["user", "-last_activity_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.course}"


class StepProgress(models.Model):
    """One learner on one step (a lesson or a quiz). `completed_at` is null until done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="step_progress"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="step_progress"
    )
    step = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)

    class Meta:
        verbose_name = _("step progress")
        verbose_name_plural = _("step progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "step"], name="stepprogress_unique_user_step"),
        ]
        indexes = [models.Index(fields=["user", "course"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.step_id}"


class Reflection(models.Model):
    """A learner's private answer to a reflection prompt in a lesson."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    prompt = models.TextField(_("question"))
    answer = models.TextField(_("answer"), max_length=20_000)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "block_id"], name="reflection_unique_user_block"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.prompt[:40]}"
