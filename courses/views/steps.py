"""Lesson pages and the learner's actions: enrol, complete a step, save a reflection."""

import csv
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
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
    reflection_answers,
)


def step_forbidden(request, message: str, course=None, status=403):
    return render(
        request, "courses/forbidden.html", {"message": message, "course": course}, status=status
    )


def step_context(request, step, course=None) -> dict:
    """What every step page shows: its course, progress, and previous/next steps.

    Used by lessons here and by quizzes in the assessments app.
    """
    course = course or course_for_step(step)
    outline = course_outline(course)
    progress = course_progress_for(user=request.user, course=course, outline=outline)
    steps = outline.steps
    ids = [s.pk for s in steps]
    position = ids.index(step.pk) if step.pk in ids else -1
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
        "is_completed": step.pk in progress.completed_step_ids,
    }


def lesson(request, page: LessonPage):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = course_for_step(page)
    context = step_context(request, page, course)
    try:
        services.step_visit(
            user=request.user, step=page, course=course, progress=context["progress"]
        )
    except PermissionDenied as exc:
        return step_forbidden(request, str(exc), course)
    reflections = {}
    if any(block.block_type == "reflection" for block in page.body):
        reflections = reflection_answers(user=request.user, lesson=page)
    return render(
        request,
        "courses/lesson_page.html",
        {
            "page": page,
            "self": page,
            "body": [
                (part, reflections.get(part.id) if part.block_type == "reflection" else None)
                for part in lesson_body(request, page)
            ],
            **context,
        },
    )


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
    blocks = list(page.body)
    if getattr(request, "is_preview", False):
        return blocks
    key = f"courses:lesson-body:{page.pk}:{get_language()}:{tree_version()}"
    rendered = cache.get(key)
    if rendered is None:
        context = {"page": page, "self": page, "request": request}
        rendered = {
            block.id: str(block.render(context=context))
            for block in blocks
            if block.block_type in SHARED_BLOCKS
        }
        cache.set(key, rendered, 600)
    return [
        RenderedBlock(block.block_type, block.id, mark_safe(rendered[block.id]))  # noqa: S308
        if block.id in rendered
        else block
        for block in blocks
    ]


@login_required
@require_POST
def enroll(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        services.enrollment_create(user=request.user, course=course)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(course.url)
    messages.success(request, _("You are enrolled. Welcome to the course!"))
    return redirect(course.url)


@login_required
@require_POST
def complete_step(request, step_id: int):
    step = Page.objects.live().public().filter(pk=step_id).specific().first()
    if step is None or not getattr(step, "is_course_step", False):
        raise Http404
    try:
        services.step_complete(user=request.user, step=step)
    except PermissionDenied as exc:
        return step_forbidden(request, str(exc), course_for_step(step))
    context = step_context(request, step)
    if context["progress"].is_complete:
        messages.success(request, _("You have completed the course. Well done!"))
        return redirect(context["course"].url)
    messages.success(request, _("Step completed."))
    target = context["next_step"] or context["course"]
    return redirect(target.url)


@login_required
@require_POST
def save_reflection(request, lesson_id: int, block_id: str):
    page = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
    try:
        services.reflection_save(
            user=request.user, lesson=page, block_id=block_id, answer=request.POST.get("answer", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        return step_forbidden(request, str(exc), course_for_step(page))
    else:
        messages.success(request, _("Your reflection has been saved. Only you can see it."))
    return redirect(f"{page.url}#reflection-{block_id}")


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
