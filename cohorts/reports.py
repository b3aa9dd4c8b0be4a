"""The numbers funders ask for: per-cohort tables (enrolments, completions, certificates,
attendance) and a summary broken down by country, sex and type of organisation.

Certificates are read through `certificates.selectors.certificates_issued`, the one read of
certificates cohorts makes (docs/decisions/learning-layers-and-lint-gates.md).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.utils.translation import gettext as _
from django_countries import countries

from certificates.selectors import certificates_issued
from courses.models import Enrollment, EnrollmentStatus, StepProgress
from learning.models import OrganisationType, Sex

from .attendance import attended_counts, held_sessions
from .exports import Table
from .models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    Membership,
    MembershipSource,
    MembershipStatus,
)
from .selectors import cohort_steps

EXPORT_KINDS = ("enrolments", "completions", "certificates", "attendance")


@dataclass(slots=True)
class _Person:
    full_name: str
    email: str
    country: str  # ISO code, as stored
    organisation: str
    organisation_type: str
    sex: str


@dataclass(slots=True)
class _Member:
    user_id: int
    user: _Person
    joined_at: object
    source: str
    status: str
    withdrawn_at: object


@dataclass(slots=True)
class _Enrollment:
    status: str
    completed_at: object


@dataclass(slots=True)
class _Attended:
    minutes: int | None
    status: str


_PERSON_FIELDS = tuple(f"user__{name}" for name in _Person.__slots__)


def _members(cohort: Cohort, *, withdrawn: bool = False) -> list[_Member]:
    """Active members; with `withdrawn`, also the people trainers removed (enrolment export).

    Plain rows, not model instances: 500 members with their users cost more to build as models
    (and django-countries' descriptor) than the query itself."""
    # A pending invitation is not a membership yet: it never counts.
    qs = Membership.objects.filter(cohort=cohort).exclude(status=MembershipStatus.INVITED)
    if not withdrawn:
        qs = qs.filter(status=MembershipStatus.ACTIVE)
    return [
        _Member(row[0], _Person(*row[1:7]), *row[7:])
        for row in qs.order_by("user__full_name", "user__email").values_list(
            "user_id", *_PERSON_FIELDS, "joined_at", "source", "status", "withdrawn_at"
        )
    ]


def _enrollments(cohort: Cohort, user_ids) -> dict[int, _Enrollment]:
    return {
        user_id: _Enrollment(status, completed_at)
        for user_id, status, completed_at in Enrollment.objects.filter(
            course=cohort.course, user_id__in=user_ids
        ).values_list("user_id", "status", "completed_at")
    }


def enrollments_model():
    return Enrollment


def _local(moment, zone):
    """A datetime of the export in the cohort's zone (named in its column's header), or None:
    a date cell in XLSX, "YYYY-MM-DD HH:MM" in CSV."""
    if not moment:
        return None
    return moment.astimezone(zone) if isinstance(moment, datetime) else moment


def _zoned(label: str, cohort: Cohort) -> str:
    return _("%(label)s (%(zone)s)") % {"label": label, "zone": cohort.time_zone or "UTC"}


class _Labels:
    """Choice labels translated once per export. Model `get_*_display()` flattens and hashes
    every choice on each call (250 countries), which dominated a 500-row export."""

    def __init__(self):
        self.countries = {code: str(name) for code, name in countries}
        self.org_types = {k: str(v) for k, v in OrganisationType.choices}
        self.sexes = {k: str(v) for k, v in Sex.choices}
        self.attendance = {k: str(v) for k, v in AttendanceStatus.choices}
        self.sources = {k: str(v) for k, v in MembershipSource.choices}
        self.membership = {k: str(v) for k, v in MembershipStatus.choices}

    def person(self, user) -> list:
        return [
            user.full_name,
            user.email,
            self.countries.get(str(user.country), ""),
            user.organisation,
            self.org_types.get(user.organisation_type, ""),
            self.sexes.get(user.sex, ""),
        ]


def _person_header() -> list[str]:
    return [
        _("Name"),
        _("E-mail"),
        _("Country"),
        _("Organisation"),
        _("Type of organisation"),
        _("Sex"),
    ]


@dataclass(slots=True)
class _Export:  # what every export table starts from
    cohort: Cohort
    members: list
    user_ids: object  # a queryset of the members' user ids, kept as a subquery
    enrollments: dict
    labels: "_Labels"


def export_table(*, cohort: Cohort, kind: str) -> Table:
    """One export (`EXPORT_KINDS`) of the cohort, built by its builder in `_BUILDERS`."""
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise ValueError(kind)
    members = _members(cohort, withdrawn=kind == "enrolments")
    user_ids = (
        Membership.objects.filter(cohort=cohort)
        .exclude(status=MembershipStatus.INVITED)
        .values("user_id")
    )
    if kind != "enrolments":
        user_ids = user_ids.filter(status=MembershipStatus.ACTIVE)
    enrollments = _enrollments(cohort, user_ids) if kind in ("enrolments", "completions") else {}
    return builder(_Export(cohort, members, user_ids, enrollments, _Labels()))


def _enrolments_table(ctx: _Export) -> Table:
    cohort, members, zone = ctx.cohort, ctx.members, ctx.cohort.tz
    labels, _person = ctx.labels, ctx.labels.person
    enrollments = ctx.enrollments
    statuses = {k: str(v) for k, v in enrollments_model()._meta.get_field("status").choices}
    rows = []
    for m in members:
        enrollment = enrollments.get(m.user_id)
        rows.append(
            [
                *_person(m.user),
                _local(m.joined_at, zone),
                str(labels.sources.get(m.source, m.source)),
                labels.membership[m.status],
                _local(m.withdrawn_at, zone),
                statuses.get(enrollment.status, "") if enrollment else "",
            ]
        )
    return Table(
        _("Enrolments"),
        [
            *_person_header(),
            _zoned(_("Joined"), cohort),
            _("How"),
            _("In the cohort"),
            _zoned(_("Withdrawn on"), cohort),
            _("Course status"),
        ],
        rows,
    )


def _completions_table(ctx: _Export) -> Table:
    cohort, members, user_ids, zone = ctx.cohort, ctx.members, ctx.user_ids, ctx.cohort.tz
    _person, enrollments = ctx.labels.person, ctx.enrollments
    required = [c.page.pk for c in cohort_steps(cohort) if getattr(c.page, "is_required", True)]
    done = dict(
        StepProgress.objects.filter(
            course=cohort.course,
            user_id__in=user_ids,
            step_id__in=required,
            completed_at__isnull=False,
        )
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    rows = []
    for m in members:
        enrollment = enrollments.get(m.user_id)
        completed = bool(enrollment and enrollment.status == EnrollmentStatus.COMPLETED)
        n = done.get(m.user_id, 0)
        rows.append(
            [
                *_person(m.user),
                n,
                len(required),
                round(100 * n / len(required)) if required else 0,
                _("yes") if completed else _("no"),
                _local(enrollment.completed_at, zone) if completed else None,
            ]
        )
    return Table(
        _("Completions"),
        [
            *_person_header(),
            _("Required steps completed"),
            _("Required steps"),
            _("Progress (%)"),
            _("Course completed"),
            _zoned(_("Completed on"), cohort),
        ],
        rows,
    )


def _certificates_table(ctx: _Export) -> Table:
    cohort, members, user_ids, zone = ctx.cohort, ctx.members, ctx.user_ids, ctx.cohort.tz
    _person = ctx.labels.person
    issued = certificates_issued(course_id=cohort.course_id, user_ids=user_ids)
    rows = []
    for m in members:
        if m.user_id in issued:
            status, when = _("yes"), _local(issued[m.user_id], zone)
        else:
            status, when = _("no"), None
        rows.append([*_person(m.user), status, when])
    return Table(
        _("Certificates"),
        [*_person_header(), _("Certificate"), _zoned(_("Issued on"), cohort)],
        rows,
    )


def _attendance_table(ctx: _Export) -> Table:
    cohort, members, zone = ctx.cohort, ctx.members, ctx.cohort.tz
    labels, _person = ctx.labels, ctx.labels.person
    # Only sessions already held count (cohorts/attendance.py): a cancelled one or one still to
    # come has no column, and is nobody's absence.
    sessions = list(held_sessions(cohort=cohort))
    records = {
        (user_id, session_id): _Attended(minutes, status)
        for user_id, session_id, minutes, status in Attendance.objects.filter(
            session__cohort=cohort
        ).values_list("user_id", "session_id", "minutes", "status")
    }
    header = [*_person_header()]
    for s in sessions:
        label = f"{s.title} ({s.starts_at.astimezone(zone):%Y-%m-%d})"
        header += [
            _("%(session)s: minutes") % {"session": label},
            _("%(session)s: status") % {"session": label},
        ]
    header += [_("Sessions attended"), _("Live sessions held")]
    rows = []
    absent = labels.attendance[AttendanceStatus.ABSENT]
    for m in members:
        row = [*_person(m.user)]
        present = 0
        for s in sessions:
            record = records.get((m.user_id, s.pk))
            row.append(record.minutes if record and record.minutes is not None else "")
            row.append(labels.attendance[record.status] if record else absent)
            present += bool(record and record.status == AttendanceStatus.PRESENT)
        row += [present, len(sessions)]
        rows.append(row)
    return Table(_("Attendance"), header, rows)


_BUILDERS = {
    "enrolments": _enrolments_table,
    "completions": _completions_table,
    "certificates": _certificates_table,
    "attendance": _attendance_table,
}


# --- Summary ----------------------------------------------------------------------------------


@dataclass
class Breakdown:
    dimension: str
    label: str
    rows: list[dict]  # {"label", "enrolled", "completed", "certified", "attended"}


def funder_summary(*, cohort: Cohort) -> dict:
    """Totals and breakdowns by country, sex and organisation type."""

    members = _members(cohort)
    user_ids = Membership.objects.active().filter(cohort=cohort).values("user_id")
    enrollments = _enrollments(cohort, user_ids)
    certified = certificates_issued(course_id=cohort.course_id, user_ids=user_ids)
    sessions_total = held_sessions(cohort=cohort).count()
    present = attended_counts(cohort=cohort) if sessions_total else {}
    threshold = cohort.report_attendance_threshold
    needed = -(-sessions_total * threshold // 100) if sessions_total else 0

    def facts(user_id):
        enrollment = enrollments.get(user_id)
        return {
            "completed": bool(enrollment and enrollment.status == EnrollmentStatus.COMPLETED),
            "certified": user_id in certified,
            "attended": bool(sessions_total and present.get(user_id, 0) >= needed),
        }

    labels = _Labels()
    not_given = _("Not given")
    dims = [
        ("country", _("Country"), lambda u: labels.countries.get(str(u.country), not_given)),
        ("sex", _("Sex"), lambda u: labels.sexes.get(u.sex, not_given)),
        (
            "organisation_type",
            _("Type of organisation"),
            lambda u: labels.org_types.get(u.organisation_type, not_given),
        ),
    ]
    breakdowns = []
    per_user = {m.user_id: facts(m.user_id) for m in members}
    for key, label, value_of in dims:
        counts: dict[str, Counter] = {}
        for m in members:
            bucket = counts.setdefault(value_of(m.user), Counter())
            bucket["enrolled"] += 1
            for fact, yes in per_user[m.user_id].items():
                bucket[fact] += int(yes)
        rows = [
            {"label": name, **{k: c[k] for k in ("enrolled", "completed", "certified", "attended")}}
            for name, c in sorted(counts.items(), key=lambda item: (-item[1]["enrolled"], item[0]))
        ]
        top = max((r["enrolled"] for r in rows), default=0)
        for r in rows:
            r["width"] = round(100 * r["enrolled"] / top) if top else 0
            r["completed_width"] = round(100 * r["completed"] / top) if top else 0
        breakdowns.append(Breakdown(key, label, rows))
    totals = Counter()
    for f in per_user.values():
        for k, v in f.items():
            totals[k] += int(v)
    return {
        "enrolled": len(members),
        "withdrawn": Membership.objects.filter(
            cohort=cohort, status=MembershipStatus.WITHDRAWN
        ).count(),
        "completed": totals["completed"],
        "certified": totals["certified"],
        "attended": totals["attended"],
        "attendance_needed": needed,
        "sessions": sessions_total,
        "countries": len({m.user.country for m in members if m.user.country}),
        "breakdowns": breakdowns,
    }
