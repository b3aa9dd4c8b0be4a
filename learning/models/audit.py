"""The audit log: staff actions a funder or an auditor may ask about.

Append-only: a row is written once by `learning.audit.audit_record` and never changed or
deleted through the application (save() refuses updates, delete() refuses, the admin view is
read-only). See docs/decisions/audit-log.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CERTIFICATE_ISSUE = "certificate.issue", _("Certificate issued by hand")
    CERTIFICATE_ISSUE_WITHOUT_RULES = (
        "certificate.issue_without_rules",
        _("Certificate issued without the course rules"),
    )
    CERTIFICATE_REISSUE = "certificate.reissue", _("Certificate re-issued")
    CERTIFICATE_REVOKE = "certificate.revoke", _("Certificate revoked")
    ROLE_CHANGE = "user.role_change", _("Roles changed")
    USER_ERASE = "user.erase", _("Personal data erased")
    IMPORT = "cohort.import", _("Participants or attendance imported")
    EXPORT = "data.export", _("Personal data exported")
    H5P_LIBRARY_INSTALL = "h5p.library_install", _("H5P library installed")
    WORKFLOW_OVERRIDE = "workflow.override", _("Publishing workflow overridden")
    GRADE_OVERRIDE = "grade.override", _("Grade overridden")


class AuditEvent(models.Model):
    """Who did what, to what, when and from which address."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the row still says who acted after that account is erased.
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, choices=AuditAction.choices)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are never deleted.")
