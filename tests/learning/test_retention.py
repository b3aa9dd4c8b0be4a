"""Retention of inactive learner accounts: a warning 30 days ahead, then erasure; time is
passed in, never read from the clock."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from wagtail import hooks

from courses.models import Enrollment
from learning.models import AuditAction, AuditEvent, User
from learning.retention import inactive_accounts_process
from learning.services import user_erase
from learning.tasks import inactive_accounts_retention
from tests.factories import CertificateFactory, UserFactory, course_factories

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
DAYS = 365


@pytest.fixture(autouse=True)
def retention(settings):
    settings.SOCLE_INACTIVE_ACCOUNT_RETENTION_DAYS = DAYS


def idle(user, days: int):
    """The account was last used `days` before NOW."""
    when = NOW - timedelta(days=days)
    User.objects.filter(pk=user.pk).update(date_joined=when, last_login=when)
    return User.objects.get(pk=user.pk)


def test_beat_runs_the_retention_task_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["learning-inactive-account-retention"]
    assert entry["task"] == inactive_accounts_retention.name
    assert entry["schedule"] == 24 * 60 * 60


def test_off_by_default(settings, learner):
    settings.SOCLE_INACTIVE_ACCOUNT_RETENTION_DAYS = None
    idle(learner, 5000)
    assert inactive_accounts_process(now=NOW) == {"warned": 0, "erased": 0}
    assert inactive_accounts_retention() == {"warned": 0, "erased": 0}
    assert not mail.outbox


def test_warned_30_days_ahead_then_erased(learner, django_capture_on_commit_callbacks):
    learner = idle(learner, DAYS - 29)
    with django_capture_on_commit_callbacks(execute=True):
        assert inactive_accounts_process(now=NOW) == {"warned": 1, "erased": 0}
    assert [m.to for m in mail.outbox] == [[learner.email]]
    assert "erase" in mail.outbox[0].body and "/accounts/login/" in mail.outbox[0].body
    assert User.objects.get(pk=learner.pk).inactivity_warned_at == NOW
    # Not warned twice, and not erased before the notice has run.
    with django_capture_on_commit_callbacks(execute=True):
        soon = inactive_accounts_process(now=NOW + timedelta(days=29))
    assert soon == {"warned": 0, "erased": 0} and len(mail.outbox) == 1
    assert inactive_accounts_process(now=NOW + timedelta(days=30)) == {"warned": 0, "erased": 1}
    erased = User.objects.get(pk=learner.pk)
    assert not erased.is_active and erased.email == f"erased-{erased.pk}@invalid"
    event = AuditEvent.objects.get(action=AuditAction.USER_ERASE)
    assert event.actor is None and event.detail["by"] == "retention"


def test_signing_in_after_the_warning_keeps_the_account(learner):
    learner = idle(learner, DAYS - 29)
    inactive_accounts_process(now=NOW)
    User.objects.filter(pk=learner.pk).update(last_login=NOW + timedelta(days=5))
    assert inactive_accounts_process(now=NOW + timedelta(days=40)) == {"warned": 0, "erased": 0}
    assert User.objects.get(pk=learner.pk).is_active
    # Idle again for the whole period: a new warning first, never an erasure straight away.
    later = NOW + timedelta(days=5 + DAYS)
    assert inactive_accounts_process(now=later) == {"warned": 1, "erased": 0}


def test_an_account_idle_long_before_the_setting_still_gets_its_notice(learner):
    idle(learner, 3 * DAYS)
    assert inactive_accounts_process(now=NOW) == {"warned": 1, "erased": 0}
    assert User.objects.get(pk=learner.pk).is_active


def test_course_activity_counts_as_activity(learner, home_page):
    idle(learner, 2 * DAYS)
    course = course_factories.course(modules=1, steps_per_module=1)
    Enrollment.objects.create(user=learner, course=course, last_activity_at=NOW - timedelta(days=3))
    assert inactive_accounts_process(now=NOW) == {"warned": 0, "erased": 0}


def test_never_staff_nor_other_roles(administrator, trainer, editor):
    for user in (administrator, trainer, editor):
        idle(user, 3 * DAYS)
    staff_learner = idle(UserFactory(is_staff=True), 3 * DAYS)
    assert inactive_accounts_process(now=NOW) == {"warned": 0, "erased": 0}
    assert User.objects.get(pk=staff_learner.pk).is_active


def test_never_an_account_holding_a_valid_certificate(learner, home_page):
    idle(learner, 3 * DAYS)
    course = course_factories.course(modules=1, steps_per_module=1)
    certificate = CertificateFactory(user=learner, course=course)
    assert inactive_accounts_process(now=NOW) == {"warned": 0, "erased": 0}
    # Once it has expired, the account is warned like any other.
    certificate.expires_at = NOW - timedelta(days=1)
    certificate.save(update_fields=["expires_at"])
    assert inactive_accounts_process(now=NOW) == {"warned": 1, "erased": 0}


def test_erased_tombstones_are_left_alone(learner, administrator):
    user_erase(user=learner, actor=administrator, reason="Request")
    idle(learner, 3 * DAYS)
    assert inactive_accounts_process(now=NOW) == {"warned": 0, "erased": 0}


def test_one_failing_erasure_does_not_stop_the_others(db):
    stuck, gone = (idle(UserFactory(), DAYS + 40) for _ in range(2))
    User.objects.filter(pk__in=[stuck.pk, gone.pk]).update(
        inactivity_warned_at=NOW - timedelta(days=31)
    )

    def fails_for_one(*, user):
        if user.pk == stuck.pk:
            raise RuntimeError("storage unavailable")

    with hooks.register_temporarily("user_erasing", fails_for_one):
        assert inactive_accounts_process(now=NOW) == {"warned": 0, "erased": 1}
    assert User.objects.get(pk=stuck.pk).is_active
    assert not User.objects.get(pk=gone.pk).is_active
    assert AuditEvent.objects.filter(action=AuditAction.USER_ERASE).count() == 1
