"""Reads of the case-study library: faceted search, country pages, citations.

Facets follow the usual "disjunctive" rule: values inside one facet are OR'ed, facets are
AND'ed, and each facet's counts apply every selection except its own, so that a learner
sees how many cases each other value would give. Every facet costs one query whatever the
number of cases, so the library page's query count stays flat as the library grows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries
from wagtail.models import Page, ReferenceIndex

from learning.locales import active_locale_id, default_locale_id

from .facets import PERIODS, library_index, page_ids_in_order
from .models import (
    CaseStudyCountry,
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyRelatedPage,
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


# --- Citations both ways ------------------------------------------------------------------------


def _course_model():
    """The courses app's CoursePage, looked up by name: casestudies must not import courses."""
    try:
        return ContentType.objects.get_by_natural_key("courses", "coursepage")
    except ContentType.DoesNotExist:
        return None


def citing_pages_for(cases: list[CaseStudyPage]) -> dict[int, list[dict]]:
    """For each case, the live pages (lessons) that cite it and the course each belongs to.

    Lessons cite a case through `casestudies.blocks.CaseStudyBlock`; Wagtail's reference
    index records that citation, so the case never needs to know the courses app. Pages
    an editor related by hand are added too. Six queries whatever the number of cases.
    """
    if not cases:
        return {}
    page_ct = ContentType.objects.get_for_model(Page)
    case_ids = [c.pk for c in cases]
    # A lesson cites the case in its own language's tree, or the source case: every page of
    # the case's translation key stands for the case shown.
    by_key = {c.translation_key: c.pk for c in cases}
    shown = {
        pk: by_key[key]
        for pk, key in Page.objects.filter(translation_key__in=by_key).values_list(
            "pk", "translation_key"
        )
    }
    refs = ReferenceIndex.objects.filter(
        to_content_type=page_ct,
        to_object_id__in=[str(pk) for pk in shown],
        base_content_type=page_ct,
    ).values_list("to_object_id", "object_id")
    pairs = {(shown[int(to_id)], int(from_id)) for to_id, from_id in refs}
    pairs |= {
        (shown[page_id], target_id)
        for page_id, target_id in CaseStudyRelatedPage.objects.filter(
            page_id__in=shown
        ).values_list("page_id", "target_id")
    }
    # Each citing page exists once per content language: keep the one in the reader's
    # language (or the source's when it has none), one per translation key.
    keys = dict(
        Page.objects.filter(pk__in={from_id for _to, from_id in pairs})
        .exclude(pk__in=shown)
        .values_list("pk", "translation_key")
    )
    wanted = active_locale_id()
    chosen = {}
    for page in (
        Page.objects.live()
        .public()
        .filter(translation_key__in=set(keys.values()), locale_id__in={wanted, default_locale_id()})
    ):
        if page.translation_key not in chosen or page.locale_id == wanted:
            chosen[page.translation_key] = page
    sources = {pk: chosen[key] for pk, key in keys.items() if key in chosen}
    pairs = {(to_id, sources[from_id].pk) for to_id, from_id in pairs if from_id in sources}
    sources = {page.pk: page for page in sources.values()}
    course_ct = _course_model()
    courses = {}
    if course_ct is not None and sources:
        ancestor_paths = {
            p.path[: Page.steplen * depth]
            for p in sources.values()
            for depth in range(1, p.depth + 1)
        }
        courses = {
            c.path: c
            for c in Page.objects.live()
            .public()
            .filter(content_type=course_ct, path__in=ancestor_paths)
        }
    result: dict[int, list[dict]] = {pk: [] for pk in case_ids}
    for to_id, from_id in sorted(pairs):
        source = sources.get(from_id)
        if source is None:
            continue
        course = next((courses[path] for path in courses if source.path.startswith(path)), None)
        result[to_id].append(
            {
                "page": source,
                "course": course,
                "is_course": course is not None and course.pk == source.pk,
            }
        )
    for items in result.values():
        items.sort(key=lambda i: ((i["course"] or i["page"]).title, i["page"].path))
    return result


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
