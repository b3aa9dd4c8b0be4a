"""Cohorts, who is in them, and how people get in: invitation, join link, bulk import."""

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.services import enrollment_create
from learning.audit import audit_record
from learning.models.audit import AuditAction
from learning.services import user_create

from ..hooks import attendance_changed
from ..importing import ParsedRow
from ..importing import ParsedRow as Row
from ..models import (
    Cohort,
    EnrollmentMode,
    Membership,
    MembershipSource,
    MembershipStatus,
    ModuleSchedule,
)
from ..tasks import send_invitations

User = get_user_model()


def _removed_message() -> str:
    return _("You were removed from this cohort. Ask its trainers if you should be in it.")


@transaction.atomic
def cohort_create(*, course, name: str, start_date: date, end_date: date, trainers=(), **fields):
    cohort = Cohort(course=course, name=name, start_date=start_date, end_date=end_date, **fields)
    cohort.full_clean()
    cohort.save()
    if trainers:
        cohort.trainers.add(*trainers)
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, trainers=None, **fields) -> Cohort:
    # From the row, not the instance: a ModelForm has already set the new values on it.
    rules_before = (
        Cohort.objects.filter(pk=cohort.pk)
        .values_list("attendance_threshold", "certificate_template_id")
        .first()
    )
    for key, value in fields.items():
        setattr(cohort, key, value)
    cohort.full_clean()
    if cohort.capacity is not None:
        members = cohort.memberships.active().count()
        if cohort.capacity < members:
            raise ValidationError(
                {
                    "capacity": ngettext(
                        "%(n)s person is already in the cohort: the capacity cannot be lower.",
                        "%(n)s people are already in the cohort: the capacity cannot be lower.",
                        members,
                    )
                    % {"n": members}
                }
            )
    cohort.save()
    if trainers is not None:
        cohort.trainers.set(trainers)
    if (cohort.attendance_threshold, cohort.certificate_template_id) != tuple(rules_before or ()):
        # A lower threshold or a new template may make members' certificates due.
        attendance_changed(
            course_id=cohort.course_id,
            user_ids=cohort.memberships.active().values_list("user_id", flat=True),
        )
    return cohort


def _schedule_problem(*, cohort: Cohort, module, release_day: int, due_day: int) -> str | None:
    last_day = (cohort.end_date - cohort.start_date).days
    if not module.path.startswith(cohort.course.path) or module.pk == cohort.course_id:
        return _("This module is not part of the cohort's course.")
    if release_day < 0 or due_day < 0:
        return _("Count days from the cohort's start: 0 or more.")
    if due_day < release_day:
        return _("A module cannot be due before it opens.")
    if due_day > last_day:
        return _("Day %(day)s is after the cohort ends (its last day is day %(last)s).") % {
            "day": due_day,
            "last": last_day,
        }
    return None


@transaction.atomic
def module_schedule_set(*, cohort: Cohort, module, release_day: int, due_day: int):
    problem = _schedule_problem(
        cohort=cohort, module=module, release_day=release_day, due_day=due_day
    )
    if problem:
        raise ValidationError(problem)
    schedule, _created = ModuleSchedule.objects.update_or_create(
        cohort=cohort, module=module, defaults={"release_day": release_day, "due_day": due_day}
    )
    return schedule


@transaction.atomic
def module_schedules_save(*, cohort: Cohort, entries: dict) -> None:
    """Save the release and due days of several modules: {module: (release_day, due_day)}.
    Every row is checked first; if one is wrong, nothing is written and ValidationError maps
    each wrong module's id to its message."""
    problems = {
        str(module.pk): problem
        for module, (release, due) in entries.items()
        if (
            problem := _schedule_problem(
                cohort=cohort, module=module, release_day=release, due_day=due
            )
        )
    }
    if problems:
        raise ValidationError(problems)
    for module, (release, due) in entries.items():
        module_schedule_set(cohort=cohort, module=module, release_day=release, due_day=due)


def cohort_seats_left(*, cohort: Cohort) -> int | None:
    if cohort.capacity is None:
        return None
    return max(0, cohort.capacity - cohort.memberships.active().count())


def cohort_enrollment_problem(
    *, cohort: Cohort, today: date | None = None, user=None
) -> str | None:
    """Why a new person (or this one) cannot join right now, or None."""
    if (
        user is not None
        and Membership.objects.filter(
            cohort=cohort, user=user, status=MembershipStatus.WITHDRAWN
        ).exists()
    ):
        return _removed_message()
    today = today or timezone.now().astimezone(cohort.tz).date()
    if cohort.enrollment_opens and today < cohort.enrollment_opens:
        return _("Enrolment opens on %(date)s.") % {"date": cohort.enrollment_opens.isoformat()}
    closes = cohort.enrollment_closes or cohort.end_date
    if today > closes:
        return _("Enrolment for this cohort has closed.")
    if cohort_seats_left(cohort=cohort) == 0:
        return _("This cohort is full.")
    return None


