"""Read the demo quizzes (`content/<language>/<quiz-slug>.md`) into QuizPage fields.

Format (docs/decisions/courses-demo-content-files.md): a YAML header with the quiz's settings
and its `questions`, each with a stable `id` name, its `type`, `prompt` and the keys of that
type's block; the Markdown body is the introduction. Prompts and explanations are inline
Markdown; the other texts are plain. Nothing here touches the database.
"""

import uuid
from pathlib import Path

from learning.contentfiles import (
    ContentError,
    inline_paragraph,
    require,
    rich_text,
    split_front_matter,
)

CONTENT = Path(__file__).resolve().parent / "content"
PRACTICE = "practice-social-protection-floors.md"
# Keys a question may omit, with the value stored then.
DEFAULTS = {
    "numeric": {"tolerance_kind": "absolute", "unit": ""},
    "calculated": {
        "answer_source": "formula",
        "formula": "",
        "model": "",
        "output": "",
        "year": None,
        "assumptions": [],
        "answer_decimals": 2,
        "tolerance": "0",
        "tolerance_kind": "absolute",
        "unit": "",
    },
}


def block_id(name: str) -> str:
    # Stable block ids, so that reloading the demo never changes its questions' identity.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"socle-demo:{name}"))


def question(data, *, where: str) -> dict:
    """One question block (raw StreamField data) from its YAML mapping."""
    if not isinstance(data, dict) or not data.get("id") or not data.get("type"):
        raise ContentError(f"{where}: every question needs an id and a type.")
    value = dict(data)
    name, kind = value.pop("id"), value.pop("type")
    if not value.get("prompt"):
        raise ContentError(f"{where}: question {name!r} has no prompt.")
    value["prompt"] = inline_paragraph(value["prompt"])
    value["explanation"] = inline_paragraph(value.get("explanation"))
    value["points"] = str(value.get("points", "1"))
    for key, items in value.items():
        if isinstance(items, list):
            # List items with stable ids too, so that their translations stay attached.
            value[key] = [
                {"type": "item", "value": item, "id": block_id(f"{name}.{key}.{n}")}
                for n, item in enumerate(items)
            ]
    return {"type": kind, "id": block_id(name), "value": {**DEFAULTS.get(kind, {}), **value}}


SETTINGS = (
    "pass_mark",
    "attempts_allowed",
    "time_limit_minutes",
    "grace_period_seconds",
    "grading_method",
    "feedback_policy",
    "answers_policy",
    "shuffle_options",
    "shuffle_questions",
)


def read_quiz(path: Path) -> tuple[str, dict]:
    """The slug of the quiz's course, and the QuizPage fields."""
    header, body = split_front_matter(path)
    require(path, header, "title", "slug", "questions")
    if not isinstance(header["questions"], list):
        raise ContentError(f"{path}: questions must be a list.")
    fields = {key: header[key] for key in SETTINGS if key in header}
    questions = [question(q, where=str(path)) for q in header["questions"]]
    if len({q["id"] for q in questions}) != len(questions):
        raise ContentError(f"{path}: two questions have the same id.")
    fields.update(
        title=header["title"],
        slug=header["slug"],
        intro=rich_text(body, where=str(path)),
        questions=questions,
    )
    return header.get("course", ""), fields


def read_quizzes(language: str = "en", root: Path = CONTENT) -> dict[str, tuple[str, dict]]:
    """{file name: (course slug, fields)} for every quiz of a language folder."""
    paths = sorted(p for p in (root / language).glob("*.md") if p.name != PRACTICE)
    return {path.name: read_quiz(path) for path in paths}


def read_practice(language: str = "en", root: Path = CONTENT) -> dict | None:
    """The H5P practice lesson: its fields and its text (paragraph blocks); None if absent."""
    path = root / language / PRACTICE
    if not path.is_file():
        return None
    header, body = split_front_matter(path)
    require(path, header, "title", "slug")
    return {
        "title": header["title"],
        "slug": header["slug"],
        "is_required": bool(header.get("required", False)),
        "estimated_minutes": int(header.get("minutes") or 3),
        "text": rich_text(body, where=str(path)),
    }
