"""The catalogue's own full-text index in every content language (courses/search.py and
learning.textsearch); every live course, in every locale, is indexed."""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "courses_coursesearchtext"
FTS = "courses_searchtext_fts"


def engine_create(apps, schema_editor):
    from learning.textsearch import engine_create

    engine_create(schema_editor, table=TABLE, fts=FTS)


def engine_drop(apps, schema_editor):
    from learning.textsearch import engine_drop

    engine_drop(schema_editor, table=TABLE, fts=FTS)


def index_live_courses(apps, schema_editor):
    from courses.search import search_document
    from learning.textsearch import config_for

    course_model = apps.get_model("courses", "CoursePage")
    text_model = apps.get_model("courses", "CourseSearchText")
    page_model = apps.get_model("wagtailcore", "Page")
    codes = dict(apps.get_model("wagtailcore", "Locale").objects.values_list("pk", "language_code"))
    shown = dict(page_model.objects.values_list("pk", "locale_id"))
    rows = []
    for course in course_model.objects.filter(live=True).select_related("topic"):
        titles = page_model.objects.filter(
            path__startswith=course.path, depth__gt=course.depth, live=True
        ).order_by("path")
        language = codes.get(shown.get(course.alias_of_id, course.locale_id))
        rows.append(
            text_model(
                page_id=course.pk,
                locale_id=course.locale_id,
                config=config_for(language),
                **search_document(course, list(titles.values_list("title", flat=True))),
            )
        )
    text_model.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_translatable"),
        ("learning", "0006_content_locales"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.CreateModel(
            name="CourseSearchText",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_text",
                        serialize=False,
                        to="courses.coursepage",
                    ),
                ),
                ("config", models.CharField(default="simple", max_length=32)),
                ("title", models.TextField(verbose_name="title")),
                ("keywords", models.TextField(blank=True, verbose_name="summary and topic")),
                ("body", models.TextField(blank=True, verbose_name="body")),
                (
                    "locale",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.locale",
                    ),
                ),
            ],
            options={"verbose_name": "course search text"},
        ),
        migrations.RunPython(engine_create, engine_drop),
        migrations.RunPython(index_live_courses, migrations.RunPython.noop),
    ]
