"""Reads of the courses app. Each one costs a fixed number of queries, whatever the size of
the course or the number of enrolments."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Case, Q, When
from wagtail import hooks
from wagtail.models import Page

from learning.locales import active_locale_id, default_locale_id, is_source
from learning.pagetree import ProcessCache, tree_version

from .languages import localize_outlines, record_course, record_page_id
from .learner_state import learner_enrollments as _learner_enrollments
from .learner_state import learner_state as _learner_state
from .learner_state import reflection_answers as _reflection_answers
from .models import (
    CourseIndexPage,
    CoursePage,
    Enrollment,
    ModulePage,
    StepMixin,
)


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
    course: CoursePage | None  # None when read by course id alone (the dashboard)
    modules: list[ModuleOutline]
    url: str = ""
    title: str = ""
    sequential: bool = False

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
    course_url: str = ""
    course_title: str = ""
    # When the learner last opened each step that has a StepProgress row (done or not).
    visited_at: dict[int, datetime] = field(default_factory=dict)
    # Why a step is locked, for steps locked by a rule other than the sequential order.
    lock_reasons: dict[int, str] = field(default_factory=dict)
    # Modules closed for this learner (e.g. a cohort's release date): module id -> reason.
    module_locks: dict[int, str] = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        return self.total_required > 0 and self.completed_required == self.total_required


def _step_models() -> list[type[Page]]:
    """Every concrete page model that is a course step (LessonPage, QuizPage, ...)."""
    return [
        m
        for m in apps.get_models()
        if issubclass(m, StepMixin) and issubclass(m, Page) and not m._meta.abstract
    ]


def catalogue_link() -> dict | None:
    """Title and URL of the live course catalogue, cached until the page tree changes (every
    page shows it in the navigation, course pages in their breadcrumb)."""
    locale_id = active_locale_id()  # its title is in the reader's language
    key = f"courses:catalogue:{tree_version()}:{locale_id}"
    link = cache.get(key)
    if link is None:
        catalogue = (
            CourseIndexPage.objects.live()
            .filter(locale_id__in=(locale_id, default_locale_id()))
            .order_by(Case(When(locale_id=locale_id, then=0), default=1), "path")
            .only("id", "url_path", "title")
            .first()
        )
        url = (catalogue.get_url() or "") if catalogue else ""
        link = {"title": catalogue.title, "url": url} if url else {}
        cache.set(key, link, 3600)
    return link or None


def catalogue_url() -> str | None:
    link = catalogue_link()
    return link["url"] if link else None


def course_outlines(courses: list[CoursePage]) -> dict[int, CourseOutline]:
    """Modules and live, public steps of these courses in tree order, from the cache, keyed
    by the ids of the pages given.

    A course served in another language (a translation or an alias) has the outline of its
    source course: step and module ids are the source's, on which progress is recorded
    (courses/languages.py); titles and URLs are those of the active language's pages. The
    cache holds one outline per course and language under the page tree's version
    (learning/pagetree.py), so a request costs one cache read.
    """
    sources = {c.pk: record_course(c) for c in courses}
    outlines = _outlines(
        list(dict.fromkeys(s.pk for s in sources.values())), {s.pk: s for s in sources.values()}
    )
    return {pk: outlines[source.pk] for pk, source in sources.items() if source.pk in outlines}


def course_outlines_by_id(course_ids: list[int]) -> dict[int, CourseOutline]:
    """The same outlines for source courses known by id only (enrolments): the course pages
    are read from the database only for outlines missing from the cache
    (`CourseOutline.course` is then None)."""
    return _outlines(list(course_ids), {})


def _outline_keys(ids: list[int], locale: int) -> dict[int, str]:
    version = tree_version()
    suffix = "" if locale == default_locale_id() else f":{locale}"
    return {pk: f"courses:outline:v4:{version}:{pk}{suffix}" for pk in ids}


def _outlines(
    ids: list[int], known: dict[int, CoursePage], locale: int | None = None
) -> dict[int, CourseOutline]:
    locale = active_locale_id() if locale is None else locale
    keys = _outline_keys(ids, locale)
    cached = _OUTLINES.get_many(list(keys.values()))
    outlines = {
        pk: CourseOutline(course=known.get(pk), **cached[keys[pk]])
        for pk in ids
        if keys[pk] in cached
    }
    missing = [pk for pk in ids if pk not in outlines]
    if missing:
        if locale == default_locale_id():
            built = _outlines_of_sources(missing, known)
        else:
            # The source structure (cached on its own), then one query for the titles and
            # addresses of this language's pages.
            built = localize_outlines(_outlines(missing, known, default_locale_id()), locale)
        entries = {
            keys[pk]: {
                "modules": o.modules,
                "url": o.url,
                "title": o.title,
                "sequential": o.sequential,
            }
            for pk, o in built.items()
        }
        _OUTLINES.set_many(entries)
        outlines.update(built)
    return outlines


def _outlines_of_sources(ids: list[int], known: dict[int, CoursePage]) -> dict:
    unknown = [pk for pk in ids if pk not in known]
    loaded = {c.pk: c for c in CoursePage.objects.filter(pk__in=unknown)} if unknown else {}
    courses = [known.get(pk) or loaded[pk] for pk in ids if pk in known or pk in loaded]
    return _build_outlines(courses)


# Outlines already read in this process, by cache key: a request pays one cache read (the
# version) instead of unpickling a 200-step outline.
_OUTLINES = ProcessCache(limit=1000)


def _build_outlines(courses: list[CoursePage]) -> dict[int, CourseOutline]:
    """A fixed number of queries whatever the number of courses and steps: one for the pages
    (as plain values), one for view restrictions, one for module summaries and one per step
    model."""
    outlines = {
        c.pk: CourseOutline(course=c, modules=[], title=c.title, sequential=c.sequential)
        for c in courses
    }
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
            for values in model._default_manager.filter(pk__in=ids).values(
                "pk", "is_required", "estimated_minutes"
            ):
                values["completed_by_learner"] = getattr(model, "completed_by_learner", True)
                step_fields[values.pop("pk")] = values
    module_ids = [r["pk"] for r in rows if r["content_type_id"] == module_type]
    summaries = (
        dict(ModulePage.objects.filter(pk__in=module_ids).values_list("pk", "summary"))
        if module_ids
        else {}
    )
    by_path = {c.path: c for c in courses}
    base_urls = {c.pk: (c.get_url() or "", c.url_path) for c in courses}
    for each in courses:
        outlines[each.pk].url = base_urls[each.pk][0]
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
    """The course a module or step belongs to, cached (one cache read) until the tree
    changes: for a page served in another language, the source course that holds the
    learner's records (courses/languages.py)."""
    key = f"courses:course-of:{tree_version()}:{step.path}"
    course = cache.get(key)
    if course is None:
        course = CoursePage.objects.ancestor_of(step).first()
        course = (course if is_source(step) else record_course(course)) if course else False
        cache.set(key, course, 3600)
    return course or None


