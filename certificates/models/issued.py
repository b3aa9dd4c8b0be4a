"""Issued certificates and the keys that sign their credentials."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.storage import get_private_storage

from ..codes import code_display
from .templates import CertificateTemplate


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


def _pdf_path(instance, filename):
    # A random name: the file is served through a permission-checked view, never by its path.

    return f"certificates/{instance.issued_at:%Y}/{secrets.token_urlsafe(18)}.pdf"


class Certificate(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    code = models.CharField(_("code"), max_length=28, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    learner_name = models.CharField(_("name as issued"), max_length=255)
    course_title = models.CharField(_("course title as issued"), max_length=255)
    issuer_name = models.CharField(_("issuer"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.DecimalField(
        _("grade (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The context the certificate was issued in (the `certificate_context_for` hook: a cohort),
    # NULL when none applies (see the constraints). A key, not a foreign key: certificates
    # must not depend on cohorts.
    context_key = models.CharField(
        _("context key"), max_length=64, null=True, blank=True, editable=False
    )
    context_label = models.CharField(_("issued within"), max_length=200, blank=True)
    # Private storage: no public URL reaches it; certificates:download serves it after checks.
    pdf = models.FileField(
        _("PDF"), upload_to=_pdf_path, storage=get_private_storage, blank=True, max_length=200
    )
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, db_index=True)
    # The certificate's bit in the published revocation lists (certificates/statuslist.py):
    # list index // STATUS_LIST_SIZE, bit index % STATUS_LIST_SIZE. Allocated at issue.
    status_list_index = models.PositiveIntegerField(
        _("status list index"), unique=True, editable=False
    )
    # Re-issuing bumps `revision`; the render task brings the PDF and the e-mail up to it.
    revision = models.PositiveIntegerField(default=1)
    rendered_revision = models.PositiveIntegerField(default=0)
    emailed_revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            # One certificate per learner and course, or per learner, course and context.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(context_key__isnull=True),
                name="certificate_one_per_course",
            ),
            models.UniqueConstraint(
                fields=["user", "course", "context_key"],
                condition=Q(context_key__isnull=False),
                name="certificate_one_per_course_context",
            ),
            # An empty key would be a second "no context": it must be NULL instead.
            models.CheckConstraint(
                condition=Q(context_key__isnull=True) | ~Q(context_key=""),
                name="certificate_context_key_not_empty",
            ),
            models.CheckConstraint(
                condition=(Q(status="valid") & Q(revoked_at__isnull=True))
                | (Q(status="revoked") & Q(revoked_at__isnull=False)),
                name="certificate_revoked_has_date",
            ),
            models.CheckConstraint(
                condition=Q(rendered_revision__lte=models.F("revision"))
                & Q(emailed_revision__lte=models.F("revision")),
                name="certificate_revisions_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.learner_name} · {self.course_title} · {self.display_code}"

    def get_absolute_url(self):
        return reverse("certificates:verify", kwargs={"code": self.display_code})

    def get_download_url(self):
        return reverse("certificates:download", kwargs={"code": self.display_code})

    @property
    def display_code(self) -> str:
        return code_display(self.code)

    @property
    def is_revoked(self) -> bool:
        return self.status == CertificateStatus.REVOKED

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def public_status(self) -> str:
        """valid, revoked or expired: revoked wins over expired."""
        if self.is_revoked:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "valid"

    @property
    def pdf_ready(self) -> bool:
        return bool(self.pdf) and self.rendered_revision == self.revision


class SigningAlgorithm(models.TextChoices):
    ES256 = "ES256", "ES256 (P-256)"
    EDDSA = "EdDSA", "EdDSA (Ed25519, before ES256)"


class SigningKey(models.Model):
    """One Open Badges signing key's public half, kept for as long as the site exists so
    that credentials signed with it still verify after it was retired (certificates/keys.py).
    The private key is never stored here."""

    kid = models.CharField(_("key id"), max_length=64, unique=True, editable=False)
    algorithm = models.CharField(
        _("algorithm"), max_length=10, choices=SigningAlgorithm.choices, editable=False
    )
    public_jwk = models.JSONField(_("public key (JWK)"), editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["created_at", "pk"]
        constraints = [
            # At most one current key. Only ES256 keys are ever current (the Ed25519 key of
            # earlier versions is recorded retired), so the algorithm is the constant column.
            models.UniqueConstraint(
                fields=["algorithm"],
                condition=Q(retired_at__isnull=True),
                name="openbadges_one_current_key",
            ),
            models.CheckConstraint(
                condition=Q(algorithm="ES256") | Q(retired_at__isnull=False),
                name="openbadges_only_es256_is_current",
            ),
        ]

    def __str__(self):
        return f"{self.algorithm} {self.kid}"

    @property
    def is_current(self) -> bool:
        return self.retired_at is None
