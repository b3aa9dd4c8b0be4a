"""The library's own full-text index: one row of searchable text per live case study.

Wagtail's search index serves the admin; the library searches this table instead, so that
its speed and its SQL depend only on tables this app owns. The rows are plain Django
fields; each database adds its engine in migration 0007 (learning.textsearch: a
GIN-indexed tsvector column filled in each row's language on PostgreSQL, an FTS5 table kept
in step by triggers on SQLite) and casestudies/search.py queries it.
casestudies/signal_handlers.py keeps the rows in step with publishing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from learning.textsearch import SearchText


class CaseStudySearchText(SearchText):
    page = models.OneToOneField(
        "casestudies.CaseStudyPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_text",
    )
    # Three columns with falling weights: the title, then the summary and the names of the
    # countries, regions and tags, then everything else.
    keywords = models.TextField(_("summary and tags"), blank=True)

    class Meta:
        verbose_name = _("case-study search text")
