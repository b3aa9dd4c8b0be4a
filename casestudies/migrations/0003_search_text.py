"""The library's own full-text index (casestudies.models.search, casestudies/search.py).

The rows are plain columns; each database adds its engine here, outside Django's model state:
PostgreSQL a generated tsvector column with a GIN index, SQLite an FTS5 table that triggers
keep in step with the rows. Other databases use neither (casestudies/search.py falls back to
plain lookups). Any later change to these three columns must drop the engine first (on
PostgreSQL a generated column pins the types of the columns it reads).
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "casestudies_casestudysearchtext"
FTS = "casestudies_searchtext_fts"

POSTGRES_CREATE = [
    f"""ALTER TABLE {TABLE} ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, keywords), 'B')
        || setweight(to_tsvector('english'::regconfig, body), 'D')
    ) STORED""",
    # No statistics on the vector: the planner then assumes a match is selective and always
    # takes the GIN index. With statistics it read the whole table as soon as a word was in a
    # fifth of the cases (it prices a tsvector match like a cheap operator): 60-80 ms instead
    # of 10 ms for 10,000 cases here.
    f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STATISTICS 0",
    f"CREATE INDEX casestudies_searchtext_vector ON {TABLE} USING gin (vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS casestudies_searchtext_vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vector",
]
_COLUMNS = "title, keywords, body"
_OLD = "old.page_id, old.title, old.keywords, old.body"
_NEW = "new.page_id, new.title, new.keywords, new.body"
SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5({_COLUMNS}, content='{TABLE}',
        content_rowid='page_id', tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, {_COLUMNS}) VALUES ({_NEW}); END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {_COLUMNS}) VALUES ('delete', {_OLD}); END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {_COLUMNS}) VALUES ('delete', {_OLD});
        INSERT INTO {FTS}(rowid, {_COLUMNS}) VALUES ({_NEW}); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _sqlite_has_fts5(cursor) -> bool:
    cursor.execute("PRAGMA compile_options")
    return any("ENABLE_FTS5" in row[0] for row in cursor.fetchall())


def engine_create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            statements = POSTGRES_CREATE
        elif vendor == "sqlite" and _sqlite_has_fts5(cursor):
            statements = SQLITE_CREATE
        else:
            statements = []
        for sql in statements:
            cursor.execute(sql)


def engine_drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}.get(vendor, [])
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def index_live_cases(apps, schema_editor):
    from casestudies.search import search_document

    page_model = apps.get_model("casestudies", "CaseStudyPage")
    text_model = apps.get_model("casestudies", "CaseStudySearchText")
    pages = page_model.objects.filter(live=True).prefetch_related(
        "countries", "themes", "programme_types", "risks", "population_groups"
    )
    text_model.objects.bulk_create(
        (text_model(page_id=page.pk, **search_document(page)) for page in pages.iterator(400)),
        batch_size=400,
    )


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0002_seed_taxonomies")]

    operations = [
        migrations.CreateModel(
            name="CaseStudySearchText",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_text",
                        serialize=False,
                        to="casestudies.casestudypage",
                    ),
                ),
                ("title", models.TextField(verbose_name="title")),
                ("keywords", models.TextField(blank=True, verbose_name="summary and tags")),
                ("body", models.TextField(blank=True, verbose_name="body")),
            ],
            options={"verbose_name": "case-study search text"},
        ),
        migrations.RunPython(engine_create, engine_drop),
        migrations.RunPython(index_live_cases, migrations.RunPython.noop),
    ]
