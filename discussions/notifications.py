"""Mentions and the daily digest, through the discussions' own outbox (`DiscussionEmail`).

A mention is "@" followed by the full name of an active member or trainer of the cohort, as
the name is written (any script, any case), not followed by a letter or a digit. Each
person named in a post gets one e-mail for that post however often they are named (a unique
row per (post, person)). The digest of day D lists the threads with posts of day D-1 (UTC)
by others in the person's cohorts; one row per (day, person), so a beat that runs again, or
a retry, sends nobody a second digest. Delivery is the cohorts' outbox pattern
(docs/decisions/cohorts-email-outbox.md) on rows of this app: see
docs/decisions/discussions-design.md for why not the cohorts' table.
"""

import logging
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from cohorts.models import Cohort, Membership, MembershipStatus
from cohorts.services.outbox import outbox_deliver

from .models import DigestOptOut, DiscussionEmail, EmailKind, Post, Thread
from .richtext import plain_text
from .selectors import cohort_people

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "discussions.digest-unsubscribe"
EXCERPT = 600


# --- Mentions ---------------------------------------------------------------------------------


def _names(text: str, needle: str) -> bool:
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        if end >= len(text) or not (text[end].isalnum() or text[end] == "_"):
            return True
        start = text.find(needle, start + 1)
    return False


def mentioned_people(*, text: str, cohort_id: int, exclude_id: int | None) -> list[int]:
    """Ids of the cohort's people named with "@" in `text` (one query, none without "@")."""
    if "@" not in text:
        return []
    folded = text.casefold()
    people = cohort_people(cohort_id).values_list("pk", "full_name")
    return sorted(
        pk
        for pk, name in people
        if name.strip() and pk != exclude_id and _names(folded, "@" + name.strip().casefold())
    )


def mentions_queue(*, post: Post, cohort_id: int) -> int:
    """One outbox row per person named in the post; returns how many were written."""
    ids = mentioned_people(
        text=plain_text(post.body), cohort_id=cohort_id, exclude_id=post.author_id
    )
    rows = [DiscussionEmail(kind=EmailKind.MENTION, post=post, recipient_id=pk) for pk in ids]
    return len(DiscussionEmail.objects.bulk_create(rows, ignore_conflicts=True))


# --- The daily digest -------------------------------------------------------------------------


def digest_window(day) -> tuple[datetime, datetime]:
    """The posts a digest of `day` reports: those of the day before, in UTC."""
    end = datetime.combine(day, time.min, tzinfo=zoneinfo.ZoneInfo("UTC"))
    return end - timedelta(days=1), end


def _window_posts(start: datetime, end: datetime) -> QuerySet:
    return Post.objects.filter(
        created_at__gte=start, created_at__lt=end, hidden=False, thread__hidden=False
    )


@transaction.atomic
def digests_queue(*, day) -> int:
    """A digest row for each person (digest on) who has, in one of their cohorts, a post of
    the day before by someone else. Returns the number of rows written."""
    start, end = digest_window(day)
    authors: dict[int, set] = defaultdict(set)
    for cohort_id, author_id in (
        _window_posts(start, end).values_list("thread__cohort_id", "author_id").distinct()
    ):
        authors[cohort_id].add(author_id)
    if not authors:
        return 0
    people = list(
        Membership.objects.filter(
            cohort_id__in=authors, status=MembershipStatus.ACTIVE, user__is_active=True
        ).values_list("cohort_id", "user_id")
    ) + list(
        Cohort.trainers.through.objects.filter(
            cohort_id__in=authors, user__is_active=True
        ).values_list("cohort_id", "user_id")
    )
    opted_out = set(DigestOptOut.objects.values_list("user_id", flat=True))
    recipients = {
        user_id
        for cohort_id, user_id in people
        if user_id not in opted_out and authors[cohort_id] - {user_id}
    }
    rows = [DiscussionEmail(kind=EmailKind.DIGEST, day=day, recipient_id=pk) for pk in recipients]
    return len(DiscussionEmail.objects.bulk_create(rows, ignore_conflicts=True))


def digest_threads(*, user, day) -> list[Thread]:
    """The threads of this person's cohorts with posts of the digest's window by others,
    each with `new_posts` (their number); one query."""
    start, end = digest_window(day)
    cohorts = Cohort.objects.filter(
        Q(memberships__user=user, memberships__status=MembershipStatus.ACTIVE) | Q(trainers=user)
    ).values("pk")
    recent = Q(
        posts__created_at__gte=start,
        posts__created_at__lt=end,
        posts__hidden=False,
    ) & ~Q(posts__author=user)
    return list(
        Thread.objects.filter(cohort_id__in=cohorts, hidden=False)
        .annotate(new_posts=Count("posts", filter=recent))
        .filter(new_posts__gt=0)
        .select_related("cohort")
        .order_by("cohort__name", "-last_post_at")
    )


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_user_id(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


# --- E-mails ----------------------------------------------------------------------------------


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _render(user, name: str, context: dict) -> tuple[str, str]:
    language = user.preferred_language or settings.LANGUAGE_CODE
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    with translation.override(language), timezone.override(zone):
        context = {**context, "user": user, "site_url": _site()}
        subject = render_to_string(f"discussions/email/{name}_subject.txt", context)
        body = render_to_string(f"discussions/email/{name}_body.txt", context)
    return " ".join(subject.split()), body


def mention_email(row: DiscussionEmail) -> EmailMessage:
    assert row.post_id is not None  # the check constraint: a mention names its post
    post = Post.objects.select_related("author", "thread__cohort").get(pk=row.post_id)
    text = plain_text(post.body)
    subject, body = _render(
        row.recipient,
        "mention",
        {
            "post": post,
            "thread": post.thread,
            "cohort": post.thread.cohort,
            "author": post.author,
            "excerpt": text if len(text) <= EXCERPT else text[:EXCERPT] + "…",
            "url": reverse("discussions:post", args=[post.thread.cohort_id, post.pk]),
        },
    )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [row.recipient.email])


def digest_email(row: DiscussionEmail) -> EmailMessage:
    user = row.recipient
    unsubscribe = _site() + reverse("discussions:unsubscribe", args=[unsubscribe_token(user)])
    subject, body = _render(
        user,
        "digest",
        {"threads": digest_threads(user=user, day=row.day), "unsubscribe_url": unsubscribe},
    )
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            # RFC 8058: mail programs offer their own "unsubscribe" button, which POSTs here.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def emails_deliver(*, rows: QuerySet, build: Callable[[DiscussionEmail], EmailMessage]) -> int:
    """Send each unsent row through the cohorts' outbox loop (one way to deliver an outbox):
    each row locked, sent and marked in its own transaction; OutboxIncomplete after the pass
    when some failed (the task retries the rest)."""
    return outbox_deliver(rows=rows, build=build)
