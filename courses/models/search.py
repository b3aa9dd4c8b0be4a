"""The catalogue's own full-text index: one row of searchable text per live course page, in
each language (a translation, or an alias showing the English text).

The engines (a GIN-indexed tsvector filled in each row's language on PostgreSQL, FTS5 on
SQLite) are learning.textsearch's, created by migration 0009; courses/search.py writes the
rows when a course is published or unpublished and answers the catalogue's queries.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from learning.textsearch import SearchText


class CourseSearchText(SearchText):
    page = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_text",
    )
    # The title; then the summary and the topic family; then the learning outcomes and the
    # titles of the modules and steps.
    keywords = models.TextField(_("summary and topic"), blank=True)

    class Meta:
        verbose_name = _("course search text")
