"""The demo lessons in the database say what their Markdown files say, block by block.

The files are read here with a deliberately naive reading (blank lines, `## `, `:::`), not
with `courses.demo.files`, so that a mistake in the loader cannot hide itself.
"""

import io
import re
from pathlib import Path

import pytest

from courses import demo
from courses.demo import files
from courses.models import CoursePage, LessonPage, ModulePage

pytestmark = pytest.mark.django_db

KINDS = {"takeaway": "key_takeaway", "term": "glossary_term", "reflection": "reflection"}


def words(text: str) -> str:
    """Text without Markdown marks or HTML tags, whitespace collapsed."""
    text = re.sub(r"</?[bi]>", "", text).replace("**", "")
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"^\s*- ", " ", text, flags=re.M)
    return " ".join(text.split())


def expected_blocks(path: Path) -> list[tuple[str, str]]:
    """(block type, its words) for each block of the lesson file, in order."""
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    found, chunk, directive = [], [], None

    def flush():
        if chunk:
            found.append(("paragraph", words("\n".join(chunk))))
            chunk.clear()

    for line in body.splitlines():
        if directive is not None:
            if line.strip() == ":::":
                kind, argument = directive
                found.append((KINDS[kind], words(" ".join([argument, *chunk]))))
                chunk.clear()
                directive = None
            else:
                chunk.append(line)
        elif line.startswith("## "):
            flush()
            found.append(("heading", line[3:].strip()))
        elif line.startswith("::: "):
            flush()
            kind, _, argument = line[4:].partition(" ")
            directive = (kind, argument if kind == "term" else "")
        elif not line.strip():
            flush()
        else:
            chunk.append(line)
    flush()
    return found


def stored_blocks(lesson: LessonPage) -> list[tuple[str, str]]:
    found = []
    for block in lesson.body.raw_data:
        kind, value = block["type"], block["value"]
        if kind == "case_study":  # added by the case-study citations, not by the files
            continue
        if kind == "key_takeaway":
            text = value["text"]  # the default title is not written in the file
        elif kind == "glossary_term":
            text = f"{value['term']} {value['definition']}"
        elif kind == "reflection":
            text = value["prompt"]
        else:
            text = value
        found.append((kind, words(text)))
    return found


def test_every_lesson_holds_the_blocks_of_its_file_in_order(db):
    demo.load(stdout=io.StringIO())
    root = files.CONTENT / "en"
    lesson_files = sorted(root.glob("*/[0-9]*/[0-9]*.md"))
    assert len(lesson_files) == LessonPage.objects.count() >= 18

    for path in lesson_files:
        course = CoursePage.objects.get(
            slug=files.split_front_matter(path.parents[1] / "course.md")[0]["slug"]
        )
        module = ModulePage.objects.child_of(course).get(
            slug=files.split_front_matter(path.parent / "module.md")[0]["slug"]
        )
        header, _ = files.split_front_matter(path)
        lesson = LessonPage.objects.child_of(module).get(slug=header["slug"])

        assert stored_blocks(lesson) == expected_blocks(path), path.name
        assert lesson.title == header["title"]
        assert lesson.estimated_minutes == header["minutes"]


def test_bold_and_lists_become_wagtail_rich_text():
    blocks = files.lesson_body("Some **bold** text\nwrapped.\n\n- one\n- two\n", where="x.md")

    assert blocks == [
        ("paragraph", "<p>Some <b>bold</b> text wrapped.</p>"),
        ("paragraph", "<ul><li>one</li><li>two</li></ul>"),
    ]


def test_directives_become_their_blocks():
    text = "## Title\n\n::: takeaway Remember\nKeep it.\n:::\n\n::: term Floor\nA level.\n:::\n"
    text += "::: reflection\nWhy?\n:::\n"

    assert files.lesson_body(text, where="x.md") == [
        ("heading", "Title"),
        ("key_takeaway", {"title": "Remember", "text": "<p>Keep it.</p>"}),
        ("glossary_term", {"term": "Floor", "definition": "A level."}),
        ("reflection", {"prompt": "Why?"}),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("::: takeaway\nnever closed\n", "never closed"),
        ("::: quiz\nWhat?\n:::\n", "unknown directive"),
        ("::: term\nno word\n:::\n", "unknown directive"),
        ("```\ncode\n```\n", "not supported"),
        ("# Title\n", "not supported"),
        ("---\n", "not supported"),
    ],
)
def test_a_malformed_lesson_is_refused_with_its_file_name(text, message):
    with pytest.raises(files.ContentError, match=message) as error:
        files.lesson_body(text, where="lesson.md")

    assert str(error.value).startswith("lesson.md: ")


def test_html_in_a_file_is_text_not_markup():
    blocks = files.lesson_body("<script>alert(1)</script> & <b>x</b>\n", where="x.md")

    assert blocks == [
        ("paragraph", "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;</p>")
    ]


def test_a_file_without_a_header_is_refused(tmp_path):
    path = tmp_path / "01-lesson.md"
    path.write_text("Just text.\n", encoding="utf-8")

    with pytest.raises(files.ContentError, match="YAML header"):
        files.read_lesson(path)

    path.write_text("---\ntitle: A lesson\n---\nText.\n", encoding="utf-8")
    with pytest.raises(files.ContentError, match="lacks slug, minutes"):
        files.read_lesson(path)
