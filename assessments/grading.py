"""Grading: a pure function of a revision's questions and a learner's answers.

Nothing here touches the database or the request. Questions arrive as `Question` specs (built
from the quiz revision's StreamField by `assessments.blocks.question_specs`) and answers as the
normalised dicts the services store in `Response.answer`:

    single      {"choice": 2}
    multiple    {"choices": [0, 3]}
    truefalse   {"value": true}
    numeric     {"raw": "18,2 %", "value": "18.2"}     (calculated questions too)
    shorttext   {"text": "fiscal space"}
    matching    {"pairs": {"0": 2, "1": 0}}       premise index -> match index
    ordering    {"order": [2, 0, 1]}              item indices in the learner's order

Indices refer to the options as the editor wrote them in that revision; the browser never sees
them (it sees per-attempt tokens, see `assessments.services.quiz`). Numbers are `Decimal` so
that tolerance edges are exact: 18.3 is within 18.2 +/- 0.1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


class Kind:
    SINGLE = "single_choice"
    MULTIPLE = "multiple_response"
    TRUE_FALSE = "true_false"
    NUMERIC = "numeric"
    SHORT_TEXT = "short_text"
    MATCHING = "matching"
    ORDERING = "ordering"
    # Numbers drawn per attempt (assessments.calculated); graded as numeric once resolved.
    CALCULATED = "calculated"

    ALL = (SINGLE, MULTIPLE, TRUE_FALSE, NUMERIC, SHORT_TEXT, MATCHING, ORDERING, CALCULATED)


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    points: Decimal = ONE
    explanation: str = ""
    # single choice and multiple response
    options: tuple[Option, ...] = ()
    # multiple response and ordering: "all_or_nothing" or "partial"
    scoring: str = "partial"
    # multiple response: share of the points taken per wrong pick; None = the weight of one
    # right pick (so ticking every box earns nothing)
    penalty: Decimal | None = None
    # true/false
    answer_bool: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    # numeric
    number: Decimal | None = None
    tolerance: Decimal = ZERO
    tolerance_kind: str = "absolute"  # or "relative" (percent of the expected value)
    unit: str = ""
    # short text
    accepted: tuple[str, ...] = ()
    # matching: (premise, match) pairs plus wrong matches to choose from
    pairs: tuple[tuple[str, str], ...] = ()
    distractors: tuple[str, ...] = ()
    # ordering: items in the right order
    items: tuple[str, ...] = ()
    # calculated: how values are drawn and the answer computed (a calculated.Calculation);
    # the attempt's resolved question is numeric, with `number` the computed answer
    calculation: object | None = None

    @property
    def matches(self) -> tuple[str, ...]:
        """Every match a learner may pick for a premise: the right ones, then the distractors."""
        return tuple(m for _, m in self.pairs) + self.distractors


@dataclass
class QuestionResult:
    question_id: str
    fraction: Decimal
    points: Decimal
    max_points: Decimal
    answered: bool
    feedback: list[str] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return self.fraction == ONE


@dataclass
class AttemptResult:
    points: Decimal
    max_points: Decimal
    percent: Decimal
    questions: dict[str, QuestionResult]


class AnswerError(ValueError):
    """An answer that cannot be read (the message is shown to the learner)."""


# --- numbers ----------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_number(raw: str, *, unit: str = "") -> Decimal:
    """Read a number as people type it: "18.2", "18,2", "1 234.5", "18.2 %", "-0.5e3".

    A trailing unit equal to the question's unit (case-insensitive) is accepted and dropped;
    any other text is refused with a message saying what was expected.
    """
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        raise AnswerError(_("Enter a number."))
    text = text.replace("\u2212", "-")  # the minus sign
    if unit:
        u = unicodedata.normalize("NFKC", unit).strip()
        if u and text.casefold().endswith(u.casefold()):
            text = text[: -len(u)].strip()
    text = _SPACES.sub("", text)
    if "," in text and "." in text:
        text = text.replace(",", "")  # 1,234.5: commas group thousands
    elif text.count(",") == 1:
        text = text.replace(",", ".")  # 18,2: a decimal comma
    if not _NUMBER.match(text):
        if unit:
            raise AnswerError(
                _("Enter a number, for example 18.2 (the unit, %(unit)s, may follow it).")
                % {"unit": unit}
            )
        raise AnswerError(_("Enter a number, for example 18.2."))
    try:
        value = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above rules this out
        raise AnswerError(_("Enter a number, for example 18.2.")) from exc
    if not value.is_finite() or abs(value) > Decimal("1e15"):
        raise AnswerError(_("Enter a number between -10^15 and 10^15."))
    return value


def numeric_bounds(q: Question) -> tuple[Decimal, Decimal]:
    """The closed interval of accepted values."""
    assert q.number is not None
    tol = abs(q.tolerance)
    if q.tolerance_kind == "relative":
        tol = abs(q.number) * tol / HUNDRED
    return q.number - tol, q.number + tol


# --- text -------------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """Case-, width- and spacing-insensitive form used to compare short answers."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    return " ".join(text.split()).strip(" .")


# --- grading ----------------------------------------------------------------------------------


def _clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))


