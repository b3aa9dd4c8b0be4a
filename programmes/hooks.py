"""The Wagtail hooks this app defines for others (assessments registers on it).

- `programme_quiz_scores`: fn(*, user_ids: list[int], step_ids: list[int])
  -> {(user_id, step_id): percent}, the learners' grades on the steps that are quizzes (other
  steps are left out). Programmes sit above cohorts and may not import assessments, like
  cohorts; the report averages what the receivers return.
"""

from wagtail import hooks

QUIZ_SCORES = "programme_quiz_scores"


def quiz_scores(*, user_ids: list[int], step_ids: list[int]) -> dict[tuple[int, int], float]:
    scores: dict[tuple[int, int], float] = {}
    if not user_ids or not step_ids:
        return scores
    for fn in hooks.get_hooks(QUIZ_SCORES):
        scores.update(fn(user_ids=user_ids, step_ids=step_ids) or {})
    return scores
