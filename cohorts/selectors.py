"""Reads of the cohorts app: trainers' cohorts, the progress matrix, learners at risk,
attendance, schedules and the numbers funders ask for.

Every selector here runs a fixed number of queries whatever the number of learners or steps
(tests/cohorts/test_dashboard.py holds them to a budget).
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from .models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    LiveSession,
    Membership,
    ModuleSchedule,
    Pacing,
)


def cohorts_for_trainer(user):
    qs = Cohort.objects.select_related("course")
    if user.is_superuser:
        return qs
    return qs.filter(trainers=user)


def cohort_for_trainer(*, user, pk) -> Cohort:
    """The cohort if this person trains it (or is an administrator); 404 otherwise, so that
    another trainer's cohorts are not even known to exist."""
    if not user.is_authenticated:
        from django.http import Http404

        raise Http404
    return get_object_or_404(cohorts_for_trainer(user), pk=pk)


def is_trainer(user) -> bool:
    from learning.roles import Role

    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(group.name == Role.TRAINER for group in user.groups.all())


@dataclass
class StepColumn:
    page: Page
    module_id: int | None
    module_title: str
    due_at: datetime | None = None


@dataclass
class MemberRef:
    """A cohort member as the dashboard needs them."""

    pk: int
    full_name: str
    email: str
    joined_at: datetime


@dataclass
class LearnerRow:
    user: MemberRef
    membership: MemberRef
    completed: int = 0
    cells: list = field(default_factory=list)  # per step: "done", "started" or ""
    scores: dict = field(default_factory=dict)  # step id -> score (percent) from hooks
    last_activity: datetime | None = None
    attended: int = 0
    behind: int = 0  # required steps past their due date and not completed
    at_risk_reasons: list[str] = field(default_factory=list)


@dataclass
class CohortOverview:
    cohort: Cohort
    steps: list[StepColumn]
    rows: list[LearnerRow]  # the learners on the requested page of the matrix
    at_risk: list[LearnerRow]
    total_learners: int
    completed_learners: int
    sessions: list[LiveSession]
    required_count: int
    page_number: int = 1
    page_count: int = 1


def cohort_steps(cohort: Cohort) -> list[StepColumn]:
    """The course's steps in tree order, each with its module and due date (scheduled pacing)."""
    from courses.selectors import course_steps

    steps = course_steps(cohort.course)
    steplen = Page.steplen
    module_paths = {step.path[:-steplen] for step in steps}
    modules = {
        page.path: page
        for page in Page.objects.filter(path__in=module_paths).only("id", "path", "title")
    }
    due = {}
    if cohort.pacing == Pacing.SCHEDULED:
        due = {
            s.module_id: s
            for s in ModuleSchedule.objects.filter(cohort=cohort).select_related("cohort")
        }
    columns = []
    for step in steps:
        module = modules.get(step.path[:-steplen])
        schedule = due.get(module.pk) if module else None
        columns.append(
            StepColumn(
                page=step,
                module_id=module.pk if module else None,
                module_title=module.title if module else "",
                due_at=schedule.due_at() if schedule else None,
            )
        )
    return columns


def _quiz_scores(*, user_ids: list[int], step_ids: list[int]) -> dict[tuple[int, int], float]:
    """Scores from any app registered on the `cohort_step_scores` hook:
    fn(*, user_ids, step_ids) -> {(user_id, step_id): percent}. Cohorts cannot import the
    assessments app (import direction), so assessments contributes scores this way."""
    scores: dict[tuple[int, int], float] = {}
    for fn in hooks.get_hooks("cohort_step_scores"):
        scores.update(fn(user_ids=user_ids, step_ids=step_ids) or {})
    return scores


