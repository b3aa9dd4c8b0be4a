"""Certificate templates (snippets, translatable) and which template a course uses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpResponse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from learning.translated_snippets import in_default_locale

from ..defaults import CertificateDefaults  # noqa: F401  (the app's setting model, loaded here)
from ..placeholders import placeholders_check, placeholders_help
from ..rendering import template_preview_pdf


def _placeholders_help_text() -> str:
    """Formatted when shown, so that it follows the reader's language."""
    return _("Placeholders: %(names)s.") % {"names": placeholders_help()}


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("A4 landscape")
    PORTRAIT = "portrait", _("A4 portrait")


class CertificateTemplate(TranslatableMixin, PreviewableMixin, ClusterableModel):
    """How a certificate looks and reads. Title and body take {placeholders}."""

    name = models.CharField(_("name"), max_length=120)
    orientation = models.CharField(
        _("orientation"),
        max_length=10,
        choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
    )
    issuer_name = models.CharField(
        _("issuer"),
        max_length=200,
        default="Socle",
        help_text=_("The organisation that issues the certificate, as verifiers will see it."),
    )
    title = models.CharField(_("title"), max_length=200, default=_("Certificate of completion"))
    body = models.TextField(
        _("body"),
        default=_(
            "This certifies that {learner_name} has successfully completed the course "
            "{course_title} ({hours} hours) on {date}."
        ),
        help_text=lazy(_placeholders_help_text, str)(),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("partner logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#1f4e79",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1f4e79."))],
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a certificate that does not expire."),
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("orientation"), FieldPanel("issuer_name")],
            heading=_("Settings"),
        ),
        FieldPanel("title"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("partner_logo"), FieldPanel("accent_colour")],
            heading=_("Design"),
        ),
        InlinePanel("signatories", max_num=3, label=_("Signatories")),
        FieldPanel("validity_months"),
    ]

    # The design is the same in every language; texts (and signatories' roles) are translated.
    override_translatable_fields = [SynchronizedField("accent_colour")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "name"], name="certificate_template_per_locale"
            )
        ]

    @property
    def language(self) -> str:
        """The language this row is written in: its locale's."""
        return self.locale.language_code if self.locale_id else settings.LANGUAGE_CODE

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        for field in ("title", "body"):
            try:
                placeholders_check(getattr(self, field))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)

    # Admin preview: the PDF with sample data, in several scripts.
    @property
    def preview_modes(self):
        return [
            ("cyrillic", _("Long Cyrillic name")),
            ("arabic", _("Arabic name")),
            ("latin", _("Latin name with diacritics")),
        ]

    @property
    def default_preview_mode(self):
        return "cyrillic"

    def serve_preview(self, request, mode_name):
        pdf = template_preview_pdf(template=self, sample=mode_name)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        return response


class Signatory(TranslatableMixin, Orderable):
    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(pgettext_lazy("a person", "name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("signature")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("signatory")


class CourseCertificateSettings(models.Model):
    """Which template a course's certificate uses (courses must not import certificates)."""

    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="certificate_settings",
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="course_settings",
        limit_choices_to=in_default_locale,
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Hours printed on the certificate; empty uses the course's estimate."),
    )
    enabled = models.BooleanField(_("awards a certificate"), default=True)

    panels = [
        FieldPanel("course"),
        FieldPanel("template"),
        FieldPanel("hours"),
        FieldPanel("enabled"),
    ]

    class Meta:
        verbose_name = _("course certificate")
        verbose_name_plural = _("course certificates")

    def __str__(self):
        return str(self.course)
