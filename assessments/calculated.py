"""Calculated questions: numbers drawn per attempt, an answer computed by a formula or a model.

The editor's block becomes a `grading.Question` of kind `calculated` that carries its
`Calculation`. When an attempt starts, `draw` picks each variable's value from its range
(with the attempt's seeded random generator) and computes the answer on the server; both are
kept in `Attempt.layout`, which never reaches the browser. `resolve` then turns the question
into an ordinary numeric one for that attempt: the prompt with the drawn numbers, written for
the learner's language, and `number` the computed answer. So reloads, resumed attempts and
grading all see the same numbers, and `grading.py` stays pure. See
docs/decisions/assessments-calculated-questions.md.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from random import Random

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from labs.engine import registry
from labs.engine.base import AssumptionError
from labs.engine.illustrative import PROFILE
from labs.engine.profile import Profile

from .formula import FormulaError, evaluate
from .grading import ZERO, Kind, Question

log = logging.getLogger(__name__)

FORMULA, MODEL = "formula", "model"
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
LIMIT = Decimal("1e15")  # answers as large as a learner may type (grading.parse_number)
MAX_TRIES = 20  # draws tried before a question is scored for nobody in that attempt


class CalculationError(ValueError):
    """Values for which no answer can be computed; the message says why (for editors)."""


@dataclass(frozen=True)
class Variable:
    name: str
    minimum: Decimal
    maximum: Decimal
    decimals: int = 0

    def steps(self) -> tuple[int, int]:
        """The range in units of the last decimal: values are `k / 10**decimals`."""
        scale = Decimal(10) ** self.decimals
        low = (self.minimum * scale).to_integral_value(ROUND_CEILING)
        high = (self.maximum * scale).to_integral_value(ROUND_FLOOR)
        return int(low), int(high)

    def value(self, step: int) -> Decimal:
        return Decimal(step).scaleb(-self.decimals)

    def draw(self, rng: Random) -> Decimal:
        low, high = self.steps()
        if low > high:
            raise CalculationError(_("No value fits the range."))
        return self.value(rng.randint(low, high))


@dataclass(frozen=True)
class Calculation:
    variables: tuple[Variable, ...]
    source: str = FORMULA
    formula: str = ""
    model: str = ""
    output: str = ""
    year: int | None = None
    # (model assumption, variable name or "", fixed value or None)
    inputs: tuple[tuple[str, str, Decimal | None], ...] = ()
    answer_decimals: int = 2

    @property
    def names(self) -> set[str]:
        return {v.name for v in self.variables}


def _decimal(value) -> Decimal | None:
    """A finite Decimal, or None for an empty or unreadable value."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def calculation_from_block(value) -> Calculation:
    """The block's value (a StructValue or a plain dict) as a Calculation."""
    variables = tuple(
        Variable(
            name=str(v.get("name") or "").strip(),
            minimum=_decimal(v.get("minimum")) or ZERO,
            maximum=_decimal(v.get("maximum")) or ZERO,
            decimals=int(v.get("decimals") or 0),
        )
        for v in value.get("variables") or []
    )
    inputs = tuple(
        (
            str(a.get("assumption") or "").strip(),
            str(a.get("variable") or "").strip(),
            _decimal(a.get("value")),
        )
        for a in value.get("assumptions") or []
    )
    year = value.get("year")
    return Calculation(
        variables=variables,
        source=value.get("answer_source") or FORMULA,
        formula=str(value.get("formula") or ""),
        model=str(value.get("model") or ""),
        output=str(value.get("output") or ""),
        year=int(year) if year not in (None, "") else None,
        inputs=inputs,
        answer_decimals=int(value.get("answer_decimals") or 0),
    )


def question_from_block(common: dict, value) -> Question:
    """The grading spec of a calculated block: numeric fields, no number until drawn."""
    return Question(
        **common,
        tolerance=Decimal(value.get("tolerance") or 0),
        tolerance_kind=value.get("tolerance_kind") or "absolute",
        unit=value.get("unit") or "",
        calculation=calculation_from_block(value),
    )


# --- computing an answer ----------------------------------------------------------------------


def model_profile() -> Profile:
    """The country profile model-based questions run on: the engine's illustrative one."""
    return PROFILE


def model_choices() -> list[tuple[str, str]]:
    """The registry's models, for the editor's choice."""
    return [(slug, _(model.title)) for slug, model in sorted(registry.MODELS.items())]


