"""What the assessments app holds about one person: its part of the personal-data archive and
of erasure (the `personal_data_export` and `user_erasing` hooks of learning.personal_data)."""

from .models import Attempt, H5PResult, H5PState, H5PStatement, Response

# What an erased person's xAPI statements say about who made them.
ANONYMOUS_ACTOR = {"objectType": "Agent", "account": {"homePage": "urn:socle", "name": "erased"}}


def personal_data_export(*, user) -> list[tuple[str, list[dict]]]:
    attempts = Attempt.objects.filter(user=user).order_by("started_at", "pk")
    responses = Response.objects.filter(attempt__user=user).order_by("attempt__started_at", "pk")
    return [
        (
            "assessments/quiz_attempts.csv",
            list(
                attempts.values(
                    "uuid",
                    "quiz_id",
                    "quiz__title",
                    "number",
                    "state",
                    "started_at",
                    "submitted_at",
                    "points",
                    "max_points",
                    "score",
                    "passed",
                )
            ),
        ),
        (
            "assessments/quiz_responses.json",
            list(
                responses.values(
                    "attempt__uuid", "question_id", "answer", "fraction", "points", "saved_at"
                )
            ),
        ),
        (
            "assessments/h5p_results.csv",
            list(
                H5PResult.objects.filter(user=user)
                .order_by("created_at", "pk")
                .values(
                    "package__title",
                    "page__title",
                    "verb",
                    "score_raw",
                    "score_max",
                    "scaled",
                    "success",
                    "completion",
                    "created_at",
                )
            ),
        ),
        (
            "assessments/h5p_saved_state.json",
            list(
                H5PState.objects.filter(user=user)
                .order_by("pk")
                .values("package__title", "data", "updated_at")
            ),
        ),
        (
            "assessments/h5p_statements.json",
            list(
                H5PStatement.objects.filter(user=user)
                .order_by("received_at", "pk")
                .values("package__title", "verb", "statement", "received_at")
            ),
        ),
    ]


def user_erasing(*, user) -> dict[str, int]:
    """Attempts, responses and H5P results stay (scores and answers feed item analysis), tied
    to the anonymised account. Saved H5P state goes; xAPI statements lose their actor (the
    player puts the learner's name and e-mail there)."""
    states, _by_model = H5PState.objects.filter(user=user).delete()
    statements = list(H5PStatement.objects.filter(user=user).only("pk", "statement"))
    for row in statements:
        if isinstance(row.statement, dict):
            row.statement = {**row.statement, "actor": ANONYMOUS_ACTOR}
            row.statement.pop("authority", None)
    H5PStatement.objects.bulk_update(statements, ["statement"], batch_size=500)
    return {
        "assessments.h5p_states_deleted": states,
        "assessments.h5p_statements_anonymised": len(statements),
    }
