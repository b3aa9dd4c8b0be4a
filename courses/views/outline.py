from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..selectors import (
    catalogue_link,
    course_outline,
    course_prerequisites,
    course_progress_for,
    resume_step_for,
    unmet_prerequisites,
)


def course_outline_view(request, course):
    outline = course_outline(course)
    progress = course_progress_for(user=request.user, course=course, outline=outline)
    resume = None
    missing = []
    if request.user.is_authenticated:
        if progress.enrollment:
            resume = resume_step_for(
                user=request.user, course=course, progress=progress, outline=outline
            )
        else:
            missing = unmet_prerequisites(user=request.user, course=course)
    return render(
        request,
        "courses/course_page.html",
        {
            "page": course,
            "self": course,
            "catalogue": catalogue_link(),
            "outline": outline,
            "progress": progress,
            "resume": resume,
            "missing_prerequisites": missing,
            "prerequisites": course_prerequisites(course),
            "modules": outline_rows(outline, progress),
        },
    )


def outline_rows(outline, progress) -> list[dict]:
    """The outline as rows ready to print: a 200-step course renders in one pass of simple
    lookups (the template engine's cost grows with the tags evaluated per step)."""
    marks = {
        "done": format_html(
            '<span aria-hidden="true">✓</span><span class="visually-hidden">{}</span>',
            _("Completed:"),
        ),
        "locked": format_html(
            '<span aria-hidden="true">🔒</span><span class="visually-hidden">{}</span>',
            _("Locked:"),
        ),
        "todo": mark_safe('<span aria-hidden="true">○</span>'),  # noqa: S308 - a constant
    }
    details: dict[tuple[int, bool], str] = {}
    enrolled = progress.enrollment is not None
    rows = []
    for module in outline.modules:
        steps = []
        for step in module.steps:
            if step.pk in progress.completed_step_ids:
                state = "done"
            elif step.pk in progress.locked_step_ids:
                state = "locked"
            else:
                state = "todo"
            key = (step.estimated_minutes, step.is_required)
            if key not in details:
                detail = _("%(minutes)s min") % {"minutes": step.estimated_minutes}
                details[key] = detail if step.is_required else f"{detail} · {_('optional')}"
            steps.append(
                {
                    "title": step.title,
                    "url": step.url if enrolled and state != "locked" else "",
                    "state": state,
                    "mark": marks[state],
                    "detail": details[key],
                }
            )
        rows.append(
            {
                "pk": module.pk,
                "title": module.title,
                "summary": module.summary,
                "locked_reason": progress.module_locks.get(module.pk, ""),
                "steps": steps,
            }
        )
    return rows
