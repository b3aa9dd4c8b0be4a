"""Full-text search of the library, on its own index (casestudies.models.CaseStudySearchText).

One row per live case: title, keywords (summary, countries, regions, tags) and body (the
sections, institutions, funders). Each database brings its engine (migration 0003):

- PostgreSQL: a generated ``tsvector`` column over the three columns (weights A, B, D),
  GIN-indexed, so a match is an index scan and the rank reads one small vector per match.
  (Wagtail's index ranks ``title || body``, an expression no index covers: every row was
  concatenated and matched, about 180 ms for 10,000 cases here, against 10 ms now.)
- SQLite: an FTS5 table (porter stemming, diacritics ignored) kept in step with the rows
  by triggers, ranked by ``bm25`` inside the engine.
- Any other database: every word in one of the columns, without relevance.

Only ``\\w+`` words reach the engine, so quotes and operators are never query syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.utils.html import strip_tags
from django_countries import countries as all_countries

from .models import CaseStudyPage, CaseStudySearchText
from .regions import Region

TABLE = CaseStudySearchText._meta.db_table
# The names below are created by migration 0003; keep them in step with it.
SQLITE_FTS_TABLE = "casestudies_searchtext_fts"
POSTGRES_CONFIG = "english"  # the text-search configuration of the generated column
MAX_WORDS = 32
BATCH = 400


def query_words(q: str) -> list[str]:
    """Only words reach the engine: quotes and operators would be query syntax."""
    return [w.lower() for w in re.findall(r"\w+", q)][:MAX_WORDS]


# --- What is indexed ----------------------------------------------------------------------------


def search_document(page) -> dict[str, str]:
    """The searchable text of a case. Uses only fields and relations, so that migrations can
    call it with their historical models too."""
    names = dict(all_countries)
    tags = []
    for row in page.countries.all():
        tags.append(str(names.get(str(row.country), row.country)))
        if row.region:
            tags.append(str(Region(row.region).label))
    for relation in (page.themes, page.programme_types, page.risks, page.population_groups):
        tags += [t.name for t in relation.all()]
    sections = [
        page.context,
        page.challenge,
        page.approach,
        page.results,
        page.lessons_learned,
    ]
    body = [strip_tags(s) for s in sections if s] + [page.institutions, page.funders]
    return {
        "title": page.title,
        "keywords": " ".join([page.summary, *tags]),
        "body": " ".join(" ".join(b.split()) for b in body if b),
    }


def _prefetched(queryset):
    return queryset.prefetch_related(
        "countries", "themes", "programme_types", "risks", "population_groups"
    )


@transaction.atomic
def search_text_refresh(*, page_ids: Iterable[int]) -> None:
    """Rewrite the index rows of these cases: live cases get their current text, the others
    (unpublished, deleted) lose their row. A fixed number of queries per 400 cases."""
    page_ids = list(dict.fromkeys(page_ids))
    for offset in range(0, len(page_ids), BATCH):
        batch = page_ids[offset : offset + BATCH]
        live = _prefetched(CaseStudyPage.objects.live().filter(pk__in=batch))
        rows = [CaseStudySearchText(page_id=page.pk, **search_document(page)) for page in live]
        CaseStudySearchText.objects.filter(page_id__in=batch).delete()
        CaseStudySearchText.objects.bulk_create(rows)


def search_text_rebuild() -> int:
    """Index every live case again (after a bulk change done without signals)."""
    ids = list(CaseStudyPage.objects.live().values_list("pk", flat=True))
    CaseStudySearchText.objects.exclude(page_id__in=ids).delete()
    search_text_refresh(page_ids=ids)
    return len(ids)


# --- Matching -----------------------------------------------------------------------------------


def _sqlite_has_fts() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [SQLITE_FTS_TABLE])
        return cursor.fetchone() is not None


_engine_checked: dict[str, bool] = {}


def search_matches(q: str) -> dict[int, float]:
    """Case id -> rank (lower is more relevant) for every indexed case holding all the words."""
    words = query_words(q)
    if not words:
        return {}
    vendor = connection.vendor
    if vendor == "sqlite" and vendor not in _engine_checked:
        _engine_checked[vendor] = _sqlite_has_fts()
    if vendor == "postgresql":
        sql = (
            # The table name is a constant of this module; the words travel as a parameter.
            f"SELECT s.page_id, -ts_rank(s.vector, q) FROM {TABLE} s, "  # noqa: S608
            f"plainto_tsquery('{POSTGRES_CONFIG}'::regconfig, %s) q WHERE s.vector @@ q"
        )
        params = [" ".join(words)]
    elif vendor == "sqlite" and _engine_checked[vendor]:
        sql = (
            f"SELECT rowid, bm25({SQLITE_FTS_TABLE}, 10.0, 4.0, 1.0) "  # noqa: S608
            f"FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH %s"
        )
        # Each word quoted: a phrase of one token, never an operator.
        params = [" ".join(f'"{w}"' for w in words)]
    else:
        rows = CaseStudySearchText.objects.all()
        for word in words:
            rows = rows.filter(
                Q(title__icontains=word) | Q(keywords__icontains=word) | Q(body__icontains=word)
            )
        return dict.fromkeys(rows.values_list("page_id", flat=True), 0.0)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(page_id): float(rank) for page_id, rank in cursor.fetchall()}
