"""Fast creation of many published case studies at once, for imports, tests and benchmarks.

Creating a page through the tree API costs a dozen queries and a revision; this writes
rows in batches instead (the tree path of each case is computed here), then indexes the
cases for search (the library's own index, and Wagtail's for the admin). Revisions are not
written: the cases are live from the start.

This bypasses the review workflow by design, like any system publication (see
casestudies/publishing.py): it is for code only (benchmarks, tests) and no view, command or
task an editor can reach may call it. Editors' imports would create drafts with
`case_study_create` and submit them for review.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from learning.pagetree import tree_changed

from .facets import library_invalidate
from .models import CaseStudyCountry, CaseStudyIndexPage, CaseStudyPage
from .regions import region_for
from .search import search_text_refresh

BATCH = 400


@transaction.atomic
def case_studies_bulk_create(
    *, index: CaseStudyIndexPage, rows: list[dict], search_index: bool = True
) -> list[int]:
    """Each row: title, summary, countries (codes), year_start, optional year_end, context,
    and taxonomy term lists themes, programme_types, risks, population_groups. Returns ids."""
    index.refresh_from_db()
    ct = ContentType.objects.get_for_model(CaseStudyPage)
    locale = Locale.get_default()
    last = (
        Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        .order_by("-path")
        .first()
    )
    start = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    bases, children = [], []
    for i, row in enumerate(rows, start=1):
        step = Page._int2str(start + i).rjust(Page.steplen, "0")
        slug = f"{slugify(row['title'])[:60]}-{uuid.uuid4().hex[:8]}"
        base = Page(
            title=row["title"],
            draft_title=row["title"],
            slug=slug,
            content_type=ct,
            path=index.path + step,
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=row.get("published_at", now),
            last_published_at=row.get("published_at", now),
            locale=locale,
            translation_key=uuid.uuid4(),
        )
        bases.append(base)
    for offset in range(0, len(bases), BATCH):
        Page.objects.bulk_create(bases[offset : offset + BATCH])
    if any(b.pk is None for b in bases):  # backends that do not return ids
        by_path = dict(
            Page.objects.filter(path__in=[b.path for b in bases]).values_list("path", "pk")
        )
        for b in bases:
            b.pk = b.id = by_path[b.path]
    fields = list(CaseStudyPage._meta.local_concrete_fields)
    for base, row in zip(bases, rows, strict=True):
        child = CaseStudyPage(
            page_ptr_id=base.pk,
            summary=row.get("summary", ""),
            year_start=row["year_start"],
            year_end=row.get("year_end"),
            context=row.get("context", ""),
            institutions=row.get("institutions", ""),
        )
        children.append(child)
    for offset in range(0, len(children), BATCH):
        CaseStudyPage.objects._insert(children[offset : offset + BATCH], fields=fields)

    countries = []
    through_rows: dict[str, list] = {}
    for base, row in zip(bases, rows, strict=True):
        for order, code in enumerate(dict.fromkeys(row["countries"])):
            countries.append(
                CaseStudyCountry(
                    page_id=base.pk, country=code, region=region_for(code), sort_order=order
                )
            )
        for field_name in ("themes", "programme_types", "risks", "population_groups"):
            through = getattr(CaseStudyPage, field_name).through
            target = next(
                f.name for f in through._meta.fields if f.name not in ("id", "casestudypage")
            )
            for term in row.get(field_name, ()):
                through_rows.setdefault(field_name, []).append(
                    through(casestudypage_id=base.pk, **{f"{target}_id": term.pk})
                )
    CaseStudyCountry.objects.bulk_create(countries, batch_size=BATCH)
    for field_name, objs in through_rows.items():
        getattr(CaseStudyPage, field_name).through.objects.bulk_create(objs, batch_size=BATCH)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + len(bases))
    ids = [b.pk for b in bases]
    # Rows written in bulk send no signal: the library's and the page tree's versions are
    # moved here, once the transaction commits.
    library_invalidate()
    tree_changed()
    search_text_refresh(page_ids=ids)  # the library's own search index
    if search_index:  # Wagtail's index, which the admin's search uses
        backend = get_search_backend()
        for offset in range(0, len(ids), BATCH):
            objs = list(
                CaseStudyPage.objects.filter(pk__in=ids[offset : offset + BATCH]).prefetch_related(
                    "countries", "themes", "programme_types", "risks", "population_groups"
                )
            )
            backend.add_bulk(CaseStudyPage, objs)
    return ids
