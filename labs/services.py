"""Business rules of the labs app: a learner's scenarios and graded tasks.

Every service takes an `Exercise` the caller found in a live lesson (`selectors.exercise_in`),
checks that the learner may study that lesson now (courses' rules: enrolled, not locked), and
checks the inputs against the exercise's learner ranges and the model before writing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import LessonPage
from courses.services import (
    step_access_assert,
    step_complete_through_result,
    step_completion_unmet,
)

from .engine.base import AssumptionError, Result
from .exercise import TASK_ANSWER, TASK_TARGET, Exercise
from .grading import Verdict, grade
from .models import Scenario, TaskResult
from .selectors import SCENARIOS_MAX


def _valid_values(exercise: Exercise, values: dict[str, float]) -> Result:
    """The model's result on the learner's values; ValidationError (by field) if refused."""
    try:
        return exercise.run(values)
    except AssumptionError as exc:
        raise ValidationError(
            {name or "__all__": [message] for name, message in exc.errors.items()}
        ) from None


def scenario_save(
    *,
    user,
    lesson: LessonPage,
    exercise: Exercise,
    name: str,
    values: dict[str, float],
    replace: bool = False,
) -> Scenario:
    """Keep the learner's adjustable assumptions under a name, unique per exercise: a name
    already used is refused unless `replace` is asked for."""
    step_access_assert(user=user, step=lesson)
    _valid_values(exercise, values)
    learner_values = {a.name: values[a.name] for a in exercise.adjustable() if a.name in values}
    with transaction.atomic():
        mine = Scenario.objects.select_for_update().filter(
            user=user, page_id=exercise.record_page_id, block_id=exercise.block_id
        )
        existing = mine.filter(name=name).first()
        if existing is not None:
            if not replace:
                raise ValidationError(
                    {
                        "name": _(
                            "You already have a scenario named “%(name)s”. Choose another "
                            "name, or tick “replace” to overwrite it."
                        )
                        % {"name": name}
                    }
                )
            existing.values = learner_values
            existing.model = exercise.slug
            existing.full_clean()
            existing.save(update_fields=["values", "model", "updated_at"])
            return existing
        if mine.count() >= SCENARIOS_MAX:
            raise ValidationError(
                _("You can keep %(n)s scenarios per exercise; delete one first.")
                % {"n": SCENARIOS_MAX}
            )
        scenario = Scenario(
            user=user,
            page_id=exercise.record_page_id,
            block_id=exercise.block_id,
            model=exercise.slug,
            name=name,
            values=learner_values,
        )
        scenario.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                scenario.save()
        except IntegrityError:  # the same name saved by a concurrent request
            raise ValidationError(
                {"name": _("You already have a scenario named “%(name)s”.") % {"name": name}}
            ) from None
    return scenario


def scenario_delete(*, user, scenario: Scenario) -> None:
    """Delete one of the learner's own scenarios (the selector found it through them)."""
    if scenario.user_id != user.pk:
        raise ValidationError(_("This scenario is not yours."))
    scenario.delete()


@dataclass(frozen=True)
class TaskOutcome:
    result: TaskResult
    verdict: Verdict
    completed_step: bool
    # What the lesson still requires when this task passed but other activities did not.
    still_required: tuple[str, ...] = ()


def task_check(
    *,
    user,
    lesson: LessonPage,
    exercise: Exercise,
    values: dict[str, float],
    answer: float | None = None,
) -> TaskOutcome:
    """Grade the learner's inputs (and answer) by running the model on the server; record the
    try (passed stays passed). A required exercise, once passed, completes the lesson when
    all its required exercises are passed, as a required H5P activity does."""
    if exercise.task_kind not in (TASK_TARGET, TASK_ANSWER):
        raise ValidationError(_("This exercise has no graded task."))
    if exercise.task_kind == TASK_ANSWER and answer is None:
        raise ValidationError({"answer": _("Type your answer.")})
    step_access_assert(user=user, step=lesson)
    result = _valid_values(exercise, values)
    verdict = grade(exercise, exercise.values_with(values), result, answer)
    now = timezone.now()
    with transaction.atomic():
        row, _created = TaskResult.objects.select_for_update().get_or_create(
            user=user, page_id=exercise.record_page_id, block_id=exercise.block_id
        )
        row.tries += 1
        row.values = {a.name: values[a.name] for a in exercise.adjustable() if a.name in values}
        row.answer = answer
        if verdict.passed and not row.passed:
            row.passed, row.passed_at = True, now
        row.full_clean(validate_constraints=False)
        row.save()
        completed, still = False, []
        if row.passed and exercise.required:
            completed = step_complete_through_result(user=user, step=lesson) is not None
            if not completed:
                still = step_completion_unmet(user=user, step=lesson)
    return TaskOutcome(
        result=row, verdict=verdict, completed_step=completed, still_required=tuple(still)
    )