def _model_value(calc: Calculation, values: Mapping[str, Decimal]) -> float:
    raw: dict[str, object] = {}
    for assumption, variable, fixed in calc.inputs:
        raw[assumption] = float(values[variable]) if variable else float(fixed or 0)
    try:
        result = registry.run(calc.model, model_profile(), raw)
        value = result.value(calc.output, calc.year)
    except LookupError as exc:  # no such model, or no such output
        raise CalculationError(_("the model has no output %(name)s") % {"name": exc}) from exc
    except AssumptionError as exc:
        reasons = "; ".join(
            f"{name}: {_(message)}" if name else _(message) for name, message in exc.errors.items()
        )
        raise CalculationError(
            _("the model refuses these assumptions (%(reasons)s)") % {"reasons": reasons}
        ) from exc
    if value is None:
        raise CalculationError(_("the model gives no value for that year"))
    return float(value)


def answer_for(calc: Calculation, values: Mapping[str, Decimal]) -> Decimal:
    """The correct answer for these values, rounded to the answer's decimals.

    CalculationError when it cannot be computed, is not finite or is too large to type.
    """
    if calc.source == MODEL:
        number = _model_value(calc, values)
    else:
        try:
            number = evaluate(calc.formula, {k: float(v) for k, v in values.items()})
        except FormulaError as exc:
            raise CalculationError(str(exc)) from exc
    if not math.isfinite(number):
        raise CalculationError(_("it gives a number too large to use"))
    answer = Decimal(repr(number)).quantize(
        Decimal(1).scaleb(-calc.answer_decimals), rounding=ROUND_HALF_UP
    )
    if abs(answer) > LIMIT:
        raise CalculationError(_("it gives a number too large to use"))
    return answer


# --- per attempt: draw, then resolve ----------------------------------------------------------


def draw(q: Question, rng: Random) -> dict:
    """The layout entry of one question of a new attempt: {} unless it is calculated.

    Values are drawn until the answer can be computed (at most MAX_TRIES times); after that
    the question is kept but scored for nobody in this attempt (`void`), and the failure is
    logged for the editor.
    """
    calc = q.calculation
    if q.kind != Kind.CALCULATED or not isinstance(calc, Calculation):
        return {}
    values: dict[str, Decimal] = {}
    for _try in range(MAX_TRIES):
        try:
            values = {v.name: v.draw(rng) for v in calc.variables}
            answer = answer_for(calc, values)
        except CalculationError:
            continue
        return {"values": {k: str(v) for k, v in values.items()}, "answer": str(answer)}
    log.error("calculated question %s: no computable values in %s draws", q.id, MAX_TRIES)
    return {"values": {k: str(v) for k, v in values.items()}, "void": True}


def format_value(value: Decimal, decimals: int) -> str:
    """A drawn number as the learner's language writes it; thousands grouped from 10,000
    (so that a year stays 2030)."""
    return number_format(
        value, decimal_pos=decimals, use_l10n=True, force_grouping=abs(value) >= 10000
    )


def fill(text: str, calc: Calculation, values: Mapping[str, Decimal]) -> str:
    """`text` with each {name} of a drawn variable replaced by its value."""
    decimals = {v.name: v.decimals for v in calc.variables}

    def number(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        return format_value(values[name], decimals.get(name, 0))

    return PLACEHOLDER.sub(number, text or "")


def resolve(q: Question, layout: dict) -> Question:
    """The question as this attempt shows and grades it (other kinds are returned as is).

    A calculated question becomes a numeric one whose prompt holds the drawn numbers and whose
    `number` is the answer computed at the start; a void one is worth no points.
    """
    calc = q.calculation
    if q.kind != Kind.CALCULATED or not isinstance(calc, Calculation):
        return q
    entry = (layout.get("q") or {}).get(q.id) or {}
    values = {k: Decimal(v) for k, v in (entry.get("values") or {}).items()}
    prompt = fill(q.prompt, calc, values)
    explanation = fill(q.explanation, calc, values)
    answer = _decimal(entry.get("answer"))
    if answer is None or entry.get("void"):
        notice = _("The numbers of this question could not be drawn, so it counts for nobody.")
        return replace(
            q,
            kind=Kind.NUMERIC,
            prompt=f"{prompt}<p>{notice}</p>",
            explanation=explanation,
            points=ZERO,
            number=None,
        )
    return replace(q, kind=Kind.NUMERIC, prompt=prompt, explanation=explanation, number=answer)


def sample(q: Question) -> Question:
    """An example draw, for the editor's preview (a fixed seed: the same example each time)."""
    if q.kind != Kind.CALCULATED:
        return q
    return resolve(q, {"q": {q.id: draw(q, Random(0))}})  # noqa: S311 - an example, not a secret
