"""What the offline app keeps: one row per action a device recorded without a connection and
replayed, so that the same action replayed twice is recorded once."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReplayKind(models.TextChoices):
    STEP_COMPLETE = "step_complete", _("Step completed")
    REFLECTION = "reflection", _("Reflection")
    XAPI = "xapi", _("Activity statement")
    H5P_STATE = "h5p_state", _("Activity progress")


class ReplayOutcome(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    # A newer answer was already on the server (newest wins, by the device's clock).
    SUPERSEDED = "superseded", _("Superseded by a newer answer")


class ReplayedAction(models.Model):
    """The ledger of replayed actions. `client_id` is the UUID the device gave the action;
    it is unique per learner, so another learner's ids never touch this learner's rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_id = models.UUIDField(_("client id"))
    kind = models.CharField(_("kind"), max_length=20, choices=ReplayKind.choices)
    recorded_at = models.DateTimeField(_("recorded on the device"))
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ReplayOutcome.choices)

    class Meta:
        verbose_name = _("replayed offline action")
        verbose_name_plural = _("replayed offline actions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "client_id"], name="replayedaction_unique_user_client_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.client_id}"
