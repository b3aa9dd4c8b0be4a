"""Business rules of the courses app: enrolment, step completion, course completion.

Pages may be served in any language: every record is written on the source course and step
(courses/languages.py), so one learner has one record across languages.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from learning.locales import is_source

from .languages import record_course
from .models import CoursePage, Enrollment, EnrollmentStatus, Reflection, StepProgress
from .prerequisites import unmet_prerequisites
from .selectors import course_for_step, course_outline, course_progress_for, step_record_id
from .signals import course_completed

VISIT_GAP = timedelta(minutes=1)


def enrollment_create(*, user, course: CoursePage) -> Enrollment:
    """Enrol a learner (idempotent). Refuses unmet prerequisites with a clear message."""
    course = record_course(course)
    existing = Enrollment.objects.filter(user=user, course=course).first()
    if existing is not None:
        if existing.status == EnrollmentStatus.WITHDRAWN:
            existing.status = EnrollmentStatus.ACTIVE
            existing.save(update_fields=["status"])
        return existing
    if not course.live:
        raise ValidationError(_("This course is not open for enrolment."))
    missing = unmet_prerequisites(user=user, course=course)
    if missing:
        raise ValidationError(
            _("Complete these courses first: %(courses)s.")
            % {"courses": ", ".join(c.title for c in missing)}
        )
    try:
        with transaction.atomic():
            enrollment = Enrollment(user=user, course=course)
            enrollment.full_clean(validate_constraints=False)
            enrollment.save()
    except IntegrityError:  # a concurrent request enrolled first
        enrollment = Enrollment.objects.get(user=user, course=course)
    return enrollment


def _check_step_access(*, user, step: Page, course: CoursePage, progress=None):
    progress = progress or course_progress_for(user=user, course=course)
    enrollment = progress.enrollment
    if enrollment is None or enrollment.status == EnrollmentStatus.WITHDRAWN:
        raise PermissionDenied(
            _("Enrol in “%(course)s” first.") % {"course": progress.course_title or course.title}
        )
    step_id = step_record_id(step)
    if step_id in progress.locked_step_ids:
        raise PermissionDenied(
            progress.lock_reasons.get(step_id)
            or _("Finish the earlier required steps first: this step is locked.")
        )
    return enrollment


def _withdrawn_from_course(step: Page, course: CoursePage, outline=None) -> bool:
    """A page served in another language whose source step is not in its course (unpublished
    or deleted while the translation stays live): it can be read, not counted."""
    if is_source(step):
        return False
    step_id = step_record_id(step)
    return not any(s.pk == step_id for s in (outline or course_outline(course)).steps)


def step_access_assert(*, user, step: Page) -> None:
    """Refuse (PermissionDenied, with the reason) a step the learner may not study now: not
    enrolled, withdrawn, or locked. Pages outside any course pass."""
    course = course_for_step(step)
    if course is not None:
        _check_step_access(user=user, step=step, course=course)


def step_visit(
    *, user, step: Page, course: CoursePage | None = None, progress=None, outline=None
) -> None:
    """Record that a learner opened a step (for 'continue where you left off').

    `course`, its `outline` and `progress` may be passed when the caller already has them.
    """
    course = course or course_for_step(step)
    if course is None:
        raise PermissionDenied(_("This page is not part of a course."))
    progress = progress or course_progress_for(user=user, course=course)
    enrollment = _check_step_access(user=user, step=step, course=course, progress=progress)
    if _withdrawn_from_course(step, course, outline):
        return
    now = timezone.now()
    step_id = step_record_id(step)
    started_at = progress.visited_at.get(step_id)
    if started_at is None:
        StepProgress.objects.get_or_create(
            user=user, step_id=step_id, defaults={"course": course, "started_at": now}
        )
    # Reloads within a minute write nothing: the learner is still on the same step.
    elif step_id not in progress.completed_step_ids and now - started_at > VISIT_GAP:
        StepProgress.objects.filter(user=user, step_id=step_id).update(started_at=now)
    if now - enrollment.last_activity_at > VISIT_GAP:
        Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=now)


def step_complete(*, user, step: Page, time_spent_seconds: int = 0) -> StepProgress:
    """The learner marks a step done (idempotent); completes the course if it was the last.

    Steps that complete through a passing result of their own (a quiz, a lesson holding a
    required H5P activity) are refused here: a "Valid" certificate means the learner earned it.
    """
    step = step.specific
    if not getattr(step, "is_course_step", False):
        raise PermissionDenied(_("This page is not a step of a published course."))
    if step.completes_through_own_result():
        raise PermissionDenied(
            _("“%(step)s” is completed by passing its activity, not by marking it complete.")
            % {"step": step.title}
        )
    return _step_mark_complete(user=user, step=step, time_spent_seconds=time_spent_seconds)


def step_complete_through_result(*, user, step: Page) -> StepProgress | None:
    """Complete a step that completes through its own result, once that result passed.

    For the app that judged the result (assessments: a passing quiz grade, the passing H5P
    results a lesson requires; labs: a passed model task), never for a learner's request.
    A lesson that requires several kinds of activity completes when the last of them passes:
    every app answers the `step_completion_requirements` hook for its own activities, and
    while one is unmet nothing is written (None). Same access rules as `step_complete`.
    """
    step = step.specific
    if not getattr(step, "is_course_step", False):
        raise PermissionDenied(_("This page is not a step of a published course."))
    if step_completion_unmet(user=user, step=step):
        return None
    return _step_mark_complete(user=user, step=step, time_spent_seconds=0)


def step_completion_unmet(*, user, step: Page) -> list[str]:
    """Messages for the step's required activities the learner has not passed in it (empty
    when none is missing): what each app answers to `step_completion_requirements`."""
    unmet: list[str] = []
    for fn in hooks.get_hooks("step_completion_requirements"):
        unmet.extend(fn(user, step))
    return unmet


@transaction.atomic
def _step_mark_complete(*, user, step: Page, time_spent_seconds: int) -> StepProgress:
    course = course_for_step(step)
    if course is None or not step.live:
        raise PermissionDenied(_("This page is not a step of a published course."))
    enrollment = _check_step_access(user=user, step=step, course=course)
    if _withdrawn_from_course(step, course):
        raise PermissionDenied(
            _("“%(step)s” is no longer part of this course: it cannot be completed.")
            % {"step": step.title}
        )
    now = timezone.now()
    progress, _created = StepProgress.objects.select_for_update().get_or_create(
        user=user, step_id=step_record_id(step), defaults={"course": course, "started_at": now}
    )
    if progress.completed_at is None:
        progress.completed_at = now
        progress.time_spent_seconds += max(0, int(time_spent_seconds))
        progress.save(update_fields=["completed_at", "time_spent_seconds"])
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=now)
    course_complete_if_done(user=user, course=course)
    return progress


def course_completion_unmet(*, user, course: CoursePage) -> list[str]:
    """What still stands between the learner and completion (empty when done)."""
    course = record_course(course)
    progress = course_progress_for(user=user, course=course)
    unmet = []
    if progress.total_required == 0 or not progress.is_complete:
        unmet.append(
            _("%(done)s of %(total)s required steps done.")
            % {"done": progress.completed_required, "total": progress.total_required}
        )
    for fn in hooks.get_hooks("course_completion_requirements"):
        unmet.extend(fn(user, course))
    return unmet


@transaction.atomic
def course_complete_if_done(*, user, course: CoursePage) -> bool:
    """Complete the enrolment when every rule is met; send `course_completed` on commit."""
    course = record_course(course)
    enrollment = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
    if enrollment is None:
        return False
    if enrollment.status == EnrollmentStatus.COMPLETED:
        return True
    if course_completion_unmet(user=user, course=course):
        return False
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["status", "completed_at"])
    transaction.on_commit(
        lambda: course_completed.send(
            sender=CoursePage, user=user, course=course, enrollment=enrollment
        )
    )
    return True


def reflection_save(*, user, lesson, block_id: str, answer: str) -> Reflection:
    """Save a learner's private answer to one of the lesson's reflection prompts."""
    prompts = {
        block.id: block.value["prompt"] for block in lesson.body if block.block_type == "reflection"
    }
    if block_id not in prompts:
        raise ValidationError(_("This reflection question no longer exists."))
    answer = answer.strip()
    if not answer:
        raise ValidationError(_("Write an answer before saving."))
    if len(answer) > 20_000:
        raise ValidationError(_("Keep your answer under 20,000 characters."))
    course = course_for_step(lesson)
    if course is None:
        raise ValidationError(_("This lesson belongs to no course."))
    _check_step_access(user=user, step=lesson, course=course)
    reflection, _created = Reflection.objects.update_or_create(
        user=user,
        lesson_id=step_record_id(lesson),
        block_id=block_id,
        defaults={"prompt": prompts[block_id], "answer": answer},
    )
    return reflection
