"""What step pages share (lessons here, quizzes in assessments): their context, the
learner-independent HTML of lesson blocks, completing a step; the old by-id action URLs; the
export of a learner's reflections. Lesson and course pages serve themselves
(`courses/models/pages.py`)."""

import csv
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from learning.pagetree import tree_version
from learning.spreadsheets import neutralise

from .. import services
from ..models import CoursePage, LessonPage, Reflection
from ..selectors import (
    course_for_step,
    course_outline,
    course_progress_for,
    step_record_id,
)


def step_forbidden(request, message: str, course=None, status=403):
    return render(
        request, "courses/forbidden.html", {"message": message, "course": course}, status=status
    )


def step_context(request, step, course=None) -> dict:
    """What every step page shows: its course, progress, and previous/next steps.

    Used by lessons here and by quizzes in the assessments app. `step` may be served in any
    language: `course` is its source course, which holds the records, and the outline's ids
    are source ids (its titles and URLs are the active language's).
    """
    course = course or course_for_step(step)
    outline = course_outline(course)
    progress = course_progress_for(user=request.user, course=course, outline=outline)
    steps = outline.steps
    ids = [s.pk for s in steps]
    step_id = step_record_id(step)
    position = ids.index(step_id) if step_id in ids else -1
    previous_step = steps[position - 1] if position > 0 else None
    next_step = steps[position + 1] if 0 <= position < len(steps) - 1 else None
    return {
        "course": course,
        "outline": outline,
        "progress": progress,
        "previous_step": previous_step,
        "next_step": next_step,
        "step_number": position + 1,
        "step_count": len(steps),
        "is_completed": step_id in progress.completed_step_ids,
    }


# Blocks whose HTML is the same for every learner: rendered once per language and page-tree
# version (lesson_body), not per learner.
# Reflections (the learner's own answer) and H5P activities (their latest result) are not.
SHARED_BLOCKS = frozenset(
    (
        "heading",
        "paragraph",
        "image",
        "video",
        "download",
        "key_takeaway",
        "glossary_term",
        "case_study",
    )
)


@dataclass(frozen=True)
class RenderedBlock:
    block_type: str
    id: str
    html: str


def lesson_body(request, page: LessonPage) -> list:
    """The lesson's blocks, the learner-independent ones as HTML from the cache.

    The key holds the language and the page tree's version, which every page save, publish
    or move changes (this lesson's own edits, a cited case study, a linked page); previews
    always render afresh.
    """
    if getattr(request, "is_preview", False):
        return list(page.body)
    key = f"courses:lesson-body:{page.pk}:{get_language()}:{tree_version()}"
    rendered = cache.get(key)
    if rendered is None:
        context = {"page": page, "self": page, "request": request}
        rendered = {
            block.id: str(block.render(context=context))
            for block in page.body
            if block.block_type in SHARED_BLOCKS
        }
        cache.set(key, rendered, 600)
    # From the raw data: only the learner's own blocks (reflections, activities) are turned
    # into block values, so a cached lesson does not look up its images again.
    return [
        RenderedBlock(item["type"], item["id"], mark_safe(rendered[item["id"]]))  # noqa: S308
        if item.get("id") in rendered
        else page.body[index]
        for index, item in enumerate(page.body.raw_data)
    ]


def step_completed(request, step):
    """Mark `step` complete for the learner and send them on: the next step, or the course
    outline once the course is done. Lessons call it from their `complete/` route."""
    try:
        services.step_complete(user=request.user, step=step)
    except PermissionDenied as exc:
        return step_forbidden(request, str(exc), course_for_step(step))
    context = step_context(request, step)
    if context["progress"].is_complete:
        messages.success(request, _("You have completed the course. Well done!"))
        return redirect(context["outline"].url)
    messages.success(request, _("Step completed."))
    target = context["next_step"] or context["outline"]
    return redirect(target.url)


# The addresses by page id that forms used before the actions became routes of their pages:
# a form cached in a browser still posts there, so they answer 307 (the method and the body
# are kept) with the page's own address, where the page's route checks the permissions. The
# id may be any language's page: the address is that of the interface language's page
# (translation or alias), whose route records on the source.


def _to_route(page, name: str, *args) -> HttpResponseRedirect:
    page = page.localized
    response = HttpResponseRedirect(page.url + page.reverse_subpage(name, args=args))
    response.status_code = 307
    return response


@login_required
@require_POST
def enrol_by_id(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    return _to_route(course, "enrol")


@login_required
@require_POST
def complete_step_by_id(request, step_id: int):
    step = Page.objects.live().filter(pk=step_id).specific().first()
    if step is None or not getattr(step, "is_course_step", False):
        raise Http404
    if not hasattr(step, "reverse_subpage"):
        # A step page without a "complete" route (a quiz): the service gives the reason.
        return step_completed(request, step)
    return _to_route(step, "complete")


@login_required
@require_POST
def save_reflection_by_id(request, lesson_id: int, block_id: str):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    return _to_route(lesson, "save_reflection", block_id)


@login_required
def export_reflections(request):
    """The learner's own reflections as a CSV file they can keep."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-reflections.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow([_("Lesson"), _("Question"), _("Answer"), _("Updated")])
    rows = (
        Reflection.objects.filter(user=request.user)
        .select_related("lesson")
        .order_by("lesson__path")
    )
    for r in rows:
        writer.writerow(
            [
                neutralise(r.lesson.title),
                neutralise(r.prompt),
                neutralise(r.answer),
                r.updated_at.isoformat(),
            ]
        )
    return response
