"""Reads of the project package."""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from kombu import Connection

from certificates.models import Certificate, CertificateStatus
from courses.models import Enrollment

from .models import User
from .roles import Role

logger = logging.getLogger(__name__)


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "backend": connection.vendor}


def _check_cache() -> dict:
    cache.set("healthz", "1", timeout=10)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return the value it was given")
    return {"ok": True, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _check_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "backend": "eager"}

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"ok": True, "backend": settings.CELERY_BROKER_URL.split(":", 1)[0]}


def health_report() -> dict[str, dict]:
    """Database, cache and broker, each {"ok": bool, ...}; never raises."""
    report = {}
    for name, check in (
        ("database", _check_database),
        ("cache", _check_cache),
        ("broker", _check_broker),
    ):
        try:
            report[name] = check()
        except Exception as exc:  # noqa: BLE001 - a health check reports every failure
            logger.warning("health check %s failed: %s", name, exc)
            report[name] = {"ok": False, "error": exc.__class__.__name__}
    return report


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
