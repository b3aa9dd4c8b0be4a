"""Cohorts: a group of learners taking one course together with trainers, live sessions
(webinars) and attendance.

What learners *do* in the course (enrolment, step progress) lives in the courses app; a
membership only records that a person belongs to this cohort. Joining calls
`courses.services.enrollment_create` (see cohorts/services/memberships.py).
"""

import math
import secrets
import zoneinfo
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learning.models.users import validate_time_zone
from learning.validators import validate_single_line

MAX_CAPACITY = 100_000
MAX_INACTIVITY_DAYS = 365
MAX_SCHEDULE_DAY = 3650
# Cohort dates: for archives and next years' planning, never near date.max (+ schedule days).
FIRST_COHORT_YEAR = 2000
COHORT_YEARS_AHEAD = 10
MAX_TEXT = 5000
# The funder report counts a learner as "attended" after this share (%) of the live sessions
# when the cohort sets no attendance rule for its certificate; the report page says so.
REPORT_ATTENDANCE_SHARE = 50


def new_token() -> str:
    """An unguessable URL-safe token (join keys, calendar feeds)."""
    return secrets.token_urlsafe(24)


class EnrollmentMode(models.TextChoices):
    INVITATION = "invitation", _("By invitation only (trainers invite or import)")
    JOIN_LINK = "join_link", _("Join link with a secret key")
    IMPORT = "import", _("Bulk import only")


class Pacing(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced within the cohort's dates")
    SCHEDULED = "scheduled", _("Modules released with due dates relative to the start")


class Cohort(models.Model):
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The name goes into every e-mail subject of the cohort: one line only.
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        related_name="trained_cohorts",
        blank=True,
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Dates, due dates and the times you type for live sessions use this zone."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text=_("Leave empty for no limit."),
    )
    enrollment_opens = models.DateField(_("enrolment opens"), null=True, blank=True)
    enrollment_closes = models.DateField(_("enrolment closes"), null=True, blank=True)
    enrollment_mode = models.CharField(
        _("enrolment"),
        max_length=16,
        choices=EnrollmentMode.choices,
        default=EnrollmentMode.INVITATION,
    )
    join_key = models.CharField(_("join key"), max_length=64, default=new_token, editable=False)
    feed_token = models.CharField(max_length=64, default=new_token, unique=True, editable=False)
    pacing = models.CharField(
        _("pacing"), max_length=16, choices=Pacing.choices, default=Pacing.SELF_PACED
    )
    presence_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("presence rule (% of a session)"),
        default=60,
        help_text=_("A participant is present at a live session after this share of its minutes."),
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance needed for the certificate (%)"),
        null=True,
        blank=True,
        help_text=_("Share of the cohort's live sessions attended. Leave empty: not required."),
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("certificate template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to use the course's template."),
    )
    inactivity_days = models.PositiveSmallIntegerField(
        _("at risk after (days without activity)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INACTIVITY_DAYS)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cohort_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(enrollment_opens__isnull=True)
                | Q(enrollment_closes__isnull=True)
                | Q(enrollment_closes__gte=F("enrollment_opens")),
                name="cohort_enrollment_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(presence_percent__gte=1) & Q(presence_percent__lte=100),
                name="cohort_presence_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(attendance_threshold__isnull=True)
                | (Q(attendance_threshold__gte=1) & Q(attendance_threshold__lte=100)),
                name="cohort_attendance_threshold_range",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="cohort_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cohorts:dashboard", args=[self.pk])

    @property
    def report_attendance_threshold(self) -> int:
        """The share (%) of live sessions the funder report counts as attended: the
        certificate's rule, or REPORT_ATTENDANCE_SHARE when the cohort has none."""
        if self.attendance_threshold is None:
            return REPORT_ATTENDANCE_SHARE
        return self.attendance_threshold

    def clean(self):
        errors = {}
        last_year = timezone.now().year + COHORT_YEARS_AHEAD
        for name in ("start_date", "end_date", "enrollment_opens", "enrollment_closes"):
            value = getattr(self, name)
            if value and not FIRST_COHORT_YEAR <= value.year <= last_year:
                errors[name] = _("Choose a date between %(first)s and %(last)s.") % {
                    "first": FIRST_COHORT_YEAR,
                    "last": last_year,
                }
        if errors:
            raise ValidationError(errors)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The cohort cannot end before it starts.")
        if (
            self.enrollment_opens
            and self.enrollment_closes
            and self.enrollment_closes < self.enrollment_opens
        ):
            errors["enrollment_closes"] = _("Enrolment cannot close before it opens.")
        if self.attendance_threshold is not None and not 1 <= self.attendance_threshold <= 100:
            errors["attendance_threshold"] = _("Give a percentage between 1 and 100.")
        if not 1 <= (self.presence_percent or 0) <= 100:
            errors["presence_percent"] = _("Give a percentage between 1 and 100.")
        if errors:
            raise ValidationError(errors)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone or "UTC")

    def join_url(self) -> str:
        return reverse("cohorts:join", args=[self.pk, self.join_key])

    def feed_url(self) -> str:
        return reverse("cohorts:cohort_feed", args=[self.feed_token])

    def day_start(self, offset_days: int):
        """Midnight, in the cohort's time zone, `offset_days` after the start date."""
        day = self.start_date + timedelta(days=offset_days)
        return datetime.combine(day, time.min, tzinfo=self.tz)

    def day_end(self, offset_days: int):
        """The last second of the day `offset_days` after the start, in the cohort's zone."""
        return self.day_start(offset_days + 1) - timedelta(seconds=1)


