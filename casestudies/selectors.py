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
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries
from wagtail.models import Page, ReferenceIndex

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

PER_PAGE = 12
MAX_QUERY_LENGTH = 200

# (URL parameter, label, taxonomy model, the page's many-to-many field)
TAXONOMY_FACETS = [
    ("theme", _("Theme"), Theme, "themes"),
    ("type", _("Programme type"), ProgrammeType, "programme_types"),
    ("risk", _("Life-cycle risk"), LifeCycleRisk, "risks"),
    ("group", _("Population group"), PopulationGroup, "population_groups"),
]
# (URL value, label, first year, last year); a case counts in every period it overlaps.
PERIODS = [
    ("before-2000", _("Before 2000"), None, 1999),
    ("2000s", _("2000–2009"), 2000, 2009),
    ("2010s", _("2010–2019"), 2010, 2019),
    ("2020s", _("2020 onwards"), 2020, None),
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
    page: object  # django.core.paginator.Page of CaseStudyPage
    total: int
    chips: list[dict] = field(default_factory=list)


def _period_q(value: str) -> Q:
    for key, _label, first, last in PERIODS:
        if key == value:
            q = Q()
            if last is not None:
                q &= Q(year_start__lte=last)
            if first is not None:
                q &= Q(year_end__isnull=True) | Q(year_end__gte=first)
            return q
    return Q(pk__in=[])


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


def _taxonomy_terms() -> dict[str, list]:
    return {key: list(model.objects.all()) for key, _l, model, _f in TAXONOMY_FACETS}


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


def _facet_filter(key: str, values: list[str], terms: dict[str, list]) -> Q:
    if key == "country":
        return Q(pk__in=CaseStudyCountry.objects.filter(country__in=values).values("page_id"))
    if key == "region":
        return Q(pk__in=CaseStudyCountry.objects.filter(region__in=values).values("page_id"))
    if key == "period":
        q = Q()
        for value in values:
            q |= _period_q(value)
        return q
    for facet_key, _label, _model, field_name in TAXONOMY_FACETS:
        if facet_key == key:
            through = getattr(CaseStudyPage, field_name).through
            ids = [t.pk for t in terms[key] if t.slug in values]
            column = _target_field(through)
            return Q(
                pk__in=through.objects.filter(**{f"{column}_id__in": ids}).values(
                    "casestudypage_id"
                )
            )
    raise ValueError(key)


def _target_field(through) -> str:
    return next(f.name for f in through._meta.fields if f.name not in ("id", "casestudypage"))


def library_base_queryset(index: CaseStudyIndexPage) -> QuerySet:
    """Cases a learner may see: live, public, in this library."""
    return CaseStudyPage.objects.live().public().child_of(index)


def _search_queryset(q: str) -> QuerySet:
    # Only words reach the search backend: quotes and operators would be query syntax
    # (SQLite FTS fails on an unbalanced quote). The backend returns a plain queryset
    # (matching ids through its index table), which composes with the facet filters in SQL.
    words = " ".join(re.findall(r"\w+", q)).lower()
    return CaseStudyPage.objects.search(words, operator="and").get_queryset()


def library_search(*, index: CaseStudyIndexPage, params, page_number=1) -> LibraryResult:
    raw_query = params.get("q", "")
    q, message = clean_query(raw_query)
    terms = _taxonomy_terms()
    selected = library_selection(params, terms)
    sort = params.get("sort", "")
    if sort not in SORTS or (sort == "relevance" and not q):
        sort = "relevance" if q else "newest"

    base = library_base_queryset(index)
    if message:
        base = base.none()
    elif q:
        base = base.filter(pk__in=_search_queryset(q).order_by().values("pk"))

    filters = {k: _facet_filter(k, v, terms) for k, v in selected.items() if v}

    def without(key):
        qs = base
        for other, condition in filters.items():
            if other != key:
                qs = qs.filter(condition)
        return qs

    facets = [
        _country_facet(without("country").values("pk"), selected["country"]),
        _region_facet(without("region").values("pk"), selected["region"]),
    ]
    for key, label, _model, field_name in TAXONOMY_FACETS:
        facets.append(
            _taxonomy_facet(key, label, field_name, terms[key], without(key), selected[key])
        )
    facets.append(_period_facet(without("period"), selected["period"]))
    facets.sort(key=lambda f: FACET_KEYS.index(f.key))

    results = without(None)
    if sort == "relevance":
        results = _search_queryset(q).filter(pk__in=results.values("pk"))
    elif sort == "title":
        results = results.order_by("title", "pk")
    elif sort == "recent-period":
        results = results.order_by("-year_start", "title", "pk")
    else:
        results = results.order_by("-first_published_at", "-pk")
    results = results.prefetch_related(
        Prefetch("countries", queryset=CaseStudyCountry.objects.order_by("sort_order")),
        "themes",
    )
    paginator = Paginator(results, PER_PAGE)
    page = paginator.get_page(page_number)
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
        total=paginator.count,
        chips=chips,
    )


