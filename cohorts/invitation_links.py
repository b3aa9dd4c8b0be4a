"""The e-mailed welcome link of a person whose account an import created: its token, and the
reads of the welcome page (docs/decisions/cohorts-welcome-link.md).

The token is signed (Django's signing, the project's SECRET_KEY) and holds an HMAC of the
membership, the account's password hash and last sign-in: it is tied to one membership, it
expires, and setting the password (or signing in) spends it, without a table of tokens.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db.models import TextChoices
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from courses.selectors import resume_step_for

from .models import LiveSession, Membership, MembershipStatus

SALT = "cohorts.invitation-link"
MAX_AGE = timedelta(days=30)


class LinkState(TextChoices):
    VALID = "valid"
    FORGED = "forged"  # not signed by us, or for a membership that is gone or withdrawn
    EXPIRED = "expired"
    USED = "used"  # the password was set since the link was made
    ACTIVE = "active"  # the account already has a password: sign in instead


def _fingerprint(membership: Membership) -> str:
    user = membership.user
    last_login = user.last_login.replace(microsecond=0).isoformat() if user.last_login else ""
    value = f"{membership.pk}:{user.pk}:{user.password}:{last_login}:{membership.invited_at}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def invitation_token(membership: Membership) -> str:
    return signing.TimestampSigner(salt=SALT).sign(_fingerprint(membership))


def _membership(membership_id: int) -> Membership | None:
    return (
        Membership.objects.select_related("user", "cohort__course")
        .exclude(status=MembershipStatus.WITHDRAWN)
        .filter(pk=membership_id, user__is_active=True)
        .first()
    )


def invitation_link_check(*, membership_id: int, token: str) -> tuple[str, Membership | None]:
    """What the link is worth now: a LinkState, and the membership unless it is forged."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        signer.unsign(token)
    except signing.BadSignature:
        return LinkState.FORGED, None
    membership = _membership(membership_id)
    if membership is None:
        return LinkState.FORGED, None
    try:
        fingerprint = signer.unsign(token, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return LinkState.EXPIRED, membership
    usable = membership.user.has_usable_password()
    if not constant_time_compare(fingerprint, _fingerprint(membership)):
        return (LinkState.USED if usable else LinkState.FORGED), membership
    return (LinkState.ACTIVE if usable else LinkState.VALID), membership


@dataclass
class Welcome:
    membership: Membership
    trainers: list
    first_session: LiveSession | None


def welcome_details(membership: Membership) -> Welcome:
    """What the welcome page shows: the cohort's trainers and its next live session."""
    cohort = membership.cohort
    return Welcome(
        membership=membership,
        trainers=list(cohort.trainers.order_by("full_name", "pk")),
        first_session=cohort.sessions.scheduled()
        .filter(starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first(),
    )


def first_step_url(membership: Membership) -> str:
    """Where a new member starts: the course's first open step, else the cohort's page."""
    step = resume_step_for(user=membership.user, course=membership.cohort.course)
    if step and step.url:
        return step.url
    return reverse("cohorts:learner_cohort", args=[membership.cohort_id])
