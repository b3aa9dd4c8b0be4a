"""Demo model exercises in the demo courses, and passing them for demo learners.

`load(*, stdout)` is idempotent: each exercise has a stable block id and is appended to its
lesson only when the lesson has no block with that id (a new revision, published). Task
targets were computed with the engine when they were written; `SOLUTIONS` holds, for each
target task, inputs that reach it, so demo learners pass by a real, graded run.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from courses.models import LessonPage

from .exercise import TASK_ANSWER, ExerciseUnavailable
from .selectors import exercise_in, required_exercise_ids


def block_id(name: str) -> str:
    # Stable block ids: reloading the demo never changes an exercise's identity.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"socle-demo-lab:{name}"))


# Lesson slug -> [(exercise name, block value)]; filled in below the engine's slugs.
EXERCISES: dict[str, list[tuple[str, dict]]] = {}
# Block id -> the learner's adjustable inputs that pass its target task.
SOLUTIONS: dict[str, dict[str, float]] = {}


@transaction.atomic
def load(*, stdout) -> None:
    added = 0
    for lesson in LessonPage.objects.filter(slug__in=EXERCISES):
        ids = {item.get("id") for item in lesson.body.raw_data}
        new = [(name, value) for name, value in EXERCISES[lesson.slug] if block_id(name) not in ids]
        if not new:
            continue
        lesson.body = [
            *lesson.body.raw_data,
            *(
                {"type": "model_exercise", "id": block_id(name), "value": value}
                for name, value in new
            ),
        ]
        lesson.save_revision().publish()
        added += len(new)
    stdout.write(f"labs: {added} model exercises added." if added else "labs: unchanged.")


def exercise_pass_for_demo(*, user, step) -> bool | None:
    """Pass a lesson's required model exercises for a demo learner through `task_check` (a
    real run, graded on the server). None for a step without any; False when one cannot be
    passed (no known solution, or the learner may not study the lesson now)."""
    from .services import task_check  # noqa: PLC0415 (services import selectors, as this does)

    if not isinstance(step, LessonPage):
        return None
    required = required_exercise_ids(step)
    if not required:
        return None
    try:
        for bid in required:
            exercise = exercise_in(step, bid)
            values = dict(SOLUTIONS.get(bid, {}))
            answer = None
            if exercise.task_kind == TASK_ANSWER:
                values = {**values, **exercise.required_values}
                answer = exercise.run(values).value(exercise.output, exercise.year)
            outcome = task_check(
                user=user, lesson=step, exercise=exercise, values=values, answer=answer
            )
            if not outcome.verdict.passed:
                return False
    except (PermissionDenied, ValidationError, ExerciseUnavailable, LookupError, Http404):
        return False
    return True
