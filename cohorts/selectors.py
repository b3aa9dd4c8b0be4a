"""Reads of the cohorts app: trainers' cohorts, the progress matrix, learners at risk,
attendance, schedules and the numbers funders ask for.

Every selector here runs a fixed number of queries whatever the number of learners or steps
(tests/cohorts/test_dashboard.py holds them to a budget).
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, cast

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Max, Q, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from wagtail import hooks

from .attendance import attended_counts
from .models import (
    Attendance,
    Cohort,
    LiveSession,
    Membership,
    MembershipStatus,
    ModuleSchedule,
    Pacing,
)

if TYPE_CHECKING:
    from courses.selectors import StepInfo
from django.db.models import F
from django.http import Http404

from courses.models import Enrollment, EnrollmentStatus, StepProgress
from courses.selectors import course_outline
from learning.roles import Role, has_role


def cohorts_for_trainer(user):
    qs = Cohort.objects.select_related("course")
    if user.is_superuser:
        return qs
    return qs.filter(trainers=user)


def cohort_for_trainer(*, user, pk) -> Cohort:
    """The cohort if this person trains it (or is an administrator); 404 otherwise, so that
    another trainer's cohorts are not even known to exist."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(cohorts_for_trainer(user), pk=pk)


def trainer_oversight(*, user) -> tuple | None:
    """(course ids, (user_id, course_id) rows) of the cohorts this person trains, as lazy
    querysets: the learners are the cohorts' active members, for the cohort's course. None
    for someone who trains no cohort (one query)."""
    if not user.is_authenticated or not Cohort.objects.filter(trainers=user).exists():
        return None
    course_ids = Cohort.objects.filter(trainers=user).values_list("course_id", flat=True)
    learners = (
        Membership.objects.active()
        .filter(cohort__trainers=user)
        .annotate(course_id=F("cohort__course_id"))
        .values("user_id", "course_id")
    )
    return course_ids, learners


