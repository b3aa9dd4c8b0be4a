"""Reads of the case-study library: faceted search, country pages, citations.

Facets follow the usual "disjunctive" rule: values inside one facet are OR'ed, facets are
AND'ed, and each facet's counts apply every selection except its own, so that a learner
sees how many cases each other value would give. Every facet costs one query whatever the
number of cases, so the library page's query count stays flat as the library grows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from .citations import citing_pages_for
from .facets import PERIODS, library_index, page_ids_in_order
from .models import (
    CaseStudyCountry,
    CaseStudyIndexPage,
    CaseStudyPage,
    LifeCycleRisk,
    PopulationGroup,
    ProgrammeType,
    Theme,
)
from .regions import Region
from .search import search_matches

PER_PAGE = 12
MAX_QUERY_LENGTH = 200

# (URL parameter, label, taxonomy model, the page's many-to-many field)
TAXONOMY_FACETS = [
    ("theme", _("Theme"), Theme, "themes"),
    ("type", _("Programme type"), ProgrammeType, "programme_types"),
    ("risk", _("Life-cycle risk"), LifeCycleRisk, "risks"),
    ("group", _("Population group"), PopulationGroup, "population_groups"),
]
SORTS = {
    "relevance": _("Relevance"),
    "newest": _("Newest first"),
    "title": _("Title (A–Z)"),
    "recent-period": _("Most recent practice"),
}
FACET_KEYS = ["region", "country", "theme", "type", "risk", "group", "period"]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str
    label: str
    options: list[FacetOption]

    @property
    def any_selected(self) -> bool:
        return any(o.selected for o in self.options)


@dataclass
class LibraryResult:
    query: str
    message: str
    selected: dict[str, list[str]]
    sort: str
    facets: list[Facet]
    page: object  # django.core.paginator.Page (numbers only)
    total: int
    cases: list = field(default_factory=list)  # the CaseStudyPage objects of this page
    chips: list[dict] = field(default_factory=list)


def clean_query(raw: str) -> tuple[str, str]:
    """(query to search, message for the learner). An empty query means "no search"."""
    q = " ".join((raw or "").split())
    if not q:
        return "", ""
    if len(q) > MAX_QUERY_LENGTH:
        return "", str(
            _("Your search is too long. Use at most %(max)d characters.")
            % {"max": MAX_QUERY_LENGTH}
        )
    if not re.search(r"\w", q):
        return "", str(_("Type at least one letter or number to search."))
    return q, ""


def library_selection(params, terms: dict[str, list]) -> dict[str, list[str]]:
    """The facet values asked for in the URL, keeping only values that exist."""
    known = {
        "region": set(Region.values),
        "country": {code for code, _name in all_countries},
        "period": {key for key, *_rest in PERIODS},
        **{key: {t.slug for t in values} for key, values in terms.items()},
    }
    selected = {}
    for key in FACET_KEYS:
        values = []
        for value in params.getlist(key):
            value = value.strip()
            if key == "country":
                value = value.upper()
            if value in known[key] and value not in values:
                values.append(value)
        selected[key] = values
    return selected


def library_base_queryset(index: CaseStudyIndexPage) -> QuerySet:
    """Cases a learner may see: live, public, in this library."""
    return CaseStudyPage.objects.live().public().child_of(index)


def _with_card_fields(cases, *, countries_of, themes_of, names) -> list:
    """What a case card shows besides the page's own fields, without a query per card."""
    for case in cases:
        case.country_names = [str(names.get(code, code)) for code in countries_of(case)]
        case.theme_list = list(themes_of(case))
    return cases