def cohort_overview(
    *, cohort: Cohort, page: int = 1, per_page: int = 50, now: datetime | None = None
) -> CohortOverview:
    """Everything the trainer's dashboard shows, in a constant number of queries."""
    from courses.models import Enrollment, EnrollmentStatus, StepProgress

    now = now or timezone.now()
    steps = cohort_steps(cohort)
    step_ids = [column.page.pk for column in steps]
    required_ids = [c.page.pk for c in steps if getattr(c.page, "is_required", True)]
    due_required_ids = [
        c.page.pk for c in steps if c.due_at and c.due_at < now and c.page.pk in set(required_ids)
    ]
    # Plain tuples, not model instances: 500 users would cost more to build than to fetch.
    memberships = [
        MemberRef(pk=user_id, full_name=name, email=email, joined_at=joined_at)
        for user_id, name, email, joined_at in Membership.objects.filter(cohort=cohort)
        .order_by("user__full_name", "user__email")
        .values_list("user_id", "user__full_name", "user__email", "joined_at")
    ]
    # A subquery rather than a list of 500 ids: binding long IN lists costs more than the query.
    user_ids = Membership.objects.filter(cohort=cohort).values("user_id")
    # One grouped query for every learner: completions, behind-schedule count, last activity.
    aggregates = {
        row["user_id"]: row
        for row in StepProgress.objects.filter(course=cohort.course, user_id__in=user_ids)
        .values("user_id")
        .annotate(
            completed=Count("pk", filter=Q(completed_at__isnull=False, step_id__in=required_ids)),
            due_done=Count(
                "pk", filter=Q(completed_at__isnull=False, step_id__in=due_required_ids)
            ),
            last_started=Max("started_at"),
            last_completed=Max("completed_at"),
        )
    }
    attended = dict(
        Attendance.objects.filter(
            session__cohort=cohort, user_id__in=user_ids, status=AttendanceStatus.PRESENT
        )
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    completed_learners = Enrollment.objects.filter(
        course=cohort.course, user_id__in=user_ids, status=EnrollmentStatus.COMPLETED
    ).count()
    inactive_after = now - timedelta(days=cohort.inactivity_days)
    rows = []
    at_risk = []
    for membership in memberships:
        agg = aggregates.get(membership.pk, {})
        moments = [t for t in (agg.get("last_started"), agg.get("last_completed")) if t]
        row = LearnerRow(
            user=membership,
            membership=membership,
            completed=agg.get("completed", 0),
            last_activity=max(moments) if moments else None,
            attended=attended.get(membership.pk, 0),
            behind=len(due_required_ids) - agg.get("due_done", 0),
        )
        if (row.last_activity or membership.joined_at) < inactive_after and row.completed < len(
            required_ids
        ):
            row.at_risk_reasons.append("inactive")
        if row.behind > 0:
            row.at_risk_reasons.append("behind")
        if row.at_risk_reasons:
            at_risk.append(row)
        rows.append(row)
    # The longest silent first: they need the trainer most.
    at_risk.sort(key=lambda r: r.last_activity or r.membership.joined_at)
    page_count = max(1, math.ceil(len(rows) / per_page))
    page = min(max(1, page), page_count)
    page_rows = rows[(page - 1) * per_page : page * per_page]
    page_user_ids = [row.user.pk for row in page_rows]
    cells: dict[tuple[int, int], str] = {}
    for user_id, step_id, completed_at in StepProgress.objects.filter(
        course=cohort.course, user_id__in=page_user_ids
    ).values_list("user_id", "step_id", "completed_at"):
        cells[(user_id, step_id)] = "done" if completed_at else "started"
    scores = _quiz_scores(user_ids=page_user_ids, step_ids=step_ids)
    for row in page_rows:
        row.cells = [
            (cells.get((row.user.pk, sid), ""), scores.get((row.user.pk, sid))) for sid in step_ids
        ]
    return CohortOverview(
        cohort=cohort,
        steps=steps,
        rows=page_rows,
        at_risk=at_risk,
        total_learners=len(rows),
        completed_learners=completed_learners,
        sessions=list(LiveSession.objects.filter(cohort=cohort)),
        required_count=len(required_ids),
        page_number=page,
        page_count=page_count,
    )


def session_attendance_grid(*, session: LiveSession) -> list[tuple[Membership, Attendance | None]]:
    records = {a.user_id: a for a in Attendance.objects.filter(session=session)}
    return [
        (m, records.get(m.user_id))
        for m in Membership.objects.filter(cohort_id=session.cohort_id)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ]


def cohort_attendance_matrix(*, cohort: Cohort):
    """Sessions and, per member, the attendance record of each (or None)."""
    sessions = list(LiveSession.objects.filter(cohort=cohort))
    records = {
        (a.user_id, a.session_id): a for a in Attendance.objects.filter(session__cohort=cohort)
    }
    members = list(
        Membership.objects.filter(cohort=cohort)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return sessions, [(m, [records.get((m.user_id, s.pk)) for s in sessions]) for m in members]


# --- Learners ---------------------------------------------------------------------------------


@dataclass
class LearnerCohort:
    cohort: Cohort
    sessions: list[LiveSession]
    next_session: LiveSession | None
    due_dates: list[tuple[str, datetime]]


def learner_cohorts(*, user, now: datetime | None = None) -> list[LearnerCohort]:
    now = now or timezone.now()
    cohorts = list(
        Cohort.objects.filter(memberships__user=user)
        .select_related("course")
        .order_by("start_date")
    )
    if not cohorts:
        return []
    sessions_by_cohort: dict[int, list[LiveSession]] = {c.pk: [] for c in cohorts}
    for session in LiveSession.objects.filter(cohort__in=cohorts).select_related("cohort"):
        sessions_by_cohort[session.cohort_id].append(session)
    schedules: dict[int, list] = {c.pk: [] for c in cohorts}
    for schedule in ModuleSchedule.objects.filter(
        cohort__in=cohorts, cohort__pacing=Pacing.SCHEDULED
    ).select_related("module", "cohort"):
        schedules[schedule.cohort_id].append((schedule.module.title, schedule.due_at()))
    result = []
    for cohort in cohorts:
        sessions = sessions_by_cohort[cohort.pk]
        upcoming = [s for s in sessions if s.ends_at > now]
        result.append(
            LearnerCohort(
                cohort=cohort,
                sessions=sessions,
                next_session=upcoming[0] if upcoming else None,
                due_dates=sorted(schedules[cohort.pk], key=lambda item: item[1]),
            )
        )
    return result


def session_for_member(*, user, pk) -> LiveSession:
    """A session the person may see: as a member or a trainer of its cohort."""
    qs = LiveSession.objects.select_related("cohort")
    if not user.is_superuser:
        qs = qs.filter(Q(cohort__memberships__user=user) | Q(cohort__trainers=user)).distinct()
    return get_object_or_404(qs, pk=pk)


def sessions_for_feed_user(user) -> list[LiveSession]:
    return list(
        LiveSession.objects.filter(Q(cohort__memberships__user=user) | Q(cohort__trainers=user))
        .select_related("cohort")
        .distinct()
        .order_by("starts_at")
    )
