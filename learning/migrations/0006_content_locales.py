"""One Locale per interface language, each kept in sync with the English tree.

`manage.py sync_locale_trees` (wagtail-localize) creates the aliases of pages that exist
before this migration; the demo loader runs it. See docs/decisions/content-languages.md.
"""

from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    LocaleSynchronization = apps.get_model("wagtail_localize", "LocaleSynchronization")
    source, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for code, _name in settings.LANGUAGES:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        if locale.pk != source.pk:
            LocaleSynchronization.objects.get_or_create(
                locale=locale, defaults={"sync_from": source}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0005_user_inactivity_warned_at"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
