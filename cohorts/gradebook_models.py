"""A trainer's override of one learner's grade on one graded item (imported by
cohorts/models.py). The computed grade is never changed: the gradebook shows the override
next to it, and removing the override brings the computed grade back. Every change is also
written to the audit log (docs/decisions/cohorts-gradebook.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_REASON = 1000


class GradeOverride(models.Model):
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.CASCADE, related_name="grade_overrides"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The item's key as its app gives it on the `cohort_graded_items` hook ("quiz-12").
    item_key = models.CharField(_("graded item"), max_length=120)
    score = models.DecimalField(_("grade (%)"), max_digits=5, decimal_places=2)
    # The computed grade when the override was written (None: no result yet), for the record.
    original_score = models.DecimalField(
        _("computed grade (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"), max_length=MAX_REASON)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("grade override")
        verbose_name_plural = _("grade overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user", "item_key"], name="gradeoverride_unique_item"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="gradeoverride_score_0_100"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="gradeoverride_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.item_key}: {self.score} %"
