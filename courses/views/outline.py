from django.shortcuts import render

from ..selectors import (
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
            resume = resume_step_for(user=request.user, course=course, progress=progress)
        else:
            missing = unmet_prerequisites(user=request.user, course=course)
    return render(
        request,
        "courses/course_page.html",
        {
            "page": course,
            "self": course,
            "outline": outline,
            "progress": progress,
            "resume": resume,
            "missing_prerequisites": missing,
            "prerequisites": course_prerequisites(course),
        },
    )
