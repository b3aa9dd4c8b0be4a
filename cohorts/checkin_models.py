"""The check-in code of a live session (imported by cohorts/models.py).

One code per session is shown at a time, and every member of the cohort types that same code
during the session's check-in window; each person is checked in once (the attendance row is
unique per session and person). A trainer may replace a code that leaked: the old one is
then refused. See docs/decisions/cohorts-check-in.md.
"""

from django.db import models
from django.db.models import Q


class CheckInCode(models.Model):
    session = models.ForeignKey(
        "cohorts.LiveSession", on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(max_length=8, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the trainer draws a new code: the old one is refused from then on.
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(replaced_at__isnull=True),
                name="checkin_code_one_current_per_session",
            ),
        ]

    def __str__(self) -> str:
        return self.code
