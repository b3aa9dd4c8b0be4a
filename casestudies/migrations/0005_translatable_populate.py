"""Existing taxonomy terms become source rows in the default locale, each with its own key."""

import uuid

from django.conf import settings
from django.db import migrations

MODELS = ["Theme", "ProgrammeType", "LifeCycleRisk", "PopulationGroup"]


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for name in MODELS:
        for term in apps.get_model("casestudies", name).objects.filter(translation_key__isnull=True):
            term.translation_key = uuid.uuid4()
            term.locale = locale
            term.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0004_translatable_bootstrap"),
        ("learning", "0006_content_locales"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
