"""Load the translated demo quizzes and practice lesson (`content/<language>/`) through
wagtail-localize (learning.contenttranslation): same file names, questions and ids as English;
settings are always the English ones."""

from pathlib import Path

from wagtail.models import Locale

from courses.models import LessonPage
from learning.contentfiles import (
    ContentError,
    inline_paragraph,
    require,
    rich_text,
    split_front_matter,
)
from learning.contenttranslation import page_translate, with_kept

from ..models import QuizPage
from .files import CONTENT, PRACTICE, block_id, read_practice

TEXT_KEYS = {"prompt", "explanation"}


def _question(data, *, where: str) -> dict:
    if not isinstance(data, dict) or not data.get("id"):
        raise ContentError(f"{where}: every question needs the id of the English one.")
    value = {k: v for k, v in data.items() if k not in {"id", "type"}}
    for key in TEXT_KEYS & set(value):
        value[key] = inline_paragraph(value[key])
    block = {"id": block_id(data["id"]), "value": value}
    return {**block, "type": data["type"]} if data.get("type") else {**block, "type": ""}


def _quiz_fields(path: Path) -> tuple[str, dict]:
    header, body = split_front_matter(path)
    require(path, header, "title", "slug", "questions")
    questions = [_question(q, where=str(path)) for q in header["questions"]]
    return header["slug"], {
        "title": header["title"],
        "intro": rich_text(body, where=str(path)),
        "questions": questions,
    }


def languages(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name != "en")


def load_translations(*, stdout, root: Path = CONTENT) -> None:
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for folder in languages(root):
        locale, done = locales.get(folder.name), {}
        if locale is None:
            raise ContentError(f"{folder}: no content language {folder.name!r}.")
        for path in sorted(folder.glob("*.md")):
            if path.name == PRACTICE or not (root / "en" / path.name).is_file():
                continue
            slug, fields = _quiz_fields(path)
            source = QuizPage.objects.filter(slug=slug, locale__language_code="en").first()
            if source is not None:
                for block in fields["questions"]:  # the type need not be repeated
                    block["type"] = block["type"] or _type_of(source, block["id"], path)
                status = page_translate(source, locale, fields, where=str(path))
                done[status] = done.get(status, 0) + 1
        _practice(folder.name, locale, root, done)
        stdout.write(f"Quizzes in {folder.name}: {_summary(done)}.")


def _type_of(quiz: QuizPage, block: str, path: Path) -> str:
    for question in quiz.questions:
        if question.id == block:
            return question.block_type
    raise ContentError(f"{path}: a question id that the English quiz does not have.")


def _practice(language: str, locale, root: Path, done: dict) -> None:
    practice = read_practice(language, root)
    if practice is None:
        return
    source = LessonPage.objects.filter(slug=practice["slug"], locale__language_code="en").first()
    if source is None:
        return
    where = str(root / language / PRACTICE)
    blocks = [("paragraph", practice["text"])]
    body, keep = with_kept(source.body, blocks, {"h5p"}, where=where, field="body")
    fields = {"title": practice["title"], "body": body}
    status = page_translate(source, locale, fields, where=where, keep=keep)
    done[status] = done.get(status, 0) + 1


def _summary(done: dict) -> str:
    return ", ".join(f"{n} {status}" for status, n in sorted(done.items())) or "none"