def _country_facet(page_ids, selected) -> Facet:
    rows = (
        CaseStudyCountry.objects.filter(page_id__in=page_ids)
        .values("country")
        .annotate(n=Count("page_id", distinct=True))
    )
    counts = {r["country"]: r["n"] for r in rows}
    names = dict(all_countries)
    codes = set(counts) | set(selected)
    options = [
        FacetOption(code, str(names.get(code, code)), counts.get(code, 0), code in selected)
        for code in codes
    ]
    options.sort(key=lambda o: o.label)
    return Facet("country", str(_("Country")), options)


def _region_facet(page_ids, selected) -> Facet:
    rows = (
        CaseStudyCountry.objects.filter(page_id__in=page_ids)
        .values("region")
        .annotate(n=Count("page_id", distinct=True))
    )
    counts = {r["region"]: r["n"] for r in rows}
    options = [
        FacetOption(value, str(label), counts.get(value, 0), value in selected)
        for value, label in Region.choices
    ]
    return Facet("region", str(_("Region")), options)


def _taxonomy_facet(key, label, field_name, terms, qs, selected) -> Facet:
    through = getattr(CaseStudyPage, field_name).through
    column = _target_field(through)
    rows = (
        through.objects.filter(casestudypage_id__in=qs.values("pk"))
        .values(f"{column}_id")
        .annotate(n=Count("casestudypage_id"))
    )
    counts = {r[f"{column}_id"]: r["n"] for r in rows}
    options = [FacetOption(t.slug, t.name, counts.get(t.pk, 0), t.slug in selected) for t in terms]
    return Facet(key, str(label), options)


def _period_facet(qs, selected) -> Facet:
    counts = qs.aggregate(
        **{f"p{i}": Count("pk", filter=_period_q(key)) for i, (key, *_rest) in enumerate(PERIODS)}
    )
    options = [
        FacetOption(key, str(label), counts[f"p{i}"], key in selected)
        for i, (key, label, *_rest) in enumerate(PERIODS)
    ]
    return Facet("period", str(_("Period")), options)


# --- Country pages ------------------------------------------------------------------------------


def country_cases(*, index: CaseStudyIndexPage, code: str) -> list[CaseStudyPage]:
    return list(
        library_base_queryset(index)
        .filter(pk__in=CaseStudyCountry.objects.filter(country=code).values("page_id"))
        .order_by("title")
        .prefetch_related("countries", "themes")
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
    an editor related by hand are added too. Three queries whatever the number of cases.
    """
    if not cases:
        return {}
    page_ct = ContentType.objects.get_for_model(Page)
    case_ids = [c.pk for c in cases]
    refs = ReferenceIndex.objects.filter(
        to_content_type=page_ct,
        to_object_id__in=[str(pk) for pk in case_ids],
        base_content_type=page_ct,
    ).values_list("to_object_id", "object_id")
    pairs = {(int(to_id), int(from_id)) for to_id, from_id in refs}
    pairs |= set(
        CaseStudyRelatedPage.objects.filter(page_id__in=case_ids).values_list(
            "page_id", "target_id"
        )
    )
    source_ids = {from_id for _to, from_id in pairs}
    sources = {
        p.pk: p
        for p in Page.objects.live().public().filter(pk__in=source_ids).exclude(pk__in=case_ids)
    }
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
