"""Course packs: a course as one PDF (WeasyPrint, learning/pdf.py) or EPUB 3 (ebooklib).

- ``pack_offer(user, course, outline)``: the packs the outline shows this learner (kind ->
  CoursePack or None), for the current content version and the modules open to them.
- ``pack_prepare(user, course)``: queue the builds that are missing (one Celery task each).
- ``pack_build(pack_id)``: the task's body: render, store in the private storage, replace the
  packs of older versions. Idempotent: a ready pack is left alone.

A pack holds every published lesson of the modules open to the learner, in outline order,
with its text, images, video transcripts and text alternatives; activities that need the
site (quizzes, H5P, models) are named with their address. docs/decisions/courses-packs.md.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
from dataclasses import dataclass, field
from functools import partial, reduce
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ebooklib import epub
from wagtail.models import Page

from learning.locales import active_locale_id, default_locale_id
from learning.pagetree import tree_version
from learning.pdf import FONT_STACK, html_to_pdf

from .languages import record_course
from .models import CoursePack, CoursePage, EnrollmentStatus, LessonPage, PackKind, PackStatus
from .selectors import CourseOutline, course_outline, course_progress_for, module_locks_for

log = logging.getLogger(__name__)

PRINTED_BLOCKS = {
    "heading",
    "paragraph",
    "image",
    "video",
    "download",
    "key_takeaway",
    "glossary_term",
    "case_study",
    "reflection",
}
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
PDF_CSS = """
@page { size: A4; margin: 20mm 18mm; @bottom-center { content: counter(page); font-size: 9pt; } }
html { font-family: %s; font-size: 11pt; line-height: 1.45; }
h1 { font-size: 22pt; } h2.module { page-break-before: always; font-size: 16pt; }
h3.lesson { font-size: 13pt; margin-top: 1.6em; } .meta { color: #555; font-size: 9pt; }
figure { margin: 1em 0; } img { max-width: 100%%; } .box { border-left: 3pt solid #0b5d7a;
padding-left: 8pt; } .online { font-style: italic; }
.toc a { text-decoration: none; } .toc ul { list-style: none; }
"""


@dataclass
class Chapter:
    """A lesson (or a step that needs the site) of the pack, in outline order."""

    title: str
    url: str
    blocks: list[tuple[str, object]] = field(default_factory=list)
    online_only: bool = False
    number: int = 0


@dataclass
class Part:
    title: str
    summary: str
    chapters: list[Chapter]


def pack_version(course: CoursePage) -> str:
    """Changes whenever a page of the course, or of one of its translations, is published,
    unpublished, added or deleted. Cached until the page tree changes (learning.pagetree), so
    an outline reads it free."""
    key = f"courses:pack-version:{tree_version()}:{course.pk}"
    version = cache.get(key)
    if version is None:
        paths = Page.objects.filter(translation_key=course.translation_key).values_list(
            "path", flat=True
        )
        trees = reduce(or_, (Q(path__startswith=path) for path in paths), Q(pk=course.pk))
        row = (
            Page.objects.filter(trees)
            .live()
            .aggregate(newest=Max("last_published_at"), count=Count("pk"))
        )
        version = hashlib.sha256(f"{row['newest']}|{row['count']}".encode()).hexdigest()[:32]
        cache.set(key, version, 3600)
    return version


def modules_digest(module_ids: list[int]) -> str:
    return hashlib.sha256(",".join(map(str, sorted(module_ids))).encode()).hexdigest()[:32]


def _may_download(user, course: CoursePage, progress=None) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    progress = progress or course_progress_for(user=user, course=course)
    enrollment = progress.enrollment
    return enrollment is not None and enrollment.status != EnrollmentStatus.WITHDRAWN


def _open_modules(user, course: CoursePage, outline: CourseOutline, progress=None) -> list[int]:
    if progress is not None:
        locks = progress.module_locks
    else:
        locks = module_locks_for(user=user, course_ids=[course.pk])
    return [m.pk for m in outline.modules if m.pk not in locks]


def pack_offer(*, user, course: CoursePage, outline: CourseOutline, progress=None) -> dict:
    """kind -> this learner's current CoursePack (None when not prepared); {} when the learner
    may not download. One query on an outline (its progress known, the version cached).
    `course` may be served in any language: packs are recorded on its source course."""
    course = record_course(course)
    if not _may_download(user, course, progress):
        return {}
    found = {
        pack.kind: pack
        for pack in CoursePack.objects.filter(
            course=course,
            language=translation.get_language(),
            version=pack_version(course),
            modules=modules_digest(_open_modules(user, course, outline, progress)),
        )
    }
    return {kind: found.get(kind) for kind in PackKind.values}


def pack_prepare(*, user, course: CoursePage) -> list[CoursePack]:
    """Queue the builds of this learner's packs that are not ready or under way."""
    course = record_course(course)
    if not _may_download(user, course):
        raise PermissionDenied(_("Enrol in “%(course)s” first.") % {"course": course.title})
    outline = course_outline(course)
    modules = _open_modules(user, course, outline)
    if not any(step for m in outline.modules if m.pk in modules for step in m.steps):
        raise ValidationError(_("This course has no lessons to download yet."))
    key = {
        "course": course,
        "language": translation.get_language(),
        "version": pack_version(course),
        "modules": modules_digest(modules),
    }
    from .tasks import course_pack_build  # noqa: PLC0415 (cycle: the task imports this module)

    packs = []
    for kind in PackKind.values:
        try:
            with transaction.atomic():
                pack, created = CoursePack.objects.get_or_create(
                    **key,
                    kind=kind,
                    defaults={"status": PackStatus.BUILDING, "module_ids": modules},
                )
        except IntegrityError:  # another request created it at the same moment
            pack, created = CoursePack.objects.get(**key, kind=kind), False
        if created or pack.status == PackStatus.FAILED:
            if not created:
                CoursePack.objects.filter(pk=pack.pk).update(status=PackStatus.BUILDING)
            transaction.on_commit(partial(course_pack_build.delay, pack.pk))
        packs.append(pack)
    return packs


# --- building -----------------------------------------------------------------------------


def pack_parts(course: CoursePage, module_ids: list[int]) -> list[Part]:
    """The modules and their steps in outline order; lessons with their body blocks."""
    outline = course_outline(course)
    wanted = [m for m in outline.modules if m.pk in set(module_ids)]
    step_ids = [s.pk for m in wanted for s in m.steps]
    lessons = _lessons_in_language(step_ids)
    base = settings.SITE_URL.rstrip("/")
    parts, number = [], 0
    for module in wanted:
        chapters = []
        for step in module.steps:
            number += 1
            lesson = lessons.get(step.pk)
            chapter = Chapter(title=step.title, url=base + step.url, number=number)
            if lesson is None:
                chapter.online_only = True
            else:
                chapter.blocks = [_printable(block) for block in lesson.body]
            chapters.append(chapter)
        parts.append(Part(title=module.title, summary=module.summary, chapters=chapters))
    return parts


def _lessons_in_language(step_ids: list[int]) -> dict[int, LessonPage]:
    """Source step id -> its live, public lesson in the active language (a translation or an
    alias), or the source lesson where that language has none."""
    lessons = {page.pk: page for page in LessonPage.objects.live().public().filter(pk__in=step_ids)}
    locale = active_locale_id()
    if lessons and locale != default_locale_id():
        by_key = {page.translation_key: pk for pk, page in lessons.items()}
        for page in (
            LessonPage.objects.live().public().filter(locale_id=locale, translation_key__in=by_key)
        ):
            lessons[by_key[page.translation_key]] = page
    return lessons


def _printable(block) -> tuple[str, object]:
    if block.block_type not in PRINTED_BLOCKS:
        return "online", {"label": block.block.label}
    value = block.value
    if block.block_type == "image":
        value = {"src": _image_data(value["image"]), "alt": value["alt_text"], **value}
    return block.block_type, value


def _image_data(image) -> str:
    """A small JPEG rendition as a data: URI (works the same on disk and on S3)."""
    rendition = image.get_rendition("max-800x800|format-jpeg|jpegquality-70")
    with rendition.file.open("rb") as handle:
        return "data:image/jpeg;base64," + base64.b64encode(handle.read()).decode()


def _context(pack: CoursePack, parts: list[Part]) -> dict:
    # The pack's language's course page (translation or alias); the pack's record is the
    # source course's.
    course = pack.course.localized
    language = pack.language or course.language
    return {
        "course": course,
        "parts": parts,
        "language": language,
        "direction": "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr",
        "built": timezone.now(),
        "site_url": settings.SITE_URL.rstrip("/"),
        "course_url": settings.SITE_URL.rstrip("/") + (course.url or ""),
    }


def pack_pdf(pack: CoursePack, parts: list[Part]) -> bytes:
    html = render_to_string("courses/pack/document.html", _context(pack, parts))
    return html_to_pdf(html, base_url=settings.SITE_URL, stylesheets=[PDF_CSS % FONT_STACK])


def pack_epub(pack: CoursePack, parts: list[Part]) -> bytes:
    context = _context(pack, parts)
    course = context["course"]
    book = epub.EpubBook()
    book.set_identifier(f"socle-course-{pack.course_id}-{pack.version}")
    book.set_title(course.title)
    book.set_language(context["language"])
    book.set_direction(context["direction"])
    book.add_author(settings.WAGTAIL_SITE_NAME)
    toc, spine = [], []
    for part in parts:
        chapters = []
        for chapter in part.chapters:
            item = epub.EpubHtml(
                title=chapter.title,
                file_name=f"lesson-{chapter.number:03d}.xhtml",
                lang=context["language"],
                direction=context["direction"],
            )
            item.content = render_to_string(
                "courses/pack/chapter.html", {**context, "part": part, "chapter": chapter}
            )
            book.add_item(item)
            chapters.append(item)
        toc.append((epub.Section(part.title), chapters))
        spine.extend(chapters)
    book.toc = toc
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *spine]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book)
    return buffer.getvalue()


def pack_build(pack_id: int) -> None:
    pack = CoursePack.objects.select_related("course").filter(pk=pack_id).first()
    if pack is None or pack.status == PackStatus.READY:
        return
    try:
        with translation.override(pack.language):
            build = pack_pdf if pack.kind == PackKind.PDF else pack_epub
            content = build(pack, pack_parts(pack.course, pack.module_ids))
    except Exception:  # a broken page must not leave the pack "being prepared" for ever
        log.exception("course pack %s could not be built", pack_id)
        CoursePack.objects.filter(pk=pack_id).update(status=PackStatus.FAILED)
        return
    pack.file.save(f"{pack.course.slug}-{pack.language}.{pack.kind}", ContentFile(content), False)
    pack.size, pack.status, pack.built_at = len(content), PackStatus.READY, timezone.now()
    pack.save(update_fields=["file", "size", "status", "built_at"])
    older = CoursePack.objects.filter(course=pack.course, kind=pack.kind, language=pack.language)
    for stale in older.exclude(version=pack.version):
        stale.file.delete(save=False)
        stale.delete()
