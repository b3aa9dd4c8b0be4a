"""The library's index in every content language (learning.textsearch).

Rows gain their page's locale and the text-search configuration of their language; the
engine is replaced: on PostgreSQL the generated (English-only) vector becomes a column a
trigger fills in each row's language; on SQLite the FTS5 table is made again. Every live
case, in every locale, is indexed again.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "casestudies_casestudysearchtext"
FTS = "casestudies_searchtext_fts"


def old_engine_drop(apps, schema_editor):
    statements = {
        "postgresql": [
            "DROP INDEX IF EXISTS casestudies_searchtext_vector",
            f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vector",
        ],
        "sqlite": [
            f"DROP TRIGGER IF EXISTS {FTS}_insert",
            f"DROP TRIGGER IF EXISTS {FTS}_delete",
            f"DROP TRIGGER IF EXISTS {FTS}_update",
            f"DROP TABLE IF EXISTS {FTS}",
        ],
    }
    with schema_editor.connection.cursor() as cursor:
        for sql in statements.get(schema_editor.connection.vendor, []):
            cursor.execute(sql)
    apps.get_model("casestudies", "CaseStudySearchText").objects.all().delete()


def engine_create(apps, schema_editor):
    from learning.textsearch import engine_create

    engine_create(schema_editor, table=TABLE, fts=FTS)


def engine_drop(apps, schema_editor):
    from learning.textsearch import engine_drop

    engine_drop(schema_editor, table=TABLE, fts=FTS)


def index_live_cases(apps, schema_editor):
    from casestudies.search import search_document
    from learning.textsearch import config_for

    page_model = apps.get_model("casestudies", "CaseStudyPage")
    text_model = apps.get_model("casestudies", "CaseStudySearchText")
    codes = dict(apps.get_model("wagtailcore", "Locale").objects.values_list("pk", "language_code"))
    shown = dict(apps.get_model("wagtailcore", "Page").objects.values_list("pk", "locale_id"))
    pages = page_model.objects.filter(live=True).prefetch_related(
        "countries", "themes", "programme_types", "risks", "population_groups"
    )
    text_model.objects.bulk_create(
        (
            text_model(
                page_id=page.pk,
                locale_id=page.locale_id,
                config=config_for(codes.get(shown.get(page.alias_of_id, page.locale_id))),
                **search_document(page),
            )
            for page in pages.iterator(400)
        ),
        batch_size=400,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0006_translatable"),
        ("learning", "0006_content_locales"),
    ]

    operations = [
        migrations.RunPython(old_engine_drop, migrations.RunPython.noop),
        migrations.AddField(
            model_name="casestudysearchtext",
            name="locale",
            field=models.ForeignKey(
                default=None,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.locale",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="casestudysearchtext",
            name="config",
            field=models.CharField(default="simple", max_length=32),
        ),
        migrations.RunPython(engine_create, engine_drop),
        migrations.RunPython(index_live_cases, migrations.RunPython.noop),
    ]
