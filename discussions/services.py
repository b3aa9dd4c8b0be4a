"""Business rules of the discussions: threads, replies, moderation, reports, digest choice.

Callers (views) have already found the cohort's space through `selectors.space_for`, which
answers 404 to anyone who is neither a member nor a trainer of the cohort; these functions
check what depends on the person's role (locked threads, moderation) and refuse bad text
with a clear ValidationError, writing nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from learning.validators import validate_single_line

from . import notifications, tasks
from .models import BODY_MAX, REASON_MAX, TITLE_MAX, DigestOptOut, Post, PostReport, Thread
from .richtext import plain_text, sanitise
from .selectors import Forum, Space

MODERATION_ACTIONS = {
    "pin": ("pinned", True),
    "unpin": ("pinned", False),
    "lock": ("locked", True),
    "unlock": ("locked", False),
    "hide": ("hidden", True),
    "show": ("hidden", False),
}


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the thread a title.")})
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {"title": _("Keep the title under %(max)d characters.") % {"max": TITLE_MAX}}
        )
    try:
        validate_single_line(title)
    except ValidationError as error:
        raise ValidationError({"title": error.messages}) from error
    return title


def _clean_body(body: str) -> str:
    if len(body or "") > BODY_MAX:
        raise ValidationError(
            {"body": _("Keep your message under %(max)d characters.") % {"max": BODY_MAX}}
        )
    clean = sanitise(body or "")
    if not plain_text(clean):
        raise ValidationError({"body": _("Write a message.")})
    return clean


def _mentions_notify(*, post: Post, cohort_id: int) -> None:
    """Queue the mention e-mails with the post; send them once it is committed."""
    if notifications.mentions_queue(post=post, cohort_id=cohort_id):
        post_id = post.pk
        transaction.on_commit(lambda: tasks.send_mentions.delay(post_id=post_id))


@transaction.atomic
def thread_create(*, space: Space, forum: Forum, author, title: str, body: str) -> Thread:
    """A new thread in a forum of the space, with its opening post."""
    title, clean = _clean_title(title), _clean_body(body)
    now = timezone.now()
    thread = Thread(
        cohort=space.cohort,
        module_id=forum.module_id,
        author=author,
        title=title,
        last_post_at=now,
        post_count=1,
    )
    thread.full_clean()
    thread.save()
    post = Post.objects.create(thread=thread, author=author, body=clean)
    _mentions_notify(post=post, cohort_id=space.cohort.pk)
    return thread


@transaction.atomic
def post_create(*, space: Space, thread: Thread, author, body: str) -> Post:
    """A reply. A locked thread takes replies from its trainers only."""
    if thread.locked and not space.moderator:
        raise ValidationError({"body": _("This thread is locked: it takes no more replies.")})
    clean = _clean_body(body)
    post = Post.objects.create(thread=thread, author=author, body=clean)
    Thread.objects.filter(pk=thread.pk).update(
        post_count=F("post_count") + 1, last_post_at=post.created_at
    )
    _mentions_notify(post=post, cohort_id=space.cohort.pk)
    return post


def thread_moderate(*, space: Space, thread: Thread, action: str) -> Thread:
    """Pin, unpin, lock, unlock, hide or show a thread (trainers)."""
    if not space.moderator:
        raise PermissionDenied
    if action not in MODERATION_ACTIONS:
        raise ValidationError(_("Choose what to do with the thread."))
    field, value = MODERATION_ACTIONS[action]
    setattr(thread, field, value)
    Thread.objects.filter(pk=thread.pk).update(**{field: value})
    return thread


def post_hide(*, space: Space, post: Post, hidden: bool) -> Post:
    """Hide a post from the members, or show it again (trainers)."""
    if not space.moderator:
        raise PermissionDenied
    post.hidden = hidden
    Post.objects.filter(pk=post.pk).update(hidden=hidden)
    return post


def post_report(*, space: Space, post: Post, reporter, reason: str) -> PostReport:
    """A member reports a post to the trainers; a second report by the same member only
    updates the reason."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX}}
        )
    if "\x00" in reason:
        raise ValidationError({"reason": _("The reason contains characters we cannot store.")})
    report, _created = PostReport.objects.update_or_create(
        post=post, reporter=reporter, defaults={"reason": reason}
    )
    return report


def digest_set(*, user, enabled: bool) -> None:
    """Turn the daily digest on or off for this person (idempotent)."""
    if enabled:
        DigestOptOut.objects.filter(user=user).delete()
    else:
        DigestOptOut.objects.get_or_create(user=user)


def digest_enabled(*, user) -> bool:
    return not DigestOptOut.objects.filter(user=user).exists()
