"""The cohorts demo: a running cohort of the governance course, 40 participants from at least
20 countries, four webinars (two held with attendance, two to come), spread-out progress."""

import io

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from cohorts.demo import COHORT_NAME
from cohorts.models import Attendance, Cohort, GradeOverride, LiveSession
from cohorts.selectors import unreleased_modules
from courses.models import StepProgress
from learning.models import AuditAction, AuditEvent


def test_demo_cohort(demo_data, client):
    cohort = Cohort.objects.get(name=COHORT_NAME)
    assert cohort.course.slug == "governance-of-social-security"
    today = timezone.now().date()
    assert cohort.start_date <= today <= cohort.end_date
    members = cohort.memberships.select_related("user")
    assert members.count() == 40
    assert len({m.user.country.code for m in members}) >= 20
    assert {m.user.sex for m in members} == {"female", "male"}
    assert any(not m.user.full_name.isascii() for m in members)
    now = timezone.now()
    past = LiveSession.objects.filter(cohort=cohort, starts_at__lt=now)
    assert past.count() == 2
    assert LiveSession.objects.filter(cohort=cohort, starts_at__gt=now).count() == 2
    for session in past:
        assert 20 <= Attendance.objects.filter(session=session).count() <= 40
    done = [
        StepProgress.objects.filter(user=m.user, completed_at__isnull=False).count()
        for m in members
    ]
    assert min(done) < max(done)
    # Scheduled pacing: the later modules are still closed, and nobody has done their steps.
    locked = unreleased_modules(user=members[0].user, course_ids=[cohort.course_id])
    assert locked
    locked_steps = Page.objects.none()
    for module_id in locked:
        locked_steps |= Page.objects.get(pk=module_id).get_descendants()
    assert not StepProgress.objects.filter(
        step__in=locked_steps, user__in=[m.user for m in members]
    ).exists()
    # One grade overridden by the trainer, with its reason, through the service (audited).
    assert GradeOverride.objects.filter(cohort=cohort).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.GRADE_OVERRIDE).count() == 1
    # Idempotent.
    call_command("load_demo_data", stdout=io.StringIO())
    assert cohort.memberships.count() == 40
    assert GradeOverride.objects.filter(cohort=cohort).count() == 1
    assert LiveSession.objects.filter(cohort=cohort).count() == 4
    # The demo trainer sees it.
    trainer = cohort.trainers.get()
    client.force_login(trainer)
    response = client.get(cohort.get_absolute_url())
    assert response.status_code == 200
    assert response.context["overview"].total_learners == 40
