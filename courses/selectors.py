"""Reads of the courses app. Each one costs a fixed number of queries, whatever the size of
the course or the number of enrolments."""

import time
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from wagtail import hooks
from wagtail.models import Page

from .models import CoursePage, Enrollment, EnrollmentStatus, ModulePage, StepMixin, StepProgress


@dataclass(frozen=True)
class StepInfo:
    """What the outline, progress and navigation need of a step: no model instance, no body."""

    pk: int
    path: str
    depth: int
    title: str
    url: str
    is_required: bool = True
    estimated_minutes: int = 0
    completed_by_learner: bool = True

    @property
    def id(self) -> int:
        return self.pk


@dataclass
class ModuleOutline:
    pk: int
    title: str
    url: str
    summary: str = ""
    steps: list[StepInfo] = field(default_factory=list)


@dataclass
class CourseOutline:
    course: CoursePage
    modules: list[ModuleOutline]

    @property
    def steps(self) -> list[StepInfo]:
        return [step for module in self.modules for step in module.steps]


@dataclass
class CourseProgress:
    total_required: int
    completed_required: int
    percent: int
    next_step: StepInfo | None
    completed_step_ids: set[int]
    locked_step_ids: set[int]
    enrollment: Enrollment | None = None
    # Why a step is locked, for steps locked by a rule other than the sequential order.
    lock_reasons: dict[int, str] = field(default_factory=dict)
    # Modules closed for this learner (e.g. a cohort's release date): module id -> reason.
    module_locks: dict[int, str] = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        return self.total_required > 0 and self.completed_required == self.total_required


def _step_models() -> list[type]:
    """Every concrete page model that is a course step (LessonPage, QuizPage, ...)."""
    return [
        m
        for m in apps.get_models()
        if issubclass(m, StepMixin) and issubclass(m, Page) and not m._meta.abstract
    ]


OUTLINE_VERSION_KEY = "courses:outline-version"


def outline_cache_invalidate() -> None:
    """Forget every cached outline (called when any page or view restriction changes)."""
    cache.set(OUTLINE_VERSION_KEY, time.time_ns(), None)


