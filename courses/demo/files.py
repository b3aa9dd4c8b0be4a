"""Read the demo content files (`content/<language>/`) into page fields and lesson blocks.

The format is described in docs/decisions/courses-demo-content-files.md. Each file is
Markdown with a YAML header between `---` lines. A lesson's body becomes the blocks of
`courses.blocks.COURSES_BODY_BLOCKS`: `## Heading` a heading, each Markdown paragraph or list a
paragraph block, and fenced directives (`::: takeaway [title]`, `::: term <word>`,
`::: reflection`, each closed by `:::`) the other blocks. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from learning.contentfiles import MD, ContentError, rich_blocks, split_front_matter
from learning.contentfiles import require as _require

__all__ = ["MD", "ContentError", "rich_blocks", "split_front_matter"]

CONTENT = Path(__file__).resolve().parent / "content"
DEFAULT_TAKEAWAY_TITLE = "Key takeaway"


@dataclass
class Module:
    fields: dict
    lessons: list[dict] = field(default_factory=list)


@dataclass
class Course:
    fields: dict
    topic: str
    modules: list[Module] = field(default_factory=list)


def _plain(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines if line.strip())


def _directive(kind: str, argument: str, lines: list[str], where: str):
    if kind == "takeaway":
        text = "".join(rich_blocks("\n".join(lines), where=where))
        return ("key_takeaway", {"title": argument or DEFAULT_TAKEAWAY_TITLE, "text": text})
    if kind == "term" and argument:
        return ("glossary_term", {"term": argument, "definition": _plain(lines)})
    if kind == "reflection" and not argument:
        return ("reflection", {"prompt": _plain(lines)})
    raise ContentError(f"{where}: unknown directive '::: {kind} {argument}'.")


def lesson_body(markdown: str, *, where: str) -> list:
    """The lesson's blocks as (type, value) pairs, in the order of the file."""
    blocks: list = []
    pending: list[str] = []
    lines = iter(markdown.splitlines())

    def flush() -> None:
        blocks.extend(("paragraph", html) for html in rich_blocks("\n".join(pending), where=where))
        pending.clear()

    for line in lines:
        if line.startswith("## "):
            flush()
            blocks.append(("heading", line[3:].strip()))
        elif line.startswith(":::"):
            flush()
            kind, _, argument = line[3:].strip().partition(" ")
            inner = []
            for inside in lines:
                if inside.strip() == ":::":
                    break
                inner.append(inside)
            else:
                raise ContentError(f"{where}: '{line}' is never closed by ':::'.")
            blocks.append(_directive(kind, argument.strip(), inner, where))
        else:
            pending.append(line)
    flush()
    return blocks


def _outcomes(items: list) -> str:
    return "<ul>" + "".join(f"<li>{MD.renderInline(str(item))}</li>" for item in items) + "</ul>"


def read_lesson(path: Path) -> dict:
    """The fields of a LessonPage, body included."""
    header, body = split_front_matter(path)
    _require(path, header, "title", "slug", "minutes")
    return {
        "title": header["title"],
        "slug": header["slug"],
        "estimated_minutes": int(header["minutes"]),
        "body": lesson_body(body, where=str(path)),
    }


def read_module(folder: Path) -> Module:
    path = folder / "module.md"
    header, _ = split_front_matter(path)
    _require(path, header, "title", "slug", "summary")
    module = Module(fields={k: header[k] for k in ("title", "slug", "summary")})
    for lesson in sorted(folder.glob("[0-9]*.md")):
        module.lessons.append(read_lesson(lesson))
    return module


def read_course(folder: Path, *, language: str) -> Course:
    path = folder / "course.md"
    header, _ = split_front_matter(path)
    _require(path, header, "title", "slug", "topic", "level", "format", "hours", "summary")
    fields = {
        "title": header["title"],
        "slug": header["slug"],
        "level": header["level"],
        "format": header["format"],
        "estimated_hours": Decimal(str(header["hours"])),
        "language": language,
        "summary": header["summary"],
        "learning_outcomes": _outcomes(header.get("outcomes") or []),
    }
    if header.get("sequential"):
        fields["sequential"] = True
    course = Course(fields=fields, topic=header["topic"])
    for module in sorted(p for p in folder.iterdir() if p.is_dir() and p.name[:1].isdigit()):
        course.modules.append(read_module(module))
    return course


def read_topics(language: str = "en") -> list[dict]:
    path = CONTENT / language / "topics.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def read_index(language: str = "en") -> tuple[dict, list[str]]:
    """The fields of the CourseIndexPage, and its courses' folder names in their order."""
    path = CONTENT / language / "index.md"
    header, body = split_front_matter(path)
    _require(path, header, "title", "slug", "courses")
    intro = "".join(rich_blocks(body, where=str(path)))
    return {"title": header["title"], "slug": header["slug"], "intro": intro}, header["courses"]


def read_courses(names: list[str], language: str = "en") -> list[Course]:
    """The courses of `content/<language>/<name>/`, in the order given."""
    root = CONTENT / language
    for name in names:
        if not (root / name / "course.md").is_file():
            raise ContentError(f"{root / 'index.md'}: no course.md in the folder {name!r}.")
    return [read_course(root / name, language=language) for name in names]
