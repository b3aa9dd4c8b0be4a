"""An attempt's layout: which questions, in which order, and the tokens the browser sees.

Options, matches and items reach the browser as random tokens instead of their indices, so a
form cannot be filled in by position; the layout is drawn once, when the attempt starts.
"""

import secrets
from random import Random

from ..calculated import draw
from ..grading import Kind, Question
from ..models import QuizPage


def _tokens(indices: list[int]) -> list[list]:
    seen: set[str] = set()
    pairs = []
    for index in indices:
        token = secrets.token_urlsafe(6)
        while token in seen:
            token = secrets.token_urlsafe(6)
        seen.add(token)
        pairs.append([token, index])
    return pairs


def _derange(rng: Random, n: int) -> list[int]:
    """A shuffled order of range(n) that is not the original order (when n > 1)."""
    order = list(range(n))
    if n < 2:
        return order
    while order == sorted(order):
        rng.shuffle(order)
    return order


def layout_draw(quiz: QuizPage, questions: list[Question], rng: Random) -> dict:
    chosen = list(questions)
    if quiz.draw_count and quiz.draw_count < len(chosen):
        position = {q.id: i for i, q in enumerate(chosen)}
        chosen = rng.sample(chosen, quiz.draw_count)
        if not quiz.shuffle_questions:
            chosen.sort(key=lambda q: position[q.id])
    elif quiz.shuffle_questions:
        rng.shuffle(chosen)
    per_question = {}
    for q in chosen:
        entry: dict = draw(q, rng)  # a calculated question's values and answer; {} otherwise
        if q.kind in (Kind.SINGLE, Kind.MULTIPLE):
            order = list(range(len(q.options)))
            if quiz.shuffle_options:
                rng.shuffle(order)
            entry["options"] = _tokens(order)
        elif q.kind == Kind.MATCHING:
            premises = list(range(len(q.pairs)))
            if quiz.shuffle_options:
                rng.shuffle(premises)
            entry["premises"] = premises
            # Matches are always shuffled: in the editor's order they would give pairs away.
            entry["matches"] = _tokens(_derange(rng, len(q.matches)))
        elif q.kind == Kind.ORDERING:
            entry["items"] = _tokens(_derange(rng, len(q.items)))
        per_question[q.id] = entry
    return {"questions": [q.id for q in chosen], "q": per_question}
