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


class CaseStudySearchText(models.Model):
    page = models.OneToOneField(
        "casestudies.CaseStudyPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_text",
    )
    # The row's page's locale (searches read the active language's rows) and the PostgreSQL
    # text-search configuration of the language its text is written in (learning.textsearch).
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    config = models.CharField(max_length=32, default="simple")
    # Three columns with falling weights: the title, then the summary and the names of the
    # countries, regions and tags, then everything else.
    title = models.TextField(_("title"))
    keywords = models.TextField(_("summary and tags"), blank=True)
    body = models.TextField(_("body"), blank=True)

    class Meta:
        verbose_name = _("case-study search text")
