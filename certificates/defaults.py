"""The site-wide default certificate template (a Wagtail setting: Settings > Certificates).

A course with no certificate settings of its own awards the default template's certificate;
a course whose settings turn certificates off awards none (docs/decisions/
certificates-default-template.md)."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from learning.translated_snippets import in_default_locale


@register_setting(icon="doc-full")
class CertificateDefaults(BaseGenericSetting):
    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("default certificate template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=in_default_locale,
        help_text=_("Used for every course that has no certificate template of its own."),
    )

    panels = [FieldPanel("template")]

    class Meta:
        verbose_name = _("certificate defaults")


@transaction.atomic
def certificate_default_template_set(*, template) -> CertificateDefaults:
    """Make `template` (or None) the site-wide default; idempotent (one settings row)."""
    defaults = CertificateDefaults.objects.select_for_update().order_by("pk").first()
    defaults = defaults or CertificateDefaults()
    defaults.template = template
    defaults.full_clean()
    defaults.save()
    return defaults