@transaction.atomic
def membership_create(*, cohort: Cohort, user, source: str, invited: bool = False) -> Membership:
    """Put a person in a cohort and enrol them in its course (both idempotent).

    Raises ValidationError when the cohort is full or the course's prerequisites are unmet.
    """
    # Lock the cohort row so that two people cannot take the last seat at once.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    existing = Membership.objects.filter(cohort=cohort, user=user).first()
    if existing and existing.status == MembershipStatus.ACTIVE:
        return existing
    if cohort.capacity is not None and cohort.memberships.active().count() >= cohort.capacity:
        raise ValidationError(_("This cohort is full."))
    enrollment_create(user=user, course=cohort.course)
    now = timezone.now()
    if existing:
        # A trainer brings back someone who was withdrawn: same row, active again.
        existing.status = MembershipStatus.ACTIVE
        existing.withdrawn_at = None
        existing.source = source
        existing.joined_at = now
        existing.invited_at = now if invited else existing.invited_at
        existing.full_clean()
        existing.save()
        return existing
    membership = Membership(
        cohort=cohort,
        user=user,
        source=source,
        invited_at=now if invited else None,
    )
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, cohort: Cohort, user) -> Membership:
    """Take a person out of the cohort: the membership is withdrawn, not deleted.

    Their seat is freed and they leave the cohort's dashboard, attendance, messages, reminders,
    calendar, release dates and certificate rules. What is theirs stays: the course enrolment,
    the progress and quiz attempts, and the attendance already recorded (funders' exports list
    the withdrawal). Raises ValidationError if they are not an active member."""
    membership = (
        Membership.objects.select_for_update()
        .filter(cohort=cohort, user=user, status=MembershipStatus.ACTIVE)
        .first()
    )
    if membership is None:
        raise ValidationError(_("This person is not in the cohort."))
    membership.status = MembershipStatus.WITHDRAWN
    membership.withdrawn_at = timezone.now()
    membership.full_clean()
    membership.save(update_fields=["status", "withdrawn_at"])
    return membership


def cohort_join(*, cohort: Cohort, user, key: str) -> Membership:
    """A learner follows the cohort's join link."""
    if cohort.enrollment_mode != EnrollmentMode.JOIN_LINK or not secrets.compare_digest(
        key, cohort.join_key
    ):
        raise PermissionDenied(_("This join link is not valid."))
    existing = Membership.objects.filter(cohort=cohort, user=user).first()
    if existing and existing.status == MembershipStatus.ACTIVE:
        return existing
    if existing and existing.status == MembershipStatus.WITHDRAWN:
        # Trainers removed this person; only they can bring them back (invite or import).
        raise ValidationError(_removed_message())
    problem = cohort_enrollment_problem(cohort=cohort)
    if problem:
        raise ValidationError(problem)
    return membership_create(cohort=cohort, user=user, source=MembershipSource.JOIN_LINK)


# --- Bulk import ------------------------------------------------------------------------------


class ImportAction:
    NEW = "new"
    EXISTING = "existing"
    MEMBER = "member"
    ERROR = "error"


@dataclass
class PlannedRow:
    line: int
    values: dict
    action: str
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[PlannedRow]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def new(self) -> int:
        return self.count(ImportAction.NEW)

    @property
    def existing(self) -> int:
        return self.count(ImportAction.EXISTING)

    @property
    def members(self) -> int:
        return self.count(ImportAction.MEMBER)

    @property
    def errors(self) -> int:
        return self.count(ImportAction.ERROR)

    @property
    def to_add(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action in (ImportAction.NEW, ImportAction.EXISTING)]


def participants_import_plan(*, cohort: Cohort, rows: list[ParsedRow]) -> ImportPlan:
    """The dry run: what committing these rows would do, row by row. Writes nothing.

    A new address gets an account and a seat; an existing account only gets an invitation
    that its owner accepts or declines (an import never changes or enrols someone else's
    account), so invitations take no seat until accepted."""
    emails = [row.values["email"] for row in rows if row.ok]
    existing = {
        email.lower(): user_id
        for email, user_id in User.objects.filter(email__in=emails).values_list("email", "pk")
    }
    statuses = dict(
        Membership.objects.filter(cohort=cohort, user_id__in=existing.values())
        .exclude(status=MembershipStatus.WITHDRAWN)
        .values_list("user_id", "status")
    )
    seats = cohort_seats_left(cohort=cohort)
    planned = []
    for row in rows:
        if not row.ok:
            planned.append(PlannedRow(row.line, row.values, ImportAction.ERROR, list(row.errors)))
            continue
        user_id = existing.get(row.values["email"])
        if user_id in statuses:
            message = (
                _("Already in this cohort.")
                if statuses[user_id] == MembershipStatus.ACTIVE
                else _("Already invited; waiting for their answer.")
            )
            planned.append(PlannedRow(row.line, row.values, ImportAction.MEMBER, [message]))
            continue
        if user_id:
            message = _("Existing account: invited to join; they accept or decline.")
            planned.append(PlannedRow(row.line, row.values, ImportAction.EXISTING, [message]))
            continue
        if seats is not None:
            if seats <= 0:
                message = _("The cohort is full (capacity %(n)s).") % {"n": cohort.capacity}
                planned.append(PlannedRow(row.line, row.values, ImportAction.ERROR, [message]))
                continue
            seats -= 1
        message = _("New account: created, added to the cohort and invited.")
        planned.append(PlannedRow(row.line, row.values, ImportAction.NEW, [message]))
    return ImportPlan(planned)


