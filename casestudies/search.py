"""Full-text search of the library, on its own index (casestudies.models.CaseStudySearchText).

One row per live case in each language (a translation, or an alias showing the English text):
title, keywords (summary, countries, regions, tags) and body (the sections, institutions,
funders). The engines, the languages and how Chinese and Lao are cut into words are
learning.textsearch's; the library searches the active language's rows.
(Wagtail's index ranks ``title || body``, an expression no index covers: about 180 ms for
10,000 cases here, against 10 ms on this table.)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.html import strip_tags
from django_countries import countries as all_countries
from wagtail.models import Page

from learning import textsearch

from .models import CaseStudyPage, CaseStudySearchText
from .regions import Region

# The FTS5 table of SQLite, created by migration 0007; keep in step with it.
SQLITE_FTS_TABLE = "casestudies_searchtext_fts"
BATCH = 400


def query_words(q: str) -> list[str]:
    """Only words reach the engine: quotes and operators would be query syntax."""
    return textsearch.query_terms(q)


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
    segment = textsearch.segment
    return {
        "title": segment(page.title),
        "keywords": segment(" ".join([page.summary, *tags])),
        "body": segment(" ".join(" ".join(b.split()) for b in body if b)),
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
    # A case's aliases in other languages show its text: they are rewritten with it.
    page_ids += [
        pk
        for pk in Page.objects.filter(alias_of_id__in=page_ids).values_list("pk", flat=True)
        if pk not in page_ids
    ]
    for offset in range(0, len(page_ids), BATCH):
        batch = page_ids[offset : offset + BATCH]
        live = list(_prefetched(CaseStudyPage.objects.live().filter(pk__in=batch)))
        languages = textsearch.content_languages(live)
        rows = [
            CaseStudySearchText(
                page_id=page.pk,
                locale_id=page.locale_id,
                config=textsearch.config_for(languages[page.pk]),
                **search_document(page),
            )
            for page in live
        ]
        CaseStudySearchText.objects.filter(page_id__in=batch).delete()
        CaseStudySearchText.objects.bulk_create(rows)


def search_text_rebuild() -> int:
    """Index every live case again (after a bulk change done without signals)."""
    ids = list(CaseStudyPage.objects.live().values_list("pk", flat=True))
    CaseStudySearchText.objects.exclude(page_id__in=ids).delete()
    search_text_refresh(page_ids=ids)
    return len(ids)


# --- Matching -----------------------------------------------------------------------------------


def search_matches(q: str, *, locale_id: int | None = None) -> dict[int, float]:
    """Case id -> rank (lower is more relevant) for every indexed case of the active language
    (or `locale_id`) holding all the words."""
    return textsearch.matches(CaseStudySearchText, fts=SQLITE_FTS_TABLE, q=q, locale_id=locale_id)
