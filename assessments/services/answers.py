"""A learner's raw answer to one question, checked against the layout they were shown and
turned into what is stored: option tokens into indices, numbers and text within bounds.
Anything that does not belong to the question is refused as forged."""

from django.utils.translation import gettext as _

from learning.safeinput import ASCII_INT

from ..grading import AnswerError, Kind, Question, parse_number

MAX_TEXT = 500
MAX_NUMBER = 100


def _token_map(pairs) -> dict[str, int]:
    return {token: index for token, index in pairs}


class _Forged(AnswerError):
    def __init__(self):
        super().__init__(_("This answer does not belong to the question."))


def normalise_answer(q: Question, layout: dict, raw) -> dict | None:
    """Turn what the form posted for one question into the stored answer (None = blank).

    Raises AnswerError with a message for the learner; unknown tokens mean a forged form.
    """
    if q.kind == Kind.SINGLE:
        if raw in (None, ""):
            return None
        tokens = _token_map(layout.get("options", []))
        if raw not in tokens:
            raise _Forged()
        return {"choice": tokens[raw]}
    if q.kind == Kind.MULTIPLE:
        raw = [r for r in (raw or []) if r]
        if not raw:
            return None
        tokens = _token_map(layout.get("options", []))
        if any(r not in tokens for r in raw):
            raise _Forged()
        return {"choices": sorted({tokens[r] for r in raw})}
    if q.kind == Kind.TRUE_FALSE:
        if raw in (None, ""):
            return None
        if raw not in ("true", "false"):
            raise _Forged()
        return {"value": raw == "true"}
    if q.kind == Kind.NUMERIC:
        if raw is None or not str(raw).strip():
            return None
        raw = str(raw).strip()
        if len(raw) > MAX_NUMBER:
            raise AnswerError(_("Enter a number, for example 18.2."))
        return {"raw": raw, "value": str(parse_number(raw, unit=q.unit))}
    if q.kind == Kind.SHORT_TEXT:
        if raw is None or not str(raw).strip():
            return None
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            # Refused, not cut: a cut answer would be graded on words the learner did not send.
            raise AnswerError(
                _("Keep your answer under %(n)s characters (it has %(len)s).")
                % {"n": MAX_TEXT, "len": len(text)}
            )
        return {"text": text}
    if q.kind == Kind.MATCHING:
        raw = {k: v for k, v in (raw or {}).items() if v}
        if not raw:
            return None
        tokens = _token_map(layout.get("matches", []))
        pairs = {}
        for premise, token in raw.items():
            if (
                not ASCII_INT.fullmatch(str(premise))
                or int(premise) >= len(q.pairs)
                or token not in tokens
            ):
                raise _Forged()
            pairs[str(int(premise))] = tokens[token]
        return {"pairs": pairs}
    if q.kind == Kind.ORDERING:
        raw = {k: v for k, v in (raw or {}).items() if v not in (None, "")}
        if not raw:
            return None
        tokens = _token_map(layout.get("items", []))
        n = len(tokens)
        if any(t not in tokens for t in raw):
            raise _Forged()
        try:
            positions = {t: int(p) for t, p in raw.items()}
        except (TypeError, ValueError) as exc:
            raise AnswerError(_("Positions must be numbers.")) from exc
        if len(raw) != n or sorted(positions.values()) != list(range(1, n + 1)):
            raise AnswerError(_("Give each item a different position from 1 to %(n)s.") % {"n": n})
        return {"order": [tokens[t] for t, _p in sorted(positions.items(), key=lambda i: i[1])]}
    raise _Forged()
