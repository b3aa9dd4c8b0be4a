"""An in-process index of the library's facets, rebuilt only when a case study changes.

Counting every facet in SQL cost seven aggregate queries over the whole library per request
(about a second for 10,000 cases on this machine). The visible cases and their facet
values fit in a few megabytes, so each process keeps them as sets of ids: a selection is
a few set intersections, and counts follow from them in microseconds. A version number
in the shared cache (Redis in production), moved when the change commits, tells every
process when to rebuild: publishing, unpublishing, moving or deleting a case, a view
restriction or a taxonomy change bumps it.
"""

from __future__ import annotations

import heapq
import threading
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from learning.locales import default_locale_id
from learning.pagetree import SharedVersion

from .models import (
    CaseStudyCountry,
    CaseStudyIndexPage,
    CaseStudyPage,
    LifeCycleRisk,
    PopulationGroup,
    ProgrammeType,
    Theme,
)

LIBRARY = SharedVersion("casestudies:library-version")
VERSION_KEY = LIBRARY.key
# (URL value, label, first year, last year); a case counts in every period it overlaps.
PERIODS = [
    ("before-2000", _("Before 2000"), None, 1999),
    ("2000s", _("2000–2009"), 2000, 2009),
    ("2010s", _("2010–2019"), 2010, 2019),
    ("2020s", _("2020 onwards"), 2020, None),
]

# (URL parameter, taxonomy model, the page's many-to-many field)
TAXONOMIES = [
    ("theme", Theme, "themes"),
    ("type", ProgrammeType, "programme_types"),
    ("risk", LifeCycleRisk, "risks"),
    ("group", PopulationGroup, "population_groups"),
]


