"""What the labs app holds about one person: its part of the personal-data archive and of
erasure (the `personal_data_export` and `user_erasing` hooks of learning.personal_data)."""

from .models import Scenario, TaskResult


def personal_data_export(*, user) -> list[tuple[str, list[dict]]]:
    return [
        (
            "labs/scenarios.json",
            list(
                Scenario.objects.filter(user=user)
                .order_by("created_at", "pk")
                .values(
                    "page__title", "block_id", "model", "name", "values", "created_at", "updated_at"
                )
            ),
        ),
        (
            "labs/task_results.csv",
            list(
                TaskResult.objects.filter(user=user)
                .order_by("updated_at", "pk")
                .values(
                    "page__title",
                    "block_id",
                    "passed",
                    "tries",
                    "answer",
                    "values",
                    "passed_at",
                    "updated_at",
                )
            ),
        ),
    ]


def user_erasing(*, user) -> dict[str, int]:
    """Saved scenarios go: their names are the learner's own words. Task results stay, tied to
    the anonymised account, as quiz attempts do: they count in course completion and in the
    cohort's figures, and hold nothing but the model's inputs and a number."""
    scenarios, _by_model = Scenario.objects.filter(user=user).delete()
    return {"labs.scenarios_deleted": scenarios}
