"""Grading a model exercise's task on the server, with feedback in plain words.

- "target": the learner's inputs must make `output` (in `year`, or in every year up to it)
  at least / at most `target`;
- "answer": the learner sets the inputs the task describes (`required_values`) and types the
  value of `output` in `year`; right within `tolerance` (absolute). The model's value is never
  shown before the answer is right.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .engine.base import Result
from .exercise import AT_MOST, TASK_ANSWER, Exercise
from .presentation import number, unit_text

# Inputs "set as the task says" when within this of the required value (sliders step in
# decimals; floats are not exact).
SAME = 1e-6


@dataclass(frozen=True)
class Verdict:
    passed: bool
    message: str


def _describe(exercise: Exercise) -> tuple[str, str]:
    spec = exercise.output_spec(exercise.output)
    label = _(spec.label) if spec else exercise.output
    unit = unit_text(exercise, spec.unit) if spec else ""
    return label, unit


def _target(exercise: Exercise, result: Result) -> Verdict:
    label, unit = _describe(exercise)
    target = exercise.target if exercise.target is not None else 0.0
    at_most = exercise.comparison == AT_MOST
    if exercise.year is not None and exercise.every_year and exercise.output in result.series:
        years = [y for y in result.years if y <= exercise.year]
    else:
        years = [exercise.year] if exercise.year is not None else [None]
    words = {"output": label, "target": number(target, unit), "unit": unit}
    for year in years:
        value = result.value(exercise.output, year)
        if value is None:
            return Verdict(False, _("The model gives no value of %(output)s then.") % words)
        words.update(year=year, value=number(value, unit))
        if (value > target) if at_most else (value < target):
            if at_most:
                message = _("Not yet: %(output)s is %(value)s %(unit)s, above %(target)s")
            else:
                message = _("Not yet: %(output)s is %(value)s %(unit)s, below %(target)s")
            where = _(" in %(year)s.") if year is not None else "."
            return Verdict(False, (message + where) % words)
    if exercise.every_year and exercise.year is not None:
        message = _("Well done: %(output)s stays within the target until %(year)s.")
        return Verdict(True, message % {**words, "year": exercise.year})
    return Verdict(True, _("Well done: %(output)s reaches the target.") % words)


def _answer(exercise: Exercise, values: dict, result: Result, answer: float | None) -> Verdict:
    label, unit = _describe(exercise)
    for name, wanted in exercise.required_values.items():
        given = values.get(name)
        if given is None or abs(float(given) - wanted) > SAME:
            param = next((a.param for a in exercise.assumptions if a.name == name), None)
            return Verdict(
                False,
                _("Set %(assumption)s to %(value)s, as the task says, then answer.")
                % {"assumption": _(param.label) if param else name, "value": number(wanted)},
            )
    expected = result.value(exercise.output, exercise.year)
    if expected is None or answer is None:
        return Verdict(False, _("The model gives no value of %(output)s then.") % {"output": label})
    if abs(answer - expected) <= exercise.tolerance:
        return Verdict(
            True,
            _("Right: the model gives %(value)s %(unit)s.")
            % {"value": number(expected, unit), "unit": unit},
        )
    direction = _("too high") if answer > expected else _("too low")
    return Verdict(
        False,
        _("Not yet: your answer is %(direction)s. Read %(output)s in the table, then try again.")
        % {"direction": direction, "output": label},
    )


def grade(exercise: Exercise, values: dict, result: Result, answer: float | None) -> Verdict:
    if exercise.task_kind == TASK_ANSWER:
        return _answer(exercise, values, result, answer)
    return _target(exercise, result)
