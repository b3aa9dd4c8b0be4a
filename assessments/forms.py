"""Reading a quiz form: what the browser posted, per question, for the services to judge."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .grading import Kind


def answers_from_post(attempt, questions_by_id: dict, post) -> dict:
    """{question id: raw value} for the questions the form showed (listed in `shown`).

    Fields naming a question outside the attempt are refused, not ignored: they are either a
    stale form or a forged one.
    """
    layout = attempt.layout.get("q", {})
    shown = [qid for qid in post.getlist("shown") if qid]
    stray = sorted({qid for qid in shown if qid not in layout})
    for key in post:
        if key.startswith("q-"):
            qid = _question_of(key, layout)
            if qid is None:
                stray.append(key[2:])
    if stray:
        raise ValidationError(
            _("These questions are not part of this attempt: %(ids)s.")
            % {"ids": ", ".join(sorted(set(stray)))}
        )
    answers = {}
    for qid in shown:
        q = questions_by_id[qid]
        name = f"q-{qid}"
        if q.kind == Kind.MULTIPLE:
            answers[qid] = post.getlist(name)
        elif q.kind == Kind.MATCHING:
            answers[qid] = {
                str(p): post.get(f"{name}-{p}", "") for p in layout[qid].get("premises", [])
            }
        elif q.kind == Kind.ORDERING:
            answers[qid] = {
                token: post.get(f"{name}-{token}", "") for token, _i in layout[qid].get("items", [])
            }
        else:
            answers[qid] = post.get(name, "")
    return answers


def _question_of(key: str, layout: dict) -> str | None:
    rest = key[2:]
    if rest in layout:
        return rest
    for qid in layout:
        if rest.startswith(f"{qid}-"):
            return qid
    return None
