"""Reads of the messages trainers wrote to their cohorts, for the learner's dashboard.

A message is kept on the platform as well as e-mailed (cohorts/services/messages.py): a learner
sees the ones addressed to them (one outbox row each), of cohorts they still belong to,
newest first, at most MESSAGES_SHOWN, in one query.
"""

from django.db.models import QuerySet

from .models import CohortMessage, MembershipStatus

MESSAGES_SHOWN = 10


def messages_for(*, user, limit: int = MESSAGES_SHOWN) -> QuerySet[CohortMessage]:
    return (
        CohortMessage.objects.filter(
            outbox__recipient=user,
            cohort__memberships__user=user,
            cohort__memberships__status=MembershipStatus.ACTIVE,
        )
        .select_related("cohort", "sender")
        .order_by("-created_at", "-pk")[:limit]
    )
