"""Discussions: each cohort's space, a general forum and one forum per course module.

A forum is not a row: it is the cohort and a module of its course (or none, the general
forum), so that a module added to the course has its forum at once. A thread's first post is
its opening message. Bodies are stored sanitised (discussions/richtext.py), titles as plain
text; both are escaped when shown. See docs/decisions/discussions-design.md.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from learning.validators import validate_single_line

TITLE_MAX = 200
# What a member may type (before sanitising) and what a report may say.
BODY_MAX = 20_000
REASON_MAX = 1000


class Thread(models.Model):
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="+")
    # None: the cohort's general forum; else a module page of the cohort's course.
    module = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX, validators=[validate_single_line])
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField()
    post_count = models.PositiveIntegerField(default=0)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")
        indexes = [
            models.Index(
                fields=["cohort", "module", "-pinned", "-last_post_at"], name="thread_forum_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)
    hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        verbose_name = _("discussion post")
        verbose_name_plural = _("discussion posts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"], name="post_thread_order")]

    def __str__(self) -> str:
        return f"post {self.pk} in {self.thread_id}"


class PostReport(models.Model):
    """A member tells the trainers that a post should not be there (once per member)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True, max_length=REASON_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reported post")
        verbose_name_plural = _("reported posts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="report_once_per_member")
        ]

    def __str__(self) -> str:
        return f"report of {self.post_id}"


class DigestOptOut(models.Model):
    """A person who turned the daily digest off (everyone else receives it)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest opt-out")


class EmailKind(models.TextChoices):
    MENTION = "mention", _("Mention")
    DIGEST = "digest", _("Daily digest")


class DiscussionEmail(models.Model):
    """The discussions' outbox: one row per (post, person mentioned) and per (day, person),
    each marked sent in the transaction that sent it, so a retry sends to nobody twice."""

    kind = models.CharField(max_length=8, choices=EmailKind.choices)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE)
    day = models.DateField(null=True, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("discussion e-mail")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "recipient"],
                condition=Q(kind="mention"),
                name="discussion_mention_once_per_post",
            ),
            models.UniqueConstraint(
                fields=["day", "recipient"],
                condition=Q(kind="digest"),
                name="discussion_digest_once_per_day",
            ),
            models.CheckConstraint(
                condition=(Q(kind="mention") & Q(post__isnull=False) & Q(day__isnull=True))
                | (Q(kind="digest") & Q(day__isnull=False) & Q(post__isnull=True)),
                name="discussion_email_kind_matches_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id}"
