"""A model exercise as the Django side sees it: the block's value made plain (its model, its
profile, every assumption with the learner's range), and running it on a learner's inputs.

No request, no database write here: the block, the views and the services all start from an
`Exercise`, so the rules (which inputs a learner may set, within what range) live in one place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .engine import registry
from .engine.base import AssumptionError, Chart, Model, Output, Param, Result
from .engine.profile import Profile

MODEL_EXERCISE_BLOCK = "model_exercise"

TASK_NONE, TASK_TARGET, TASK_ANSWER = "", "target", "answer"
AT_LEAST, AT_MOST = "at_least", "at_most"


class ExerciseUnavailable(LookupError):
    """The block names a model this site does not have (or the block is broken)."""


@dataclass(frozen=True)
class Assumption:
    param: Param
    value: float
    adjustable: bool
    minimum: float  # the learner's range: within the param's own
    maximum: float

    @property
    def name(self) -> str:
        return self.param.name


@dataclass(frozen=True)
class Exercise:
    page_id: int
    block_id: str
    model: Model
    profile: Profile
    title: str
    task_html: str
    assumptions: tuple[Assumption, ...]
    charts: tuple[Chart, ...]
    task_kind: str = TASK_NONE
    output: str = ""
    year: int | None = None
    comparison: str = AT_LEAST
    target: float | None = None
    tolerance: float = 0.0
    every_year: bool = False
    required_values: dict[str, float] = field(default_factory=dict)
    # The page the learner's scenarios and results point at: the lesson's source page, shared
    # by all its translations (learning.locales); None when that is the lesson itself.
    record_id: int | None = None

    @property
    def record_page_id(self) -> int:
        return self.record_id or self.page_id

    required: bool = False

    @property
    def slug(self) -> str:
        return self.model.slug

    def adjustable(self) -> list[Assumption]:
        return [a for a in self.assumptions if a.adjustable]

    def fixed(self) -> list[Assumption]:
        return [a for a in self.assumptions if not a.adjustable]

    def starting_values(self) -> dict[str, float]:
        return {a.name: a.value for a in self.assumptions}

    def output_spec(self, name: str) -> Output | None:
        return next((o for o in self.model.outputs if o.name == name), None)

    def values_with(self, learner: Mapping[str, float]) -> dict[str, float]:
        """The starting assumptions with the learner's adjustable ones put in (others are
        ignored: a learner never sets a fixed assumption)."""
        values = self.starting_values()
        for a in self.adjustable():
            if a.name in learner:
                values[a.name] = learner[a.name]
        return values

    def check_learner_values(self, learner: Mapping[str, object]) -> dict[str, str]:
        """Errors (by name, translated) for adjustable values outside the learner's range or
        not numbers; empty when they are all fine."""
        errors = {}
        for a in self.adjustable():
            if a.name not in learner:
                continue
            try:
                number = float(learner[a.name])  # type: ignore[arg-type]
            except (TypeError, ValueError):
                number = math.nan
            if not math.isfinite(number):
                errors[a.name] = _("Enter a number.")
            elif not a.minimum <= number <= a.maximum:
                errors[a.name] = _("Enter a value between %(min)s and %(max)s.") % {
                    "min": _plain(a.minimum),
                    "max": _plain(a.maximum),
                }
        return errors

    def run(self, learner: Mapping[str, float] | None = None) -> Result:
        """Run the model on the starting assumptions with the learner's ones put in. Raises
        AssumptionError (messages translated) when the model refuses them."""
        values = self.values_with(learner or {})
        errors = self.check_learner_values(values)
        if errors:
            raise AssumptionError(errors)
        try:
            return registry.run(self.slug, self.profile, values)
        except AssumptionError as exc:
            raise AssumptionError({k: _(v) for k, v in exc.errors.items()}) from None


def _plain(number: float) -> str:
    return f"{number:g}"


def _number(value, default: float | None = None) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def _assumptions(model: Model, rows) -> tuple[Assumption, ...]:
    given = {}
    for row in rows or []:
        name = (row.get("name") or "").strip()
        if name:
            given[name] = row
    found = []
    for param in model.params:
        row = given.get(param.name)
        if row is None:
            found.append(Assumption(param, param.default, False, param.minimum, param.maximum))
            continue
        low = _number(row.get("minimum"), param.minimum)
        high = _number(row.get("maximum"), param.maximum)
        found.append(
            Assumption(
                param,
                _number(row.get("value"), param.default),  # type: ignore[arg-type]
                bool(row.get("adjustable")),
                max(param.minimum, low),  # type: ignore[type-var]
                min(param.maximum, high),  # type: ignore[type-var]
            )
        )
    return tuple(found)


def exercise_from_value(
    value: Mapping, *, page_id: int, block_id: str, record_id: int | None = None
) -> Exercise:
    """The exercise a `model_exercise` block value describes (a StructValue: its `profile`
    is a CountryProfile or None). ExerciseUnavailable for a model the site does not have."""
    from .engine.illustrative import PROFILE  # noqa: PLC0415 (the engine registers its models)

    try:
        model = registry.get(value.get("model") or "")
    except LookupError:
        raise ExerciseUnavailable(value.get("model")) from None
    profile_row = value.get("profile")
    profile = profile_row.as_profile() if profile_row is not None else PROFILE
    wanted = [name for name in (value.get("charts") or []) if name]
    charts = tuple(c for c in model.charts if not wanted or c.name in wanted)
    task = value.get("task")
    year = value.get("year")
    return Exercise(
        page_id=page_id,
        record_id=record_id,
        block_id=block_id,
        model=model,
        profile=profile,
        title=value.get("title") or model.title,
        task_html=str(task) if task else "",
        assumptions=_assumptions(model, value.get("assumptions")),
        charts=charts,
        task_kind=value.get("task_kind") or TASK_NONE,
        output=value.get("output") or "",
        year=int(year) if year not in (None, "") else None,
        comparison=value.get("comparison") or AT_LEAST,
        target=_number(value.get("target")),
        tolerance=abs(_number(value.get("tolerance"), 0.0) or 0.0),
        every_year=bool(value.get("every_year")),
        required_values={
            (row.get("name") or "").strip(): float(_number(row.get("value"), 0.0) or 0.0)
            for row in value.get("required_values") or []
            if (row.get("name") or "").strip()
        },
        required=bool(value.get("required")),
    )
