"""The facts a programme report is made of: one row per active membership of the programme's
cohorts, read in a fixed number of queries whatever the number of cohorts and learners.

Nothing here leaves this module with a name or an e-mail: a `Fact` holds a user id (to count
distinct people) and the attributes funders break numbers down by.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from casestudies.regions import region_for
from certificates.selectors import certificates_issued_pairs
from cohorts.models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    LiveSession,
    Membership,
    SessionStatus,
)
from courses.models import Enrollment, EnrollmentStatus
from courses.selectors import course_outlines_by_id

from .hooks import quiz_scores
from .models import Programme


@dataclass(frozen=True, slots=True)
class Fact:
    user_id: int
    cohort_id: int
    course_id: int
    year: int
    country: str  # ISO code or ""
    region: str  # casestudies.regions.Region value or ""
    sex: str
    organisation_type: str
    completed: bool
    certified: bool
    attended: bool
    quiz: float | None  # the learner's average quiz grade (%) in the cohort's course


def programme_cohorts(programme: Programme) -> list[Cohort]:
    return list(programme.cohorts.select_related("course").order_by("-start_date", "name"))


def _attended(cohorts: list[Cohort], member_ids) -> set[tuple[int, int]]:
    """(cohort id, user id) of members present at enough of the cohort's held sessions: the
    certificate's attendance rule, or the funder report's default share (cohorts.models)."""
    ids = [c.pk for c in cohorts]
    held = dict(
        LiveSession.objects.scheduled()
        .filter(cohort_id__in=ids)
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    needed = {
        c.pk: -(-held[c.pk] * c.report_attendance_threshold // 100)
        for c in cohorts
        if held.get(c.pk)
    }
    if not needed:
        return set()
    present = (
        Attendance.objects.filter(
            session__cohort_id__in=list(needed),
            session__status=SessionStatus.SCHEDULED,
            status=AttendanceStatus.PRESENT,
            user_id__in=member_ids,
        )
        .values("session__cohort_id", "user_id")
        .annotate(n=Count("pk"))
        .values_list("session__cohort_id", "user_id", "n")
    )
    return {(cohort_id, user_id) for cohort_id, user_id, n in present if n >= needed[cohort_id]}


def _quiz_averages(course_ids: list[int], user_ids: list[int]) -> dict[tuple[int, int], float]:
    """{(user id, course id): average grade (%) over the course's quizzes the learner took}."""
    outlines = course_outlines_by_id(course_ids)
    course_of = {step.pk: pk for pk, outline in outlines.items() for step in outline.steps}
    grades: dict[tuple[int, int], list[float]] = {}
    for (user_id, step_id), percent in quiz_scores(
        user_ids=user_ids, step_ids=list(course_of)
    ).items():
        grades.setdefault((user_id, course_of[step_id]), []).append(percent)
    return {key: sum(values) / len(values) for key, values in grades.items()}


def programme_facts(programme: Programme, cohorts: list[Cohort] | None = None) -> list[Fact]:
    """One `Fact` per active membership of the programme's cohorts."""
    cohorts = programme_cohorts(programme) if cohorts is None else cohorts
    if not cohorts:
        return []
    by_id = {c.pk: c for c in cohorts}
    course_ids = sorted({c.course_id for c in cohorts})
    members = list(
        Membership.objects.active()
        .filter(cohort_id__in=list(by_id))
        .values_list(
            "cohort_id", "user_id", "user__country", "user__sex", "user__organisation_type"
        )
    )
    user_ids = sorted({row[1] for row in members})
    member_ids = Membership.objects.active().filter(cohort_id__in=list(by_id)).values("user_id")
    completed = set(
        Enrollment.objects.filter(
            course_id__in=course_ids, user_id__in=member_ids, status=EnrollmentStatus.COMPLETED
        ).values_list("user_id", "course_id")
    )
    certified = certificates_issued_pairs(course_ids=course_ids, user_ids=member_ids)
    attended = _attended(cohorts, member_ids)
    quiz = _quiz_averages(course_ids, user_ids)
    facts = []
    for cohort_id, user_id, country, sex, org_type in members:
        cohort = by_id[cohort_id]
        pair = (user_id, cohort.course_id)
        country = str(country or "")
        facts.append(
            Fact(
                user_id=user_id,
                cohort_id=cohort_id,
                course_id=cohort.course_id,
                year=cohort.start_date.year,
                country=country,
                region=region_for(country),
                sex=sex or "",
                organisation_type=org_type or "",
                completed=pair in completed,
                certified=pair in certified,
                attended=(cohort_id, user_id) in attended,
                quiz=quiz.get(pair),
            )
        )
    return facts


def not_given() -> str:
    return _("Not given")
