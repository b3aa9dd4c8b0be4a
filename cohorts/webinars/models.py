"""A live session's BigBlueButton meeting, and who was seen in it when."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def new_meeting_id() -> str:
    return secrets.token_urlsafe(24)


class WebinarMeeting(models.Model):
    """The BigBlueButton meeting of one live session. Its meetingID is an unguessable token,
    so that nobody joins a meeting by guessing the next session's number."""

    session = models.OneToOneField(
        "cohorts.LiveSession", on_delete=models.CASCADE, related_name="webinar"
    )
    meeting_id = models.CharField(max_length=64, unique=True, default=new_meeting_id)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    # Set once the meeting is over and its minutes were written as attendance.
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("BigBlueButton meeting")

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class WebinarPresence(models.Model):
    """One stretch of time a person was in the meeting: from the first poll that saw them to
    the last one (`left_at` stays empty while they are in)."""

    meeting = models.ForeignKey(WebinarMeeting, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_seen_at__gte=F("joined_at")),
                name="webinar_presence_seen_after_join",
            ),
            # One open stretch per person and meeting: two polls cannot both open one.
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(left_at__isnull=True),
                name="webinar_presence_one_open",
            ),
        ]