def _outline_version() -> int:
    version = cache.get(OUTLINE_VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(OUTLINE_VERSION_KEY, version, None)
    return version


def catalogue_url() -> str | None:
    """The URL of the live course catalogue, cached until the page tree changes (every page
    shows it in the navigation)."""
    from .models import CourseIndexPage

    key = f"courses:catalogue-url:{_outline_version()}"
    url = cache.get(key)
    if url is None:
        catalogue = CourseIndexPage.objects.live().only("id", "url_path").first()
        url = (catalogue.get_url() or "") if catalogue else ""
        cache.set(key, url, 3600)
    return url or None


def course_outlines(courses: list[CoursePage]) -> dict[int, CourseOutline]:
    """Modules and live, public steps of these courses in tree order, from the cache.

    The cache holds one outline per course under a version that every change to the page tree
    moves on (see courses/signal_handlers.py), so a request costs one cache read.
    """
    version = _outline_version()
    keys = {c.pk: f"courses:outline:{version}:{c.pk}" for c in courses}
    cached = cache.get_many(keys.values()) if courses else {}
    outlines = {
        c.pk: CourseOutline(course=c, modules=cached[keys[c.pk]])
        for c in courses
        if keys[c.pk] in cached
    }
    missing = [c for c in courses if c.pk not in outlines]
    if missing:
        built = _build_outlines(missing)
        cache.set_many({keys[pk]: outline.modules for pk, outline in built.items()}, 3600)
        outlines.update(built)
    return outlines


def _build_outlines(courses: list[CoursePage]) -> dict[int, CourseOutline]:
    """A fixed number of queries whatever the number of courses and steps: one for the pages
    (as plain values), one for view restrictions, one for module summaries and one per step
    model."""
    outlines = {c.pk: CourseOutline(course=c, modules=[]) for c in courses}
    condition = reduce(
        or_, (Q(path__startswith=c.path, depth__in=(c.depth + 1, c.depth + 2)) for c in courses)
    )
    rows = list(
        Page.objects.filter(condition)
        .live()
        .public()
        .order_by("path")
        .values("pk", "path", "depth", "title", "url_path", "content_type_id")
    )
    step_types = {ContentType.objects.get_for_model(m).pk: m for m in _step_models()}
    module_type = ContentType.objects.get_for_model(ModulePage).pk
    step_fields: dict[int, dict] = {}
    for ct_id, model in step_types.items():
        ids = [r["pk"] for r in rows if r["content_type_id"] == ct_id]
        if ids:
            for values in model.objects.filter(pk__in=ids).values(
                "pk", "is_required", "estimated_minutes"
            ):
                values["completed_by_learner"] = model.completed_by_learner
                step_fields[values.pop("pk")] = values
    module_ids = [r["pk"] for r in rows if r["content_type_id"] == module_type]
    summaries = (
        dict(ModulePage.objects.filter(pk__in=module_ids).values_list("pk", "summary"))
        if module_ids
        else {}
    )
    by_path = {c.path: c for c in courses}
    base_urls = {c.pk: (c.get_url() or "", c.url_path) for c in courses}
    step_len = Page.steplen
    current: dict[int, ModuleOutline] = {}
    for row in rows:
        course = next(
            (
                by_path[row["path"][:length]]
                for length in range(step_len, len(row["path"]), step_len)
                if row["path"][:length] in by_path
            ),
            None,
        )
        if course is None:
            continue
        base_url, base_path = base_urls[course.pk]
        url = base_url + row["url_path"][len(base_path) :]
        if row["depth"] == course.depth + 1 and row["content_type_id"] == module_type:
            current[course.pk] = ModuleOutline(
                pk=row["pk"], title=row["title"], url=url, summary=summaries.get(row["pk"], "")
            )
            outlines[course.pk].modules.append(current[course.pk])
        elif row["depth"] == course.depth + 2 and row["pk"] in step_fields and course.pk in current:
            current[course.pk].steps.append(
                StepInfo(
                    pk=row["pk"],
                    path=row["path"],
                    depth=row["depth"],
                    title=row["title"],
                    url=url,
                    **step_fields[row["pk"]],
                )
            )
    return outlines


def course_outline(course: CoursePage) -> CourseOutline:
    return course_outlines([course])[course.pk]


def course_steps(course: CoursePage) -> list:
    """The live steps of a course as specific pages (tree order), for services and reports."""
    ids = [step.pk for step in course_outline(course).steps]
    return list(Page.objects.filter(pk__in=ids).order_by("path").defer_streamfields().specific())


def course_for_step(step: Page) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(step).first()


def module_locks_for(*, user, courses: list[CoursePage]) -> dict[int, str]:
    """Modules closed to this learner by other apps (a cohort's release dates): module page
    id -> the reason shown to the learner. One call of each `course_module_locks` hook
    function for all the courses of a request."""
    if not user.is_authenticated or not courses:
        return {}
    locks: dict[int, str] = {}
    for fn in hooks.get_hooks("course_module_locks"):
        for module_id, reason in fn(user=user, courses=courses).items():
            locks.setdefault(module_id, reason)
    return locks


def _progress(
    outline: CourseOutline, done: set[int], enrollment, module_locks: dict[int, str]
) -> CourseProgress:
    steps = outline.steps
    required = [s for s in steps if s.is_required]
    completed_required = sum(1 for s in required if s.pk in done)
    locked: set[int] = set()
    reasons: dict[int, str] = {}
    course_locks = {}
    for module in outline.modules:
        if module.pk in module_locks:
            course_locks[module.pk] = module_locks[module.pk]
            for step in module.steps:
                if step.pk not in done:
                    locked.add(step.pk)
                    reasons[step.pk] = module_locks[module.pk]
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
        lock_reasons=reasons,
        module_locks=course_locks,
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
    locks = module_locks_for(user=user, courses=[course]) if enrollment else {}
    return _progress(outline, done, enrollment, locks)


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
    locks = module_locks_for(user=user, courses=courses)
    return [
        (e, _progress(outlines[e.course_id], done_by_course[e.course_id], e, locks))
        for e in enrollments
    ]


def resume_step_for(
    *,
    user,
    course: CoursePage,
    progress: CourseProgress | None = None,
    outline: CourseOutline | None = None,
):
    """'Continue where you left off': the step visited last if unfinished, else the next one."""
    outline = outline or course_outline(course)
    progress = progress or course_progress_for(user=user, course=course, outline=outline)
    last = (
        StepProgress.objects.filter(user=user, course=course, completed_at__isnull=True)
        .order_by("-started_at")
        .values_list("step_id", flat=True)
        .first()
    )
    if last and last not in progress.locked_step_ids:
        return {step.pk: step for step in outline.steps}.get(last, progress.next_step)
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