def grade_question(q: Question, answer: dict | None) -> QuestionResult:
    """Grade one answer; `answer` None or {} means not answered (zero)."""
    fraction = ZERO
    feedback: list[str] = []
    answered = bool(answer)
    if answered:
        fraction, feedback = _GRADERS[q.kind](q, answer)
    fraction = _clamp(fraction)
    points = (q.points * fraction).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return QuestionResult(
        question_id=q.id,
        fraction=fraction,
        points=points,
        max_points=q.points,
        answered=answered,
        feedback=[f for f in feedback if f],
    )


def grade_attempt(questions: list[Question], answers: dict[str, dict]) -> AttemptResult:
    """Grade every question of an attempt; answers to other questions are ignored."""
    results = {q.id: grade_question(q, answers.get(q.id)) for q in questions}
    points = sum((r.points for r in results.values()), ZERO)
    max_points = sum((q.points for q in questions), ZERO)
    percent = (points * HUNDRED / max_points) if max_points else ZERO
    percent = percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return AttemptResult(points=points, max_points=max_points, percent=percent, questions=results)


def _single(q: Question, answer: dict):
    idx = answer.get("choice")
    if not isinstance(idx, int) or not 0 <= idx < len(q.options):
        return ZERO, []
    option = q.options[idx]
    return (ONE if option.correct else ZERO), [option.feedback]


def _multiple(q: Question, answer: dict):
    chosen = {i for i in answer.get("choices", []) if isinstance(i, int)}
    chosen = {i for i in chosen if 0 <= i < len(q.options)}
    right = {i for i, o in enumerate(q.options) if o.correct}
    feedback = [q.options[i].feedback for i in sorted(chosen)]
    if not right:
        return (ONE if not chosen else ZERO), feedback
    if q.scoring == "all_or_nothing":
        return (ONE if chosen == right else ZERO), feedback
    hits = len(chosen & right)
    wrong = len(chosen - right)
    penalty = q.penalty if q.penalty is not None else ONE / len(right)
    return Decimal(hits) / len(right) - penalty * wrong, feedback


def _true_false(q: Question, answer: dict):
    value = answer.get("value")
    if not isinstance(value, bool):
        return ZERO, []
    return (ONE if value is q.answer_bool else ZERO), [
        q.feedback_true if value else q.feedback_false
    ]


def _numeric(q: Question, answer: dict):
    try:
        value = Decimal(str(answer.get("value")))
    except (InvalidOperation, TypeError):
        return ZERO, []
    if q.number is None or not value.is_finite():
        return ZERO, []
    low, high = numeric_bounds(q)
    return (ONE if low <= value <= high else ZERO), []


def _short_text(q: Question, answer: dict):
    given = normalise_text(answer.get("text", ""))
    accepted = {normalise_text(a) for a in q.accepted}
    return (ONE if given and given in accepted else ZERO), []


def _matching(q: Question, answer: dict):
    given = answer.get("pairs") or {}
    if not q.pairs or not isinstance(given, dict):
        return ZERO, []
    right = 0
    for i in range(len(q.pairs)):
        # Two pairs may share a match text ("Yes"); any index with the right text counts.
        chosen = given.get(str(i))
        if isinstance(chosen, int) and 0 <= chosen < len(q.matches):
            right += q.matches[chosen] == q.pairs[i][1]
    if q.scoring == "all_or_nothing":
        return (ONE if right == len(q.pairs) else ZERO), []
    return Decimal(right) / len(q.pairs), []


def _ordering(q: Question, answer: dict):
    order = answer.get("order") or []
    n = len(q.items)
    if not n or sorted(order) != list(range(n)):
        return ZERO, []
    in_place = sum(1 for pos, idx in enumerate(order) if q.items[idx] == q.items[pos])
    if q.scoring == "all_or_nothing":
        return (ONE if in_place == n else ZERO), []
    return Decimal(in_place) / n, []


_GRADERS = {
    Kind.SINGLE: _single,
    Kind.MULTIPLE: _multiple,
    Kind.TRUE_FALSE: _true_false,
    Kind.NUMERIC: _numeric,
    Kind.SHORT_TEXT: _short_text,
    Kind.MATCHING: _matching,
    Kind.ORDERING: _ordering,
    # Unresolved (no drawn numbers, so no answer): nothing is right.
    Kind.CALCULATED: _numeric,
}


def correct_answer_text(q: Question) -> list[str]:
    """The right answer in words, for feedback once the policy allows it."""
    if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
        return [o.text for o in q.options if o.correct]
    if q.kind == Kind.TRUE_FALSE:
        return [_("True") if q.answer_bool else _("False")]
    if q.kind == Kind.NUMERIC and q.number is not None:
        low, high = numeric_bounds(q)
        unit = f" {q.unit}" if q.unit else ""
        if low == high:
            return [f"{q.number}{unit}"]
        return [f"{q.number}{unit} ({low} to {high})"]
    if q.kind == Kind.SHORT_TEXT:
        return list(q.accepted)
    if q.kind == Kind.MATCHING:
        return [f"{p} → {m}" for p, m in q.pairs]
    if q.kind == Kind.ORDERING:
        return list(q.items)
    return []