def membership_invite(*, cohort: Cohort, user, source: str) -> Membership:
    """A pending invitation for an existing account: not a member, not enrolled, nothing
    of the account changed. A withdrawn membership becomes an invitation again."""
    now = timezone.now()
    membership = Membership.objects.filter(cohort=cohort, user=user).first()
    if membership is None:
        membership = Membership(cohort=cohort, user=user)
    elif membership.status == MembershipStatus.ACTIVE:
        return membership
    membership.status = MembershipStatus.INVITED
    membership.withdrawn_at = None
    membership.source = source
    membership.invited_at = now
    membership.full_clean()
    membership.save()
    return membership


def participants_import_commit(
    *,
    cohort: Cohort,
    rows: list[ParsedRow],
    invited_by=None,
    source: str = MembershipSource.IMPORT,
):
    """Create accounts for new addresses (added and invited), invite existing accounts, and
    audit the import. Roles and profiles of existing accounts are never touched.

    The plan is worked out again at commit time, so rows that became invalid since the dry run
    (the cohort filled up, someone joined) are reported, not forced. Returns the plan applied.
    """
    plan = participants_import_plan(cohort=cohort, rows=rows)
    invited_ids = []
    with transaction.atomic():
        for row in plan.to_add:
            values = row.values
            if row.action == ImportAction.EXISTING:
                user = User.objects.get(email__iexact=values["email"])
                invited_ids.append(membership_invite(cohort=cohort, user=user, source=source).pk)
                continue
            profile = {
                key: values[key]
                for key in ("country", "organisation", "organisation_type", "sex")
                if values.get(key)
            }
            user = user_create(
                email=values["email"],
                password=None,
                full_name=values["name"],
                verified=True,
                **profile,
            )
            membership = membership_create(cohort=cohort, user=user, source=source, invited=True)
            invited_ids.append(membership.pk)
        audit_record(
            actor=invited_by,
            action=AuditAction.IMPORT,
            target=cohort,
            detail={
                "kind": "participants",
                "source": str(source),
                "rows": len(plan.rows),
                "new_accounts": plan.new,
                "invitations": plan.existing,
                "already_members": plan.members,
                "errors": plan.errors,
            },
        )
        if invited_ids:
            inviter = invited_by.pk if invited_by else None
            transaction.on_commit(
                lambda: send_invitations.delay(membership_ids=invited_ids, inviter_id=inviter)
            )
    return plan


@transaction.atomic
def invitation_answer(*, membership_id: int, user, accept: bool) -> Membership | None:
    """The invited person accepts (joins and is enrolled) or declines (the invitation goes).
    Another person's invitation does not exist for them (404 in the view)."""
    membership = (
        Membership.objects.select_for_update().invited().filter(pk=membership_id, user=user).first()
    )
    if membership is None:
        raise Membership.DoesNotExist
    if not accept:
        membership.delete()
        return None
    return membership_create(cohort=membership.cohort, user=user, source=membership.source)


def participant_invite(*, cohort: Cohort, email: str, full_name: str, invited_by=None):
    """Invite one person by e-mail (an account is created if needed)."""
    row = Row(
        line=1,
        values={
            "name": full_name.strip(),
            "email": email.strip().lower(),
            "country": "",
            "organisation": "",
            "organisation_type": "",
            "sex": "",
        },
    )

    validate_email(row.values["email"])
    if not row.values["name"]:
        raise ValidationError(_("The name is missing."))
    plan = participants_import_plan(cohort=cohort, rows=[row])
    planned = plan.rows[0]
    if planned.action == ImportAction.ERROR:
        raise ValidationError(planned.messages)
    if planned.action == ImportAction.MEMBER:
        raise ValidationError(planned.messages)
    return participants_import_commit(
        cohort=cohort, rows=[row], invited_by=invited_by, source=MembershipSource.INVITATION
    )