def step_record_id(step: Page) -> int:
    """The id under which a learner's progress on this step is recorded: the source step's."""
    return record_page_id(step)


def module_locks_for(*, user, course_ids: list[int]) -> dict[int, str]:
    """Modules closed to this learner by other apps (a cohort's release dates): module page
    id -> the reason shown to the learner. One call of each `course_module_locks` hook
    function for all the courses of a request."""
    if not user.is_authenticated or not course_ids:
        return {}
    locks: dict[int, str] = {}
    for fn in hooks.get_hooks("course_module_locks"):
        for module_id, reason in fn(user=user, course_ids=course_ids).items():
            locks.setdefault(module_id, reason)
    return locks


def _progress(
    outline: CourseOutline,
    done: set[int],
    enrollment,
    module_locks: dict[int, str],
    visited_at: dict | None = None,
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
    if outline.sequential:
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
        visited_at=visited_at or {},
        course_url=outline.url,
        course_title=outline.title,
    )


def course_progress_for(*, user, course: CoursePage, outline: CourseOutline | None = None):
    """The learner's progress in a course, served in any language: read on its source."""
    course = record_course(course)
    outline = outline or course_outline(course)
    enrollment = None
    done: set[int] = set()
    visited_at = {}
    if user.is_authenticated:
        enrollment, rows = _learner_state(user_id=user.pk, course_id=course.pk)
        for step_id, started_at, completed_at in rows:
            visited_at[step_id] = started_at
            if completed_at is not None:
                done.add(step_id)
    locks = module_locks_for(user=user, course_ids=[course.pk]) if enrollment else {}
    return _progress(outline, done, enrollment, locks, visited_at)


def reflection_answers(*, user, lesson) -> dict[str, str]:
    """The learner's own answers to a lesson's reflection prompts, by block id (one raw
    query: courses/learner_state.py)."""
    return _reflection_answers(user_id=user.pk, lesson_id=record_page_id(lesson))


def learner_courses(*, user) -> list[tuple[Enrollment, CourseProgress]]:
    """The learner's enrolments, most recent activity first, each with its progress: one
    query for the enrolments and their completed steps, outlines from the cache."""
    states = _learner_enrollments(user_id=user.pk)
    course_ids = [enrollment.course_id for enrollment, _done in states]
    outlines = course_outlines_by_id(course_ids)
    locks = module_locks_for(user=user, course_ids=course_ids)
    return [
        (enrollment, _progress(outlines[enrollment.course_id], done, enrollment, locks))
        for enrollment, done in states
        if enrollment.course_id in outlines
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
    unfinished = {
        step_id: started_at
        for step_id, started_at in progress.visited_at.items()
        if step_id not in progress.completed_step_ids
    }
    last = max(unfinished, key=lambda step_id: unfinished[step_id], default=None)
    if last and last not in progress.locked_step_ids:
        return {step.pk: step for step in outline.steps}.get(last, progress.next_step)
    return progress.next_step
