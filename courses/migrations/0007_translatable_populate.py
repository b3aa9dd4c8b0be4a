"""Existing topics become source rows in the default locale, each with its own key."""

import uuid

from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Topic = apps.get_model("courses", "Topic")
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for topic in Topic.objects.filter(translation_key__isnull=True):
        topic.translation_key = uuid.uuid4()
        topic.locale = locale
        topic.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_translatable_bootstrap"),
        ("learning", "0006_content_locales"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
