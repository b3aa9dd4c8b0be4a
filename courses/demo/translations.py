"""Translations of the demo courses from `content/<language>/` (wagtail-localize).

A translated course folder mirrors the English one; its files carry the translated text only
(settings come from English). Each page becomes the translation of its English page through
learning.contenttranslation, so editors go on translating it in the segment editor. A course
with no folder in a language stays an alias there (shown in English with a note).
"""

from pathlib import Path

from wagtail.models import Locale

from learning.contentfiles import ContentError, split_front_matter
from learning.contenttranslation import page_translate, with_kept

from ..models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from .files import CONTENT, _outcomes, lesson_body, rich_blocks

KEPT = {"case_study", "h5p", "model_exercise"}  # blocks a file cannot hold keep the English ones


def _header(path: Path) -> tuple[dict, str]:
    header, body = split_front_matter(path)
    if not header.get("title"):
        raise ContentError(f"{path}: a translated file needs a title.")
    return header, body


def _english(model, slug: str, parent, path: Path):
    query = model.objects.filter(slug=slug, locale__language_code="en")
    page = (query.child_of(parent) if parent is not None else query).first()
    if page is None:
        raise ContentError(f"{path}: no English page with the slug {slug!r}.")
    return page


def _lesson(path: Path, module: ModulePage, locale, done: dict) -> None:
    header, body = _header(path)
    source = _english(LessonPage, header["slug"], module, path)
    blocks = lesson_body(body, where=str(path))
    merged, keep = with_kept(source.body, blocks, KEPT, where=str(path), field="body")
    fields = {"title": header["title"], "body": merged}
    status = page_translate(source, locale, fields, where=str(path), keep=keep)
    done[status] = done.get(status, 0) + 1


def _course(folder: Path, index: CourseIndexPage, locale, done: dict) -> None:
    path = folder / "course.md"
    header, _body = _header(path)
    course = _english(CoursePage, header["slug"], index, path)
    fields = {"title": header["title"], "summary": " ".join(header["summary"].split())}
    if header.get("outcomes"):
        fields["learning_outcomes"] = _outcomes(header["outcomes"])
    status = page_translate(course, locale, fields, where=str(path))
    done[status] = done.get(status, 0) + 1
    for module_folder in sorted(p for p in folder.iterdir() if p.is_dir()):
        module_path = module_folder / "module.md"
        module_header, _ = _header(module_path)
        module = _english(ModulePage, module_header["slug"], course, module_path)
        module_fields = {"title": module_header["title"]}
        if module_header.get("summary"):
            module_fields["summary"] = " ".join(module_header["summary"].split())
        page_translate(module, locale, module_fields, where=str(module_path))
        for lesson in sorted(module_folder.glob("[0-9]*.md")):
            _lesson(lesson, module, locale, done)


def load_translations(*, stdout, root: Path = CONTENT) -> None:
    index = CourseIndexPage.objects.filter(locale__language_code="en").first()
    if index is None:
        return
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "en"):
        locale = Locale.objects.filter(language_code=folder.name).first()
        if locale is None:
            raise ContentError(f"{folder}: no content language {folder.name!r}.")
        done: dict = {}
        index_path = folder / "index.md"
        if index_path.is_file():
            header, body = _header(index_path)
            intro = "".join(rich_blocks(body, where=str(index_path)))
            fields = {"title": header["title"], "intro": intro}
            page_translate(index, locale, fields, where=str(index_path))
        for course in sorted(p for p in folder.iterdir() if p.is_dir()):
            _course(course, index, locale, done)
        summary = ", ".join(f"{n} {status}" for status, n in sorted(done.items())) or "none"
        stdout.write(f"Courses in {folder.name}: {summary}.")