@dataclass(frozen=True)
class LibraryIndex:
    version: str
    ids: frozenset
    values: dict  # facet key -> {value: frozenset of case ids}
    terms: dict  # facet key -> [taxonomy term objects, in display order]
    title: dict  # case id -> casefolded title
    published: dict  # case id -> first-published timestamp
    year_start: dict  # case id -> first year
    year_end: dict  # case id -> last year or None
    order: dict  # sort key -> every case id, in that order
    countries_of: dict  # case id -> country codes, in the editor's order
    themes_of: dict  # case id -> Theme objects, by name
    # The same sets as bitsets (one bit per case, at `position[case id]`): a facet count is
    # then `(pool & value).bit_count()`, about 1.5 ms less per search over 10,000 cases than
    # intersecting Python sets (docs/decisions/casestudies-facets.md).
    position: dict  # case id -> bit
    bits: dict  # facet key -> {value: int}

    def bits_of(self, ids) -> int:
        """A set of this library's case ids as a bitset."""
        buffer = bytearray(len(self.position) // 8 + 1)
        position = self.position
        for pk in ids:
            bit = position[pk]
            buffer[bit >> 3] |= 1 << (bit & 7)
        return int.from_bytes(buffer, "little")

    def value_ids(self, key: str, value: str, *, bits: bool = False):
        """The ids of the cases with this facet value: a frozenset, or with `bits` a bitset."""
        table, empty = (self.bits, 0) if bits else (self.values, frozenset())
        if key not in ("country", "region", "period"):
            term = next((t for t in self.terms[key] if t.slug == value), None)
            value = term.pk if term else None
        return table[key].get(value, empty)


# The index built in this process, under the shared version it was built from: a version
# moved by another process is a miss here, so the index is rebuilt.
_memo: dict[str, LibraryIndex] = {}
_lock = threading.Lock()


def library_version() -> str:
    return LIBRARY.current()


def library_invalidate(**_kwargs) -> None:
    """Every process rebuilds its facet index on its next library request, once the change
    commits (learning/pagetree.py explains why not before)."""
    LIBRARY.changed()


def _through_target(through) -> str:
    return next(f.name for f in through._meta.fields if f.name not in ("id", "casestudypage"))


def _build(index: CaseStudyIndexPage, version: str) -> LibraryIndex:
    rows = list(
        CaseStudyPage.objects.live()
        .public()
        .child_of(index)
        .values_list("pk", "title", "first_published_at", "year_start", "year_end")
    )
    ids = frozenset(r[0] for r in rows)
    values: dict[str, dict] = {"country": {}, "region": {}}
    countries_of: dict[int, list] = {}
    for page_id, country, region in CaseStudyCountry.objects.order_by(
        "page_id", "sort_order"
    ).values_list("page_id", "country", "region"):
        if page_id in ids:
            values["country"].setdefault(str(country), set()).add(page_id)
            values["region"].setdefault(region, set()).add(page_id)
            countries_of.setdefault(page_id, []).append(str(country))
    terms = {}
    for key, model, field_name in TAXONOMIES:
        # Source terms only: a translation is shown as its source's name (str(term)).
        terms[key] = list(model.objects.filter(locale_id=default_locale_id()))
        through = getattr(CaseStudyPage, field_name).through
        column = _through_target(through) + "_id"
        by_term: dict = {}
        for page_id, term_id in through.objects.values_list("casestudypage_id", column):
            if page_id in ids:
                by_term.setdefault(term_id, set()).add(page_id)
        values[key] = by_term
    year_start = {r[0]: r[3] for r in rows}
    year_end = {r[0]: r[4] for r in rows}
    theme_by_id = {t.pk: t for t in terms["theme"]}
    themes_of: dict[int, list] = {}
    for term in terms["theme"]:  # by name, the taxonomy's order
        for page_id in values["theme"].get(term.pk, ()):
            themes_of.setdefault(page_id, []).append(theme_by_id[term.pk])
    title = {r[0]: r[1].casefold() for r in rows}
    published = {r[0]: r[2].timestamp() if r[2] else 0.0 for r in rows}
    # Each sort's full order, computed once per rebuild: a page of results is then the first
    # matching ids of one list, not a sort of the whole selection on every request.
    order = {
        "newest": sorted(ids, key=lambda pk: (-published[pk], -pk)),
        "title": sorted(ids, key=lambda pk: (title[pk], pk)),
        "recent-period": sorted(ids, key=lambda pk: (-year_start[pk], title[pk], pk)),
    }
    values["period"] = {
        key: {
            pk
            for pk in ids
            if (last is None or year_start[pk] <= last)
            and (first is None or year_end[pk] is None or year_end[pk] >= first)
        }
        for key, _label, first, last in PERIODS
    }
    frozen = {k: {v: frozenset(s) for v, s in d.items()} for k, d in values.items()}
    built = LibraryIndex(
        version=version,
        ids=ids,
        values=frozen,
        terms=terms,
        title=title,
        published=published,
        year_start=year_start,
        year_end=year_end,
        order=order,
        countries_of={pk: tuple(codes) for pk, codes in countries_of.items()},
        themes_of={pk: tuple(themes) for pk, themes in themes_of.items()},
        position={pk: bit for bit, pk in enumerate(sorted(ids))},
        bits={},
    )
    for key, by_value in frozen.items():
        built.bits[key] = {value: built.bits_of(members) for value, members in by_value.items()}
    return built


def library_index(index: CaseStudyIndexPage) -> LibraryIndex:
    version = f"{library_version()}:{index.pk}"
    found = _memo.get(version)
    if found is None:
        with _lock:
            found = _memo.get(version)
            if found is None:
                found = _build(index, version)
                # One entry per library (each content language has its own): drop only the
                # entries of an older version, so that languages do not evict each other.
                current = f"{library_version()}:"
                for stale in [key for key in _memo if not key.startswith(current)]:
                    del _memo[stale]
                _memo[version] = found
    return found


def page_ids_in_order(*, sort: str, li: LibraryIndex, ranks, results, start: int, end: int):
    """The ids of results[start:end] in the chosen order (relevance: by the search's rank)."""
    if sort == "relevance":
        # Tuples built in one comprehension sort faster than a key function called per case.
        published = li.published
        keyed = [(ranks[pk], -published[pk], -pk) for pk in results]
        return [-least[2] for least in heapq.nsmallest(end, keyed)][start:]
    # The facet index holds every case in this order already: take the first that match.
    picked = []
    for pk in li.order[sort]:
        if pk in results:
            picked.append(pk)
            if len(picked) == end:
                break
    return picked[start:]
