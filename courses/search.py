"""Full-text search of the catalogue, on its own index (courses.models.CourseSearchText).

A course's row holds its title, its summary and topic family, and its learning outcomes with
the titles of its modules and steps. Publishing a course (or unpublishing it) rewrites its row
and those of its aliases in the other languages; publishing a module or a step rewrites its
course's. The engines, the languages and how Chinese and Lao are cut into words are
learning.textsearch's (docs/decisions/learning-multilingual-search.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q
from django.utils.html import strip_tags
from wagtail.models import Page

from learning import textsearch

from .models import CoursePage, CourseSearchText

# The FTS5 table of SQLite, created by migration 0009; keep in step with it.
SQLITE_FTS_TABLE = "courses_searchtext_fts"


def search_document(course: CoursePage, outline_titles: list[str]) -> dict[str, str]:
    segment = textsearch.segment
    topic = course.topic.name if course.topic_id and course.topic else ""
    body = " ".join([strip_tags(course.learning_outcomes or ""), *outline_titles])
    return {
        "title": segment(course.title),
        "keywords": segment(" ".join([course.summary, topic])),
        "body": segment(" ".join(body.split())),
    }


@transaction.atomic
def search_text_refresh(*, page_ids: Iterable[int]) -> None:
    """Rewrite the rows of these courses and of their aliases: live ones get their current
    text, the others (unpublished, deleted) lose their row. Four queries."""
    ids = list(dict.fromkeys(page_ids))
    ids += [
        pk
        for pk in Page.objects.filter(alias_of_id__in=ids).values_list("pk", flat=True)
        if pk not in ids
    ]
    courses = list(CoursePage.objects.live().filter(pk__in=ids).select_related("topic"))
    titles: dict[int, list[str]] = {c.pk: [] for c in courses}
    by_path = {c.path: c.pk for c in courses}
    if courses:
        inside = reduce(or_, (Q(path__startswith=c.path, depth__gt=c.depth) for c in courses))
        rows = Page.objects.live().filter(inside).order_by("path").values_list("path", "title")
        for path, title in rows:
            lengths = range(Page.steplen, len(path), Page.steplen)
            owner = next((by_path[path[:n]] for n in lengths if path[:n] in by_path), None)
            if owner is not None:
                titles[owner].append(title)
    languages = textsearch.content_languages(courses)
    CourseSearchText.objects.filter(page_id__in=ids).delete()
    CourseSearchText.objects.bulk_create(
        CourseSearchText(
            page_id=course.pk,
            locale_id=course.locale_id,
            config=textsearch.config_for(languages[course.pk]),
            **search_document(course, titles[course.pk]),
        )
        for course in courses
    )


def search_text_rebuild() -> int:
    """Index every live course again (after a bulk change done without signals)."""
    ids = list(CoursePage.objects.live().values_list("pk", flat=True))
    CourseSearchText.objects.exclude(page_id__in=ids).delete()
    search_text_refresh(page_ids=ids)
    return len(ids)


def search_matches(q: str, *, locale_id: int | None = None) -> dict[int, float]:
    """Course page id -> rank (lower is more relevant) for every indexed course of the active
    language (or `locale_id`) holding all the words."""
    return textsearch.matches(CourseSearchText, fts=SQLITE_FTS_TABLE, q=q, locale_id=locale_id)
