"""What the courses app holds about one person: its part of the personal-data archive and of
erasure (the `personal_data_export` and `user_erasing` hooks of learning.personal_data)."""

from .models import Enrollment, Reflection, StepProgress


def personal_data_export(*, user) -> list[tuple[str, list[dict]]]:
    enrollments = Enrollment.objects.filter(user=user).order_by("enrolled_at", "pk")
    progress = StepProgress.objects.filter(user=user).order_by("started_at", "pk")
    reflections = Reflection.objects.filter(user=user).order_by("updated_at", "pk")
    return [
        (
            "courses/enrolments.csv",
            list(
                enrollments.values(
                    "course_id",
                    "course__title",
                    "status",
                    "enrolled_at",
                    "completed_at",
                    "last_activity_at",
                )
            ),
        ),
        (
            "courses/step_progress.csv",
            list(
                progress.values(
                    "course__title",
                    "step_id",
                    "step__title",
                    "started_at",
                    "completed_at",
                    "time_spent_seconds",
                )
            ),
        ),
        (
            "courses/reflections.json",
            list(reflections.values("lesson__title", "prompt", "answer", "updated_at")),
        ),
    ]


def user_erasing(*, user) -> dict[str, int]:
    """Reflections are the person's own words: deleted. Enrolments and step progress stay,
    attached to the anonymised account, so completion counts stay right."""
    deleted, _by_model = Reflection.objects.filter(user=user).delete()
    return {"courses.reflections_deleted": deleted}