def is_trainer(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return has_role(user, Role.TRAINER)


@dataclass(slots=True)
class StepColumn:
    page: "StepInfo"  # courses.selectors.StepInfo: pk, title, is_required, url (no model)
    module_id: int | None
    module_title: str
    due_at: datetime | None = None


@dataclass(slots=True)
class MemberRef:
    """A cohort member as the dashboard needs them."""

    pk: int
    full_name: str
    email: str


@dataclass(slots=True)
class LearnerRow:
    user: MemberRef
    completed: int = 0
    cells: list = field(default_factory=list)  # per step: ("done" | "started" | "", score)
    last_activity: datetime | None = None
    quiet_since: datetime | None = None  # last activity, or the day they joined
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
    held: int = 0  # sessions that count for attendance (cohorts/attendance.py)
    page_number: int = 1
    page_count: int = 1

    @property
    def sessions_held_or_planned(self) -> int:
        """The sessions that count: cancelled ones stay listed, marked, but not counted."""
        return sum(1 for s in self.sessions if not s.is_cancelled)


def cohort_steps(cohort: Cohort) -> list[StepColumn]:
    """The course's live steps in tree order, each with its module and due date (scheduled
    pacing). Built from the courses app's cached outline: no page instance, at most one query
    (the cohort's module schedule)."""
    due_days = {}
    if cohort.pacing == Pacing.SCHEDULED:
        due_days = dict(
            ModuleSchedule.objects.filter(cohort=cohort).values_list("module_id", "due_day")
        )
    columns: list = []
    for module in course_outline(cohort.course).modules:
        due_day = due_days.get(module.pk)
        due_at = cohort.day_end(due_day) if due_day is not None else None
        columns.extend(
            StepColumn(page=step, module_id=module.pk, module_title=module.title, due_at=due_at)
            for step in module.steps
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
    *,
    cohort: Cohort,
    page: int | str | None = 1,
    per_page: int = 50,
    now: datetime | None = None,
) -> CohortOverview:
    """Everything the trainer's dashboard shows, in a constant number of queries.

    Members come as plain tuples, their progress and attendance from two grouped queries (one
    datetime per learner: the latest activity), and the cells are only read for the page of
    the matrix that is shown. Correlated subqueries per member measured twice as slow as the
    grouped scans on SQLite."""
    now = now or timezone.now()
    steps = cohort_steps(cohort)
    step_ids = [column.page.pk for column in steps]
    required_ids = [c.page.pk for c in steps if c.page.is_required]
    due_required_ids = [
        c.page.pk for c in steps if c.due_at and c.due_at < now and c.page.is_required
    ]
    sessions = list(LiveSession.objects.filter(cohort=cohort))
    members = (
        Membership.objects.active()
        .filter(cohort=cohort)
        .order_by("user__full_name", "user__email")
        .values_list("user_id", "user__full_name", "user__email", "joined_at")
    )
    # A subquery rather than a list of 500 ids: binding long IN lists costs more than the query.
    user_ids = Membership.objects.active().filter(cohort=cohort).values("user_id")
    done = Q(completed_at__isnull=False)
    aggregates = {
        # Completed rows have completed_at >= started_at, so this is the latest of both.
        "last": Max(Coalesce("completed_at", "started_at")),
        "completed": Count("pk", filter=done & Q(step_id__in=required_ids))
        if required_ids
        else Value(0),
        "due_done": Count("pk", filter=done & Q(step_id__in=due_required_ids))
        if due_required_ids
        else Value(0),
    }
    progress = {
        user_id: (last, completed, due_done)
        for user_id, last, completed, due_done in StepProgress.objects.filter(
            course_id=cohort.course_id, user_id__in=user_ids
        )
        .values("user_id")
        .annotate(**aggregates)
        .values_list("user_id", *aggregates)
    }
    held = sum(1 for s in sessions if not s.is_cancelled and s.has_ended(now))
    attended = attended_counts(cohort=cohort, now=now) if held else {}
    completed_learners = Enrollment.objects.filter(
        course=cohort.course, user_id__in=user_ids, status=EnrollmentStatus.COMPLETED
    ).count()
    inactive_after = now - timedelta(days=cohort.inactivity_days)
    n_required = len(required_ids)
    n_due = len(due_required_ids)
    rows = []
    at_risk = []
    nothing = (None, 0, 0)
    for user_id, full_name, email, joined_at in members:
        last, completed, due_done = progress.get(user_id, nothing)
        row = LearnerRow(
            user=MemberRef(user_id, full_name, email),
            completed=completed,
            last_activity=last,
            quiet_since=last or joined_at,
            attended=attended.get(user_id, 0),
            behind=n_due - due_done,
        )
        quiet_since = last or joined_at
        if quiet_since < inactive_after and completed < n_required:
            row.at_risk_reasons.append("inactive")
        if row.behind > 0:
            row.at_risk_reasons.append("behind")
        if row.at_risk_reasons:
            at_risk.append(row)
        rows.append(row)
    # The longest silent first: they need the trainer most.
    at_risk.sort(key=lambda r: cast(datetime, r.quiet_since))  # always set above
    # Django's paginator: a page number that is not a number shows the first page, one past
    # the end (or below 1) the last.
    shown = Paginator(rows, per_page).get_page(page)
    page_rows = shown.object_list
    page_user_ids = [row.user.pk for row in page_rows]
    cells: dict[tuple[int, int], str] = {}
    if page_user_ids:
        # An integer flag rather than completed_at: no datetime to parse per cell.
        for user_id, step_id, is_done in StepProgress.objects.filter(
            course_id=cohort.course_id, user_id__in=page_user_ids
        ).values_list(
            "user_id",
            "step_id",
            Case(When(completed_at__isnull=True, then=0), default=1, output_field=IntegerField()),
        ):
            cells[(user_id, step_id)] = "done" if is_done else "started"
    scores = _quiz_scores(user_ids=page_user_ids, step_ids=step_ids) if page_user_ids else {}
    for row in page_rows:
        uid = row.user.pk
        row.cells = [(cells.get((uid, sid), ""), scores.get((uid, sid))) for sid in step_ids]
    return CohortOverview(
        cohort=cohort,
        steps=steps,
        rows=list(page_rows),
        at_risk=at_risk,
        total_learners=len(rows),
        completed_learners=completed_learners,
        sessions=sessions,
        held=held,
        required_count=n_required,
        page_number=shown.number,
        page_count=shown.paginator.num_pages,
    )


def cohort_member_names(*, cohort: Cohort) -> dict[int, str]:
    """{user id: name (or e-mail)} of the cohort's active members, by name, in one query."""
    return {
        pk: name or email
        for pk, name, email in Membership.objects.active()
        .filter(cohort=cohort)
        .order_by("user__full_name", "user__email")
        .values_list("user_id", "user__full_name", "user__email")
    }


def cohort_participants(*, cohort: Cohort) -> tuple[list[Membership], list[Membership]]:
    """The cohort's active members and, apart, the people trainers removed (two lists, one
    query), by name."""
    active: list = []
    withdrawn: list = []
    for membership in (
        Membership.objects.filter(cohort=cohort)
        .exclude(status=MembershipStatus.INVITED)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ):
        (active if membership.status == MembershipStatus.ACTIVE else withdrawn).append(membership)
    return active, withdrawn


def cohort_invitations_pending(*, cohort: Cohort) -> list[Membership]:
    """Existing accounts invited to the cohort who have not answered yet, by name."""
    return list(
        Membership.objects.invited()
        .filter(cohort=cohort)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def invitations_for(*, user) -> list[Membership]:
    """The learner's own pending invitations (their dashboard and the invitations page)."""
    if not user.is_authenticated:
        return []
    return list(Membership.objects.invited().filter(user=user).select_related("cohort__course"))


def memberships_of(*, user) -> list[Membership]:
    """The learner's active and invited memberships with cohorts and courses: one query that
    the dashboard's three cohort panels share, and all they need for most learners (none)."""
    if not user.is_authenticated:
        return []
    statuses = [MembershipStatus.ACTIVE, MembershipStatus.INVITED]
    memberships = Membership.objects.filter(user=user, status__in=statuses)
    return list(memberships.select_related("cohort__course").order_by("cohort__start_date"))


def session_attendance_grid(*, session: LiveSession) -> list[tuple[Membership, Attendance | None]]:
    records = {a.user_id: a for a in Attendance.objects.filter(session=session)}
    return [
        (m, records.get(m.user_id))
        for m in Membership.objects.active()
        .filter(cohort_id=session.cohort_id)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ]


# --- Learners ---------------------------------------------------------------------------------


def _release_message(release: datetime, zone: zoneinfo.ZoneInfo) -> str:
    local = release.astimezone(zone)
    day = date_format(local.date(), "DATE_FORMAT")
    if local.time() == time.min:
        return _("This module opens on %(date)s.") % {"date": day}
    return _("This module opens at %(time)s on %(date)s.") % {
        "date": day,
        "time": time_format(local.time(), "TIME_FORMAT"),
    }


SCHEDULED_COURSES_KEY = "cohorts:scheduled-course-ids"


def scheduled_course_ids() -> frozenset[int]:
    """Courses that at least one scheduled-pacing cohort runs, from the cache: every lesson
    page asks, and most learners of most courses are in no such cohort. Forgotten whenever a
    cohort is saved or deleted (cohorts/signal_handlers.py)."""
    ids = cache.get(SCHEDULED_COURSES_KEY)
    if ids is None:
        ids = frozenset(
            Cohort.objects.filter(pacing=Pacing.SCHEDULED).values_list("course_id", flat=True)
        )
        cache.set(SCHEDULED_COURSES_KEY, ids, 3600)
    return ids


def scheduled_courses_forget() -> None:
    cache.delete(SCHEDULED_COURSES_KEY)


def unreleased_modules(*, user, course_ids, now: datetime | None = None) -> dict[int, str]:
    """Modules of these courses that the learner's cohorts have not released yet: module page
    id -> why it is closed ("This module opens on 12 March 2027."), in the learner's zone.

    Only active memberships of scheduled-pacing cohorts lock anything. A learner in several
    cohorts of one course gets the earliest release: a module stays closed only while every
    one of their cohorts of that course keeps it closed (a self-paced cohort, or one that does
    not schedule the module, opens it). One query, on the learner's memberships (indexed by
    user), whatever the number of courses."""
    if not user.is_authenticated or not course_ids:
        return {}
    scheduled = scheduled_course_ids()
    course_ids = [pk for pk in course_ids if pk in scheduled]
    if not course_ids:  # no scheduled cohort runs these courses: nothing can be closed
        return {}
    now = now or timezone.now()
    rows = (
        Membership.objects.active()
        .filter(user=user, cohort__course_id__in=course_ids)
        .values_list(
            "cohort_id",
            "cohort__course_id",
            "cohort__pacing",
            "cohort__start_date",
            "cohort__time_zone",
            "cohort__module_schedules__module_id",
            "cohort__module_schedules__release_day",
        )
    )
    cohorts_of_course: dict[int, set[int]] = {}
    # module id -> {cohort id: release moment}, only for releases still in the future.
    closed: dict[int, dict[int, datetime]] = {}
    course_of_module: dict[int, int] = {}
    for cohort_id, course_id, pacing, start, zone, module_id, release_day in rows:
        cohorts_of_course.setdefault(course_id, set()).add(cohort_id)
        if pacing != Pacing.SCHEDULED or module_id is None:
            continue
        opens = datetime.combine(
            start + timedelta(days=release_day), time.min, tzinfo=zoneinfo.ZoneInfo(zone or "UTC")
        )
        if opens > now:
            closed.setdefault(module_id, {})[cohort_id] = opens
            course_of_module[module_id] = course_id
    if not closed:
        return {}
    try:
        learner_zone = zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        learner_zone = zoneinfo.ZoneInfo("UTC")
    locks = {}
    for module_id, releases in closed.items():
        if set(releases) == cohorts_of_course[course_of_module[module_id]]:
            locks[module_id] = _release_message(min(releases.values()), learner_zone)
    return locks


@dataclass
class LearnerCohort:
    cohort: Cohort
    sessions: list[LiveSession]
    next_session: LiveSession | None
    due_dates: list[tuple[str, datetime]]


def learner_cohorts(*, user, now: datetime | None = None, cohorts=None) -> list[LearnerCohort]:
    """The learner's active cohorts (`cohorts`, when read already) with sessions and dues."""
    now = now or timezone.now()
    if cohorts is None:
        mine = Cohort.objects.filter(memberships__in=Membership.objects.active().filter(user=user))
        cohorts = list(mine.select_related("course").order_by("start_date"))
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
        upcoming = [s for s in sessions if s.ends_at > now and not s.is_cancelled]
        result.append(
            LearnerCohort(
                cohort=cohort,
                sessions=sessions,
                next_session=upcoming[0] if upcoming else None,
                due_dates=sorted(schedules[cohort.pk], key=lambda item: item[1]),
            )
        )
    return result


def _member_or_trainer(user) -> Q:
    """Sessions of cohorts this person is an active member of, or trains."""
    return Q(
        cohort__memberships__user=user, cohort__memberships__status=MembershipStatus.ACTIVE
    ) | Q(cohort__trainers=user)


def session_for_member(*, user, pk) -> LiveSession:
    """A session the person may see: as a member or a trainer of its cohort."""
    qs = LiveSession.objects.select_related("cohort")
    if not user.is_superuser:
        qs = qs.filter(_member_or_trainer(user)).distinct()
    return get_object_or_404(qs, pk=pk)


def sessions_for_feed_user(user) -> list[LiveSession]:
    return list(
        LiveSession.objects.filter(_member_or_trainer(user))
        .select_related("cohort")
        .distinct()
        .order_by("starts_at")
    )
