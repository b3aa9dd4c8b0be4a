"""Reading demo content files: Markdown with a YAML header, shared by every app's demo.

A file is Markdown with a YAML header between `---` lines; rich text is CommonMark without raw
HTML, bold and italic stored as Wagtail stores them (`<b>`, `<i>`). A file that cannot be read
raises `ContentError` naming the file and the problem. Nothing here touches the database.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

# Top-level Markdown blocks a rich-text field may hold; anything else (`# Title`, code, rules)
# is refused rather than stored as something an editor cannot edit.
RICH_TEXT_OPENERS = {"paragraph_open", "bullet_list_open", "ordered_list_open", "blockquote_open"}


class ContentError(ValueError):
    """A content file that cannot be read; the message names the file and the problem."""


def _markdown() -> MarkdownIt:
    # A line break inside a paragraph becomes a space, so that wrapped lines read as one line.
    md = MarkdownIt("commonmark", {"html": False})
    rules = md.add_render_rule
    for name, html in {
        "strong_open": "<b>",
        "strong_close": "</b>",
        "em_open": "<i>",
        "em_close": "</i>",
        "softbreak": " ",
    }.items():
        rules(name, lambda *args, html=html: html)
    return md


MD = _markdown()


def read_yaml(path: Path):
    """The YAML document of `path`."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ContentError(f"{path}: cannot be read as YAML ({error}).") from error


def split_front_matter(path: Path) -> tuple[dict, str]:
    """The YAML header (a mapping) and the Markdown after it."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n?(.*)", text, re.S)
    if match is None:
        raise ContentError(f"{path}: the file must start with a YAML header between '---' lines.")
    try:
        header = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: the YAML header cannot be read ({error}).") from error
    if not isinstance(header, dict):
        raise ContentError(f"{path}: the YAML header must be a mapping of names to values.")
    return header, match.group(2)


def require(path: Path, header: dict, *names: str) -> None:
    missing = [name for name in names if header.get(name) in (None, "")]
    if missing:
        raise ContentError(f"{path}: the header lacks {', '.join(missing)}.")


def rich_blocks(markdown: str, *, where: str) -> list[str]:
    """The HTML of each top-level Markdown block (paragraph or list), one string each."""
    tokens = MD.parse(markdown)
    found, start = [], None
    for i, token in enumerate(tokens):
        if token.level != 0:
            continue
        if token.nesting == 1 and token.type in RICH_TEXT_OPENERS:
            start = i
        elif token.nesting == -1 and start is not None:
            html = MD.renderer.render(tokens[start : i + 1], MD.options, {})
            found.append(re.sub(r">\n", ">", html).strip())
            start = None
        else:
            kind = token.type.removesuffix("_open")
            raise ContentError(f"{where}: {kind!r} is not supported here ('## ' starts a heading).")
    return found


def rich_text(markdown: str, *, where: str) -> str:
    """A rich-text field's HTML: its paragraphs and lists, joined."""
    return "".join(rich_blocks(markdown, where=where))


def inline_paragraph(text) -> str:
    """One line of plain text or inline Markdown as a rich-text paragraph; '' stays ''."""
    text = str(text or "").strip()
    return f"<p>{MD.renderInline(text)}</p>" if text else ""


def sections(markdown: str, *, where: str, names: tuple[str, ...]) -> dict[str, str]:
    """`::: name` ... `:::` sections (each Markdown), in the order of `names`, as HTML."""
    found: dict[str, str] = {}
    lines = iter(markdown.splitlines())
    for line in lines:
        if not line.strip():
            continue
        name = line.removeprefix(":::").strip() if line.startswith(":::") else ""
        if name not in names:
            raise ContentError(f"{where}: expected '::: <section>' ({', '.join(names)}): {line!r}.")
        if name in found or any(names.index(other) > names.index(name) for other in found):
            raise ContentError(f"{where}: section {name!r} is repeated or out of order.")
        inner = []
        for inside in lines:
            if inside.strip() == ":::":
                break
            inner.append(inside)
        else:
            raise ContentError(f"{where}: '::: {name}' is never closed by ':::'.")
        found[name] = rich_text("\n".join(inner), where=f"{where} ({name})")
    return found