def library_search(*, index: CaseStudyIndexPage, params, page_number=1) -> LibraryResult:
    """Facets, counts and one page of results, from the in-process facet index
    (casestudies.facets) plus one full-text query and one query for the page of cases."""
    raw_query = params.get("q", "")
    q, message = clean_query(raw_query)
    li = library_index(index)
    selected = library_selection(params, li.terms)
    sort = params.get("sort", "")
    if sort not in SORTS or (sort == "relevance" and not q):
        sort = "relevance" if q else "newest"

    ranks = {}
    base = li.ids
    if message:
        base = frozenset()
    elif q:
        ranks = search_matches(q)
        base = base & ranks.keys()

    chosen = {}
    for key, values in selected.items():
        if values:
            union: frozenset[int] = frozenset()
            for value in values:
                union |= li.value_ids(key, value)
            chosen[key] = union

    def without(key):
        # Every value's ids are visible cases, so the whole library (base without a query)
        # never narrows anything; the smallest set goes first, each step is then cheaper.
        sets = [u for other, u in chosen.items() if other != key]
        if base is not li.ids:
            sets.append(base)
        sets.sort(key=len)
        if not sets:
            return base
        ids = sets[0]
        for other in sets[1:]:
            ids = ids & other
        return ids

    base_bits: list[int] = []

    def options(key, pairs):
        pool = without(key)
        if pool is li.ids:  # nothing else narrows this facet: its counts are the set sizes
            return [
                FacetOption(value, label, len(li.value_ids(key, value)), value in selected[key])
                for value, label in pairs
            ]
        if pool is not base:  # narrowed by the other facets: its own bitset
            bits = li.bits_of(pool)
        else:  # the query's matches alone, the same for every facet: converted once
            if not base_bits:
                base_bits.append(li.bits_of(base))
            bits = base_bits[0]
        return [
            FacetOption(
                value,
                label,
                (bits & li.value_ids(key, value, bits=True)).bit_count(),
                value in selected[key],
            )
            for value, label in pairs
        ]

    names = dict(all_countries)
    country_codes = set(li.values["country"]) | set(selected["country"])
    country_options = [
        o
        for o in options("country", [(c, str(names.get(c, c))) for c in country_codes])
        if o.count or o.selected
    ]
    country_options.sort(key=lambda o: o.label)
    facets = [
        Facet(
            "region",
            str(_("Region")),
            options("region", [(v, str(lb)) for v, lb in Region.choices]),
        ),
        Facet("country", str(_("Country")), country_options),
    ]
    for key, label, _model, _field in TAXONOMY_FACETS:
        facets.append(
            Facet(key, str(label), options(key, [(t.slug, str(t)) for t in li.terms[key]]))
        )
    facets.append(
        Facet(
            "period", str(_("Period")), options("period", [(k, str(lb)) for k, lb, *_r in PERIODS])
        )
    )

    results = without(None)
    paginator = Paginator(range(len(results)), PER_PAGE)
    page = paginator.get_page(page_number)
    page_ids = (
        page_ids_in_order(
            sort=sort,
            li=li,
            ranks=ranks,
            results=results,
            start=page.start_index() - 1,
            end=page.end_index(),
        )
        if results
        else []
    )
    # One query for the page of cases; their countries and themes come from the facet index.
    by_id = {case.pk: case for case in CaseStudyPage.objects.filter(pk__in=page_ids)}
    _with_card_fields(
        by_id.values(),
        countries_of=lambda case: li.countries_of.get(case.pk, ()),
        themes_of=lambda case: li.themes_of.get(case.pk, ()),
        names=names,
    )
    chips = [
        {"key": f.key, "value": o.value, "label": o.label}
        for f in facets
        for o in f.options
        if o.selected
    ]
    return LibraryResult(
        query=raw_query.strip()[:MAX_QUERY_LENGTH] if not message else "",
        message=message,
        selected=selected,
        sort=sort,
        facets=facets,
        page=page,
        total=len(results),
        cases=[by_id[pk] for pk in page_ids if pk in by_id],
        chips=chips,
    )


# --- Country pages ------------------------------------------------------------------------------


def country_cases(*, index: CaseStudyIndexPage, code: str) -> list[CaseStudyPage]:
    cases = list(
        library_base_queryset(index)
        .filter(pk__in=CaseStudyCountry.objects.filter(country=code).values("page_id"))
        .order_by("title")
        .prefetch_related(
            Prefetch("countries", queryset=CaseStudyCountry.objects.order_by("sort_order")),
            "themes",
        )
    )
    return _with_card_fields(
        cases,
        countries_of=lambda case: [str(c.country) for c in case.countries.all()],
        themes_of=lambda case: case.themes.all(),
        names=dict(all_countries),
    )


def citation_text(*, case: CaseStudyPage, url: str) -> str:
    """A suggested citation: who, when, what, where, and the address."""
    authors = "; ".join(case.institution_list()[:3]) or "Socle"
    year = case.last_published_at or case.first_published_at
    year = year.year if year else case.year_start
    place = ", ".join(str(c.country.name) for c in case.countries.all())
    return str(
        _(
            "%(authors)s (%(year)s). %(title)s. Good-practice case study, %(place)s, "
            "%(period)s. Socle case-study library. %(url)s"
        )
        % {
            "authors": authors,
            "year": year,
            "title": case.title,
            "place": place,
            "period": case.period_label,
            "url": url,
        }
    )


def case_study_detail_context(*, case: CaseStudyPage, request) -> dict:
    url = request.build_absolute_uri(case.url) if request is not None else case.get_full_url()
    citing = citing_pages_for([case])[case.pk]
    countries = list(case.countries.all())
    return {
        "countries": countries,
        "regions": sorted({str(c.get_region_display()) for c in countries if c.region}),
        "key_figures": list(case.key_figures.all()),
        "sources": list(case.sources.select_related("document")),
        "citing": citing,
        "citation": citation_text(case=case, url=url),
        "library": case.get_parent(),
    }
