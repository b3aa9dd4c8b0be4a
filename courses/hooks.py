"""The Wagtail hooks this app defines for others.

- `course_staff_scope`: fn(*, user) -> CourseStaffScope | None, what this person oversees
  beyond their own learning: the courses they run and the learners of those courses they act
  on (cohorts: the trainer's cohorts and their active members). None when the app grants
  nothing. Certificates (list, download, issue, re-issue, revoke) and assessments (item
  analysis) ask `course_staff_scope_for`, never the cohorts app, so the import direction holds.
  Administrators oversee everything without asking the hooks.
- `course_completion_next`: fn(*, user, course) -> CompletionNext | None, what a learner who
  has just completed `course` may do next (certificates: see or request the certificate).
  Pages that end a course (assessments' quiz result) show every answer through
  `course_completion_for`, without knowing which app gave it.
- `course_page_links`: fn(*, request, course) -> [(label, url)] or None, links that other
  apps add to a course's page for this visitor (a cohort's discussions). One call per page.
- `course_outline_panels`: fn(request, course, progress) -> {"template", "order", ...} or
  None, a section of the course outline page below the learner's progress (the offline app's
  "make this course available offline"). `progress` is the learner's CourseProgress.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet
from wagtail import hooks

from learning.roles import is_administrator

from .models import Enrollment, EnrollmentStatus

STAFF_SCOPE = "course_staff_scope"
COMPLETION_NEXT = "course_completion_next"
PAGE_LINKS = "course_page_links"
OUTLINE_PANELS = "course_outline_panels"


def course_page_links(*, request, course) -> list[tuple[str, str]]:
    """What the apps registered on `course_page_links` add to this course's page."""
    links: list[tuple[str, str]] = []
    for fn in hooks.get_hooks(PAGE_LINKS):
        links.extend(fn(request=request, course=course) or ())
    return links


def outline_panels(*, request, course, progress) -> list[dict]:
    """The sections other apps add to a course outline, in their order."""
    panels = [p for fn in hooks.get_hooks(OUTLINE_PANELS) if (p := fn(request, course, progress))]
    return sorted(panels, key=lambda p: p.get("order", 100))


@dataclass(frozen=True)
class CourseStaffScope:
    """`course_ids`: a queryset of course page ids (`values_list(..., flat=True)`);
    `learners`: a queryset of rows with the two keys `user_id` and `course_id` (`values()`),
    the (learner, course) pairs this person may act on. Both stay lazy: they become
    subqueries, so a scope costs no query of its own."""

    course_ids: QuerySet | None = None
    learners: QuerySet | None = None


@dataclass(frozen=True)
class StaffScope:
    """Everything (administrators) or the union of what the hooks answered."""

    everything: bool = False
    parts: tuple[CourseStaffScope, ...] = field(default_factory=tuple)

    def courses_q(self, field_name: str = "pk") -> Q:
        """A condition on a model whose `field_name` is a course page id."""
        if self.everything:
            return Q()
        conditions = [
            Q(**{f"{field_name}__in": part.course_ids})
            for part in self.parts
            if part.course_ids is not None
        ]
        return reduce(or_, conditions) if conditions else Q(pk__in=[])

    def learners_q(self, *, user_field: str = "user_id", course_field: str = "course_id") -> Q:
        """A condition on a model with a learner and a course (e.g. a certificate)."""
        if self.everything:
            return Q()
        conditions = [
            Q(
                Exists(
                    part.learners.filter(
                        user_id=OuterRef(user_field), course_id=OuterRef(course_field)
                    )
                )
            )
            for part in self.parts
            if part.learners is not None
        ]
        return reduce(or_, conditions) if conditions else Q(pk__in=[])

    def covers_course(self, course_id: int) -> bool:
        if self.everything:
            return True
        return any(
            part.course_ids is not None and course_id in set(part.course_ids) for part in self.parts
        )

    def covers_learner(self, *, user_id: int, course_id: int) -> bool:
        if self.everything:
            return True
        return any(
            part.learners is not None
            and part.learners.filter(user_id=user_id, course_id=course_id).exists()
            for part in self.parts
        )


def course_staff_scope_for(user) -> StaffScope:
    """What this person oversees: everything for administrators, else what the hooks grant
    (nothing for an anonymous visitor or a learner)."""
    if not getattr(user, "is_authenticated", False):
        return StaffScope()
    if is_administrator(user):
        return StaffScope(everything=True)
    parts = []
    for fn in hooks.get_hooks(STAFF_SCOPE):
        part = fn(user=user)
        if part is not None:
            parts.append(part)
    return StaffScope(parts=tuple(parts))


@dataclass(frozen=True)
class CompletionNext:
    """One next step after a course: a sentence, and a link (`url`, `label`)."""

    message: str
    url: str
    label: str


@dataclass(frozen=True)
class CourseCompletion:
    course: object
    next_steps: tuple[CompletionNext, ...] = ()


def course_completion_for(*, user, course) -> CourseCompletion | None:
    """None unless this learner has completed `course`; else what the apps offer next."""
    if course is None or not getattr(user, "is_authenticated", False):
        return None
    completed = Enrollment.objects.filter(
        user=user, course=course, status=EnrollmentStatus.COMPLETED
    ).exists()
    if not completed:
        return None
    answers = (fn(user=user, course=course) for fn in hooks.get_hooks(COMPLETION_NEXT))
    return CourseCompletion(course=course, next_steps=tuple(a for a in answers if a))
