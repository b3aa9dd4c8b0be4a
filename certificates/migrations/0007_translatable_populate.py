"""Existing templates keep their language as their locale (a Russian template becomes a
source row in the Russian locale); their signatories follow their template."""

import uuid

from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Template = apps.get_model("certificates", "CertificateTemplate")
    Signatory = apps.get_model("certificates", "Signatory")
    default, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    locales = dict(Locale.objects.values_list("language_code", "pk"))
    for template in Template.objects.filter(translation_key__isnull=True):
        template.translation_key = uuid.uuid4()
        template.locale_id = locales.get(template.language, default.pk)
        template.save(update_fields=["translation_key", "locale"])
    for signatory in Signatory.objects.filter(translation_key__isnull=True).select_related(
        "template"
    ):
        signatory.translation_key = uuid.uuid4()
        signatory.locale_id = signatory.template.locale_id
        signatory.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0006_translatable_bootstrap"),
        ("learning", "0006_content_locales"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