class ModuleSchedule(models.Model):
    """When a module opens and is due, in days after the cohort's start (scheduled pacing)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="module_schedules")
    module = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("module"), on_delete=models.CASCADE, related_name="+"
    )
    release_day = models.PositiveSmallIntegerField(
        _("opens on day"), default=0, validators=[MaxValueValidator(MAX_SCHEDULE_DAY)]
    )
    due_day = models.PositiveSmallIntegerField(
        _("due on day"), validators=[MaxValueValidator(MAX_SCHEDULE_DAY)]
    )

    class Meta:
        verbose_name = _("module schedule")
        ordering = ["due_day", "release_day"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "module"], name="cohort_module_unique"),
            models.CheckConstraint(
                condition=Q(due_day__gte=F("release_day")), name="cohort_module_due_after_release"
            ),
        ]

    def due_at(self):
        return self.cohort.day_end(self.due_day)


class MembershipSource(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    JOIN_LINK = "join_link", _("Join link")
    IMPORT = "import", _("Bulk import")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # An existing account named in an import or an invitation: nothing changes for them
    # until they accept (docs/decisions/cohorts-import-invitations.md).
    INVITED = "invited", _("Invited, not yet accepted")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)

    def invited(self):
        return self.filter(status=MembershipStatus.INVITED)


class Membership(models.Model):
    """A person in a cohort. A trainer's removal withdraws the membership rather than deleting
    it, so that funders' enrolment figures keep the people who left (see
    docs/decisions/cohorts-design.md); everything else counts active memberships only."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    source = models.CharField(max_length=16, choices=MembershipSource.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    invited_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="cohort_membership_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["active", "invited"], withdrawn_at__isnull=True)
                | Q(status="withdrawn", withdrawn_at__isnull=False),
                name="membership_withdrawn_at_with_status",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="membership_user_status")]

    def __str__(self) -> str:
        return f"{self.user} in {self.cohort}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class LiveSessionQuerySet(models.QuerySet):
    def scheduled(self):
        """Sessions that take place: a cancelled one stays in the calendars (marked
        cancelled) but leaves check-in and attendance counting."""
        return self.filter(status=SessionStatus.SCHEDULED)

    def held(self, now=None):
        """Not cancelled and already over: the sessions every attendance figure counts."""
        return self.scheduled().filter(ends_at__lte=now or timezone.now())


class LiveSession(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    # The title goes into reminder subjects and calendar entries: one line only.
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True, max_length=MAX_TEXT)
    starts_at = models.DateTimeField(_("start"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
    )
    join_url = models.URLField(
        pgettext_lazy("the address of a video call", "join link"),
        max_length=500,
        blank=True,
        help_text=_("BigBlueButton, Jitsi, Zoom or any other link."),
    )
    materials = models.TextField(
        _("materials"),
        blank=True,
        max_length=MAX_TEXT,
        help_text=_("Links or notes, one per line."),
    )
    recording_url = models.URLField(_("recording link"), max_length=500, blank=True)
    # Derived on every save: "held" is one indexed comparison (LiveSessionQuerySet.held).
    ends_at = models.DateTimeField(_("end"), blank=True, editable=False, db_index=True)
    uid = models.CharField(max_length=64, default=new_token, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    ended_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SessionStatus.choices,
        default=SessionStatus.SCHEDULED,
        editable=False,
    )
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(
        _("reason for the cancellation"), blank=True, max_length=MAX_TEXT, editable=False
    )

    objects = LiveSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("live session")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=1440),
                name="live_session_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(status="scheduled", cancelled_at__isnull=True)
                | Q(status="cancelled", cancelled_at__isnull=False),
                name="live_session_cancelled_at_with_status",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self._derive_end()
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "ends_at"}
        super().save(*args, **kwargs)

    def _derive_end(self) -> None:
        # In UTC: minutes added to a wall-clock time miss the hour a change of clocks skips.
        self.ends_at = self.starts_at.astimezone(UTC) + timedelta(minutes=self.duration_minutes)

    @property
    def presence_minutes(self) -> int:
        """Minutes needed to count as present, from the cohort's rule."""
        return max(1, math.ceil(self.duration_minutes * self.cohort.presence_percent / 100))

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def has_ended(self, now=None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def material_lines(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class AttendanceSource(models.TextChoices):
    GRID = "grid", _("Marked by a trainer")
    CHECK_IN = "check_in", _("Checked in with a code")
    IMPORT = "import", _("Imported from the webinar tool")


class Attendance(models.Model):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_attendances"
    )
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    status = models.CharField(max_length=8, choices=AttendanceStatus.choices)
    source = models.CharField(max_length=8, choices=AttendanceSource.choices)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_unique"),
        ]


class CalendarToken(models.Model):
    """The secret in a learner's personal calendar feed URL (calendar apps cannot sign in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_calendar_token"
    )
    token = models.CharField(max_length=64, default=new_token, unique=True)


# The outbox, check-in codes, grade overrides and webinar meetings live in modules of their
# own to keep this one short; imported here so Django sees them.
from .checkin_models import CheckInCode  # noqa: E402, F401
from .gradebook_models import GradeOverride  # noqa: E402, F401
from .outbox_models import *  # noqa: E402, F403
from .webinars.models import WebinarMeeting, WebinarPresence  # noqa: E402, F401
