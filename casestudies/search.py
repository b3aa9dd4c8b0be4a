"""Full-text matching for the library, straight against Wagtail's database search index.

The search backend's own queryset joins its index the slow way round on SQLite (about 1.5 s
for a two-word query over 10,000 cases here, and 80 s when ordered by relevance, because
the score is a correlated subquery per row). The same index, queried as below, answers in
about 20 ms with the relevance score computed by the full-text engine itself. Other
databases fall back to the backend's own query, without relevance.
"""

from __future__ import annotations

import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from .models import CaseStudyPage


def query_words(q: str) -> list[str]:
    """Only words reach the engine: quotes and operators would be query syntax."""
    return [w.lower() for w in re.findall(r"\w+", q)][:32]


def search_matches(q: str) -> dict[int, float]:
    """Case id -> rank (lower is more relevant) for every case containing all the words."""
    words = query_words(q)
    if not words:
        return {}
    ct = ContentType.objects.get_for_model(CaseStudyPage)
    entry = IndexEntry._meta.db_table
    if connection.vendor == "sqlite":
        from wagtail.search.models import SQLiteFTSIndexEntry

        fts = SQLiteFTSIndexEntry._meta.db_table
        match = "{title body} : (" + " AND ".join(f'"{w}"' for w in words) + ")"
        sql = (
            # Table names come from the models; the words travel as a parameter.
            f'WITH f AS MATERIALIZED (SELECT rowid AS id, bm25("{fts}", 0, 1, 2) AS rank '  # noqa: S608
            f'FROM "{fts}" WHERE "{fts}" MATCH %s) '
            f'SELECT e.object_id, f.rank FROM f JOIN "{entry}" e ON e.id = f.id '
            f"WHERE e.content_type_id = %s"
        )
        params = [match, ct.pk]
    elif connection.vendor == "postgresql":
        config = getattr(get_search_backend(), "config", None)
        tsquery = "plainto_tsquery(%s::regconfig, %s)" if config else "plainto_tsquery(%s)"
        sql = (
            f'SELECT e.object_id, -ts_rank(e.title || e.body, q) FROM "{entry}" e, {tsquery} q '  # noqa: S608
            f"WHERE e.content_type_id = %s AND (e.title || e.body) @@ q"
        )
        params = [*([config] if config else []), " ".join(words), ct.pk]
    else:
        ids = (
            CaseStudyPage.objects.search(" ".join(words), operator="and", order_by_relevance=False)
            .get_queryset()
            .values_list("pk", flat=True)
        )
        return dict.fromkeys(ids, 0.0)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(object_id): float(rank) for object_id, rank in cursor.fetchall()}
