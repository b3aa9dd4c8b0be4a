"""Item analysis of a quiz (a selector): facility, discrimination and answer distributions.

Computed from submitted attempts in three queries whatever their number: attempts, responses,
and the revisions they were taken on (whose question specs are cached).

- facility: the mean score on the question, as a percentage (100 = everyone right);
- discrimination: the facility among the top 27 % of attempts by total score minus the
  facility among the bottom 27 %, from -1 to 1 (a good item discriminates positively);
- distribution: how often each option was chosen (choice questions) or how answers fell
  (right, partly right, wrong, blank). Calculated questions count as numeric ones: each
  response's stored fraction was graded against that attempt's own drawn answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Revision

from .grading import Kind
from .models import Attempt, AttemptState, Response
from .services.quiz import revision_questions

GROUP_SHARE = Decimal("0.27")
BINS = 10


@dataclass
class Bar:
    label: str
    count: int
    percent: int


@dataclass
class QuestionStats:
    id: str
    number: int
    kind: str
    prompt: str
    attempts: int = 0
    facility: Decimal | None = None
    discrimination: Decimal | None = None
    distribution: list[Bar] = field(default_factory=list)
    note: str = ""


@dataclass
class QuizAnalysis:
    attempts: int
    mean: Decimal | None
    median: Decimal | None
    histogram: list[Bar]
    questions: list[QuestionStats]


def _pct(part, whole) -> int:
    return int((Decimal(part) * 100 / whole).quantize(Decimal(1), ROUND_HALF_UP)) if whole else 0


def _mean(values) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


def _label(prompt_html: str) -> str:
    text = re.sub(r"\s+", " ", strip_tags(prompt_html)).strip()
    return text if len(text) <= 120 else text[:117] + "…"


def quiz_item_analysis(*, quiz) -> QuizAnalysis:
    attempts = list(
        Attempt.objects.filter(quiz=quiz, state=AttemptState.SUBMITTED)
        .order_by("score", "id")
        .values("id", "score", "revision_id", "layout")
    )
    revisions = Revision.objects.filter(pk__in={a["revision_id"] for a in attempts}).order_by(
        "created_at"
    )
    # Attempts of every language count together (their questions keep their block ids);
    # the source's revisions come last, so that questions are named as the source reads now.
    own = str(quiz.pk)
    revisions = sorted(revisions, key=lambda r: (r.object_id == own, r.created_at))
    specs = {}
    for revision in revisions:  # later revisions name the questions as they read now
        specs.update({q.id: q for q in revision_questions(revision)})
    if quiz.live_revision_id and quiz.live_revision_id not in {r.pk for r in revisions}:
        specs.update({q.id: q for q in revision_questions(quiz.live_revision)})
    answers: dict[tuple[int, str], tuple[dict, Decimal]] = {
        (r["attempt_id"], r["question_id"]): (r["answer"], r["fraction"] or Decimal(0))
        for r in Response.objects.filter(attempt__in=[a["id"] for a in attempts]).values(
            "attempt_id", "question_id", "answer", "fraction"
        )
    }

    n = len(attempts)
    group = max(1, int((GROUP_SHARE * n).to_integral_value(ROUND_HALF_UP))) if n else 0
    lower = {a["id"] for a in attempts[:group]}
    upper = {a["id"] for a in attempts[-group:]} if group else set()

    order = [q.id for q in (revision_questions(quiz.live_revision) if quiz.live_revision else [])]
    order += [qid for qid in specs if qid not in order]
    stats = []
    for number, qid in enumerate(order, start=1):
        q = specs[qid]
        taken = [a for a in attempts if qid in a["layout"].get("questions", [])]
        fractions = {a["id"]: answers.get((a["id"], qid), ({}, Decimal(0)))[1] for a in taken}
        item = QuestionStats(
            id=qid, number=number, kind=q.kind, prompt=_label(q.prompt), attempts=len(taken)
        )
        if taken:
            item.facility = (_mean(fractions.values()) * 100).quantize(Decimal("0.1"))
            high = _mean(f for a, f in fractions.items() if a in upper)
            low = _mean(f for a, f in fractions.items() if a in lower)
            if high is not None and low is not None:
                item.discrimination = (high - low).quantize(Decimal("0.01"))
        item.distribution = _distribution(q, [answers.get((a["id"], qid)) for a in taken])
        if q.kind == Kind.CALCULATED:
            item.note = _("Values differ per learner: each attempt drew its own numbers.")
        stats.append(item)

    scores = [a["score"] for a in attempts]
    median = None
    if scores:
        middle = n // 2
        median = scores[middle] if n % 2 else (scores[middle - 1] + scores[middle]) / 2
    histogram = []
    for b in range(BINS):
        low_edge, high_edge = b * 100 // BINS, (b + 1) * 100 // BINS
        count = sum(1 for s in scores if low_edge <= s < high_edge or (b == BINS - 1 and s == 100))
        histogram.append(Bar(label=f"{low_edge}–{high_edge}", count=count, percent=_pct(count, n)))
    mean = _mean(scores)
    return QuizAnalysis(
        attempts=n,
        mean=mean.quantize(Decimal("0.1")) if mean is not None else None,
        median=median,
        histogram=histogram,
        questions=stats,
    )


def _distribution(q, answered: list) -> list[Bar]:
    total = len(answered)
    if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
        counts = [0] * len(q.options)
        for item in answered:
            answer = item[0] if item else {}
            chosen = [answer.get("choice")] if q.kind == Kind.SINGLE else answer.get("choices", [])
            for i in chosen:
                if isinstance(i, int) and 0 <= i < len(counts):
                    counts[i] += 1
        bars = [
            Bar(label=f"{o.text}{' ✓' if o.correct else ''}", count=c, percent=_pct(c, total))
            for o, c in zip(q.options, counts, strict=True)
        ]
        blank = sum(1 for item in answered if not item)
        return [*bars, Bar(label=_("No answer"), count=blank, percent=_pct(blank, total))]
    if q.kind == Kind.TRUE_FALSE:
        true = sum(1 for item in answered if item and item[0].get("value") is True)
        false = sum(1 for item in answered if item and item[0].get("value") is False)
        blank = total - true - false
        right = _("True") if q.answer_bool else _("False")
        return [
            Bar(
                label=_("True") + (" ✓" if right == _("True") else ""),
                count=true,
                percent=_pct(true, total),
            ),
            Bar(
                label=_("False") + (" ✓" if right == _("False") else ""),
                count=false,
                percent=_pct(false, total),
            ),
            Bar(label=_("No answer"), count=blank, percent=_pct(blank, total)),
        ]
    right = sum(1 for item in answered if item and item[1] == 1)
    partly = sum(1 for item in answered if item and 0 < item[1] < 1)
    blank = sum(1 for item in answered if not item)
    wrong = total - right - partly - blank
    return [
        Bar(label=_("Right"), count=right, percent=_pct(right, total)),
        Bar(label=_("Partly right"), count=partly, percent=_pct(partly, total)),
        Bar(label=_("Wrong"), count=wrong, percent=_pct(wrong, total)),
        Bar(label=_("No answer"), count=blank, percent=_pct(blank, total)),
    ]
