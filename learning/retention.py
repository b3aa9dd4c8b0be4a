"""Retention of inactive accounts (SOCLE_INACTIVE_ACCOUNT_RETENTION_DAYS): warn, then erase.

Part of the project shell, not of its foundation: it reads the rows of the apps above
(enrolments, certificates), so only the shell (tasks, commands) imports it, never an app.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from certificates.models import Certificate, CertificateStatus
from courses.models import Enrollment

from .models import User
from .roles import Role
from .services import user_erase
from .tasks import send_email

logger = logging.getLogger(__name__)

RETENTION_WARNING_DAYS = 30
RETENTION_REASON = "Inactive beyond the retention period"


def _inactivity_warn(*, user: User, erase_on) -> None:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "erase_on": erase_on,
            "login_url": settings.SITE_URL.rstrip("/") + reverse("account_login"),
        }
        subject = render_to_string("learning/email/inactivity_warning_subject.txt", context)
        body = render_to_string("learning/email/inactivity_warning.txt", context)
    message = {
        "subject": " ".join(subject.split()),
        "body": body,
        "to": [user.email],
        "from_email": settings.DEFAULT_FROM_EMAIL,
    }
    transaction.on_commit(lambda: send_email.delay(**message))


def inactive_accounts_process(*, now, retention_days: int | None = None) -> dict[str, int]:
    """Warn, then erase, learner accounts with no sign-in and no course activity for longer
    than the retention period. Never staff, never an account holding a valid certificate.

    An account is warned RETENTION_WARNING_DAYS before; it is erased only once that warning
    is at least that old and nothing happened since. Returns {"warned": n, "erased": n}.
    """

    days = (
        settings.SOCLE_INACTIVE_ACCOUNT_RETENTION_DAYS if retention_days is None else retention_days
    )
    if not days:
        return {"warned": 0, "erased": 0}
    warn_days = max(days - RETENTION_WARNING_DAYS, 0)
    notice = timedelta(days=RETENTION_WARNING_DAYS)
    since_warn = now - timedelta(days=warn_days)
    to_warn = list(inactive_learners(now=now, since=since_warn).filter(needs_warning=True))
    with transaction.atomic():
        User.objects.filter(pk__in=[u.pk for u in to_warn]).update(inactivity_warned_at=now)
        for user in to_warn:
            _inactivity_warn(user=user, erase_on=(now + notice).date())
    to_erase = inactive_learners(now=now, since=now - timedelta(days=days)).filter(
        needs_warning=False, inactivity_warned_at__lte=now - notice
    )
    erased = 0
    for user in to_erase:
        # One account that cannot be erased (a hook failing) must not stop the others; it is
        # retried on the next run.
        try:
            user_erase(user=user, actor=None, reason=RETENTION_REASON)
        except Exception:
            logger.exception("retention: account %s could not be erased", user.pk)
        else:
            erased += 1
    return {"warned": len(to_warn), "erased": erased}


def inactive_learners(*, now, since):
    """Learner accounts whose last sign-in and last course activity are both before `since`.

    Never staff, never a trainer, editor or administrator, never an account already erased,
    never an account holding a certificate that is valid at `now`. Annotated with
    `last_active` and `needs_warning` (no warning yet, or activity since the last one).
    """

    latest_activity = (
        Enrollment.objects.filter(user=OuterRef("pk"))
        .order_by("-last_activity_at")
        .values("last_activity_at")[:1]
    )
    staff_role = User.groups.through.objects.filter(user=OuterRef("pk")).exclude(
        group__in=Group.objects.filter(name=Role.LEARNER)
    )
    valid_certificate = Certificate.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        user=OuterRef("pk"),
        status=CertificateStatus.VALID,
    )
    return (
        User.objects.filter(is_staff=False, is_superuser=False)
        .exclude(email__endswith="@invalid")
        .exclude(Exists(staff_role))
        .exclude(Exists(valid_certificate))
        .annotate(
            last_active=Greatest(
                Coalesce("last_login", "date_joined"),
                Coalesce(Subquery(latest_activity), "date_joined"),
            )
        )
        .filter(last_active__lt=since)
        .annotate(
            needs_warning=Case(
                When(
                    Q(inactivity_warned_at__isnull=True)
                    | Q(inactivity_warned_at__lt=F("last_active")),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("pk")
    )
