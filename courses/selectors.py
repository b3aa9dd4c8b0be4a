"""Reads of the courses app. Each one costs a fixed number of queries, whatever the size of
the course or the number of enrolments."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Page

from .models import CoursePage, Enrollment, EnrollmentStatus, StepProgress


@dataclass
class ModuleOutline:
    page: Page
    steps: list = field(default_factory=list)


@dataclass
class CourseOutline:
    course: CoursePage
    modules: list[ModuleOutline]

    @property
    def steps(self) -> list:
        return [step for module in self.modules for step in module.steps]


@dataclass
class CourseProgress:
    total_required: int
    completed_required: int
    percent: int
    next_step: Page | None
    completed_step_ids: set[int]
    locked_step_ids: set[int]
    enrollment: Enrollment | None = None

    @property
    def is_complete(self) -> bool:
        return self.total_required > 0 and self.completed_required == self.total_required


def _is_step(page) -> bool:
    return getattr(page, "is_course_step", False)


def _live_descendants(courses: list[CoursePage]):
    """Live, public modules and steps of these courses, in tree order, as specific pages
    without their StreamField bodies (one query per page type)."""
    if not courses:
        return []
    condition = reduce(or_, (Q(path__startswith=c.path, depth__gt=c.depth) for c in courses))
    return list(
        Page.objects.filter(condition)
        .live()
        .public()
        .order_by("path")
        .defer_streamfields()
        .specific(defer=False)
    )


def course_outlines(courses: list[CoursePage]) -> dict[int, CourseOutline]:
    outlines = {c.pk: CourseOutline(course=c, modules=[]) for c in courses}
    by_path = {c.path: c.pk for c in courses}
    step_len = Page.steplen
    current: dict[int, ModuleOutline] = {}
    for page in _live_descendants(courses):
        # The course this page descends from: the ancestor path that is a course's.
        course_pk = next(
            (
                by_path[page.path[:length]]
                for length in range(step_len, len(page.path), step_len)
                if page.path[:length] in by_path
            ),
            None,
        )
        if course_pk is None:
            continue
        course = outlines[course_pk].course
        if page.depth == course.depth + 1:
            current[course_pk] = ModuleOutline(page=page)
            outlines[course_pk].modules.append(current[course_pk])
        elif page.depth == course.depth + 2 and _is_step(page) and course_pk in current:
            current[course_pk].steps.append(page)
    return outlines


def course_outline(course: CoursePage) -> CourseOutline:
    return course_outlines([course])[course.pk]


def course_steps(course: CoursePage) -> list:
    """The live steps of a course (specific pages, tree order)."""
    return course_outline(course).steps


def course_for_step(step: Page) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(step).first()


def _progress(outline: CourseOutline, done: set[int], enrollment) -> CourseProgress:
    steps = outline.steps
    required = [s for s in steps if s.is_required]
    completed_required = sum(1 for s in required if s.pk in done)
    locked: set[int] = set()
    if outline.course.sequential:
        blocked = False
        for step in steps:
            if blocked:
                locked.add(step.pk)
            if step.is_required and step.pk not in done:
                blocked = True
    next_step = next((s for s in steps if s.pk not in done and s.pk not in locked), None)
    percent = round(100 * completed_required / len(required)) if required else 0
    return CourseProgress(
        total_required=len(required),
        completed_required=completed_required,
        percent=percent,
        next_step=next_step,
        completed_step_ids=done,
        locked_step_ids=locked,
        enrollment=enrollment,
    )


def course_progress_for(*, user, course: CoursePage, outline: CourseOutline | None = None):
    outline = outline or course_outline(course)
    enrollment = None
    done: set[int] = set()
    if user.is_authenticated:
        enrollment = Enrollment.objects.filter(user=user, course=course).first()
        done = set(
            StepProgress.objects.filter(
                user=user, course=course, completed_at__isnull=False
            ).values_list("step_id", flat=True)
        )
    return _progress(outline, done, enrollment)


def learner_courses(*, user) -> list[tuple[Enrollment, CourseProgress]]:
    """The learner's enrolments, most recent activity first, each with its progress."""
    enrollments = list(
        Enrollment.objects.filter(user=user)
        .exclude(status=EnrollmentStatus.WITHDRAWN)
        .select_related("course")
        .order_by("-last_activity_at")
    )
    courses = [e.course for e in enrollments]
    outlines = course_outlines(courses)
    done_by_course: dict[int, set[int]] = {c.pk: set() for c in courses}
    for course_id, step_id in StepProgress.objects.filter(
        user=user, course__in=courses, completed_at__isnull=False
    ).values_list("course_id", "step_id"):
        done_by_course[course_id].add(step_id)
    return [
        (e, _progress(outlines[e.course_id], done_by_course[e.course_id], e)) for e in enrollments
    ]


def resume_step_for(*, user, course: CoursePage, progress: CourseProgress | None = None):
    """'Continue where you left off': the step visited last if unfinished, else the next one."""
    progress = progress or course_progress_for(user=user, course=course)
    last = (
        StepProgress.objects.filter(user=user, course=course, completed_at__isnull=True)
        .order_by("-started_at")
        .values_list("step_id", flat=True)
        .first()
    )
    if last and last not in progress.locked_step_ids:
        return Page.objects.filter(pk=last).live().first() or progress.next_step
    return progress.next_step


def course_prerequisites(course: CoursePage) -> list[CoursePage]:
    # .all() rather than .live(): in a preview the relation is modelcluster's in-memory queryset.
    return [p for p in course.prerequisites.all() if p.live]


def unmet_prerequisites(*, user, course: CoursePage) -> list[CoursePage]:
    prerequisites = course_prerequisites(course)
    if not prerequisites:
        return []
    done = set(
        Enrollment.objects.filter(
            user=user, course__in=prerequisites, status=EnrollmentStatus.COMPLETED
        ).values_list("course_id", flat=True)
    )
    return [p for p in prerequisites if p.pk not in done]
