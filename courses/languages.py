"""One learner record across languages, for courses.

A course, module or step is served in the interface language: a translation, or an alias of
the English page (learning/locales.py). Whatever the page served, the learner's records
(enrolment, step progress, reflections, locks, completion, resume point) point to its
**source** page, so a learner who switches language keeps everything. Here: the source of a
served page, cached per page-tree version (a source page costs nothing, another language's
page one query once), and the titles and addresses of an outline in the active language,
laid over the source course's structure with one query per language and tree version.
Decision: docs/decisions/courses-one-record-across-languages.md.
"""

from dataclasses import replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from wagtail.models import Page

from learning.locales import default_locale_id, is_source, locale_id_for, locale_ids, source_id
from learning.pagetree import tree_version

from .models import CoursePage


def record_page_id(page: Page) -> int:
    """The id of the page that holds the learner records of `page` and its translations."""
    return source_id(page)


def record_course(course: CoursePage) -> CoursePage:
    """The source course (a `CoursePage`) holding the records of `course`: `course` itself
    when it is the source, or when it has none (a course that exists only in one language)."""
    if is_source(course) or course.pk is None:
        return course
    key = f"courses:source-course:{tree_version()}:{course.pk}"
    found = cache.get(key)
    if found is None:
        source_id = record_page_id(course)
        found = course
        if source_id != course.pk:
            found = CoursePage.objects.filter(pk=source_id).first() or course
        cache.set(key, found, 3600)
    return found


def localize_outlines(outlines: dict, locale_id: int) -> dict:
    """Copies of these source outlines ({course id: CourseOutline}) with the titles and URLs
    of the live pages of `locale_id` that translate (or alias) their course, modules and
    steps; ids stay the source's. Pages with no live counterpart keep the source's. One
    query for every course."""
    ids = {pk for pk in outlines}
    for outline in outlines.values():
        ids.update(m.pk for m in outline.modules)
        ids.update(s.pk for s in outline.steps)
    if not ids:
        return dict(outlines)
    source = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale_id=default_locale_id()
    ).values("pk")[:1]
    pages = {
        page.source_pk: page
        for page in Page.objects.filter(
            locale_id=locale_id,
            translation_key__in=Page.objects.filter(pk__in=ids).values("translation_key"),
        )
        .live()
        .annotate(source_pk=Coalesce(Subquery(source), F("pk")))
        .only("pk", "title", "url_path", "locale_id", "translation_key")
    }
    return {pk: _localized(outline, pages.get(pk), pages) for pk, outline in outlines.items()}


def _localized(outline, course: Page | None, pages: dict):
    if course is None:
        return replace(outline, modules=list(outline.modules))
    base_url = course.get_url() or outline.url

    def url_of(page: Page | None, default: str) -> str:
        if page is None:
            return default
        if page.url_path.startswith(course.url_path):
            return base_url + page.url_path[len(course.url_path) :]
        return page.get_url() or default

    modules = []
    for module in outline.modules:
        page = pages.get(module.pk)
        steps = [
            replace(
                step,
                title=pages[step.pk].title if step.pk in pages else step.title,
                url=url_of(pages.get(step.pk), step.url),
            )
            for step in module.steps
        ]
        modules.append(
            replace(
                module,
                title=page.title if page else module.title,
                url=url_of(page, module.url),
                steps=steps,
            )
        )
    return replace(outline, title=course.title, url=base_url, modules=modules)


# Which languages a course exists in: its source's language, plus each locale where a live
# translation (not an alias) exists (docs/decisions/learning-content-language-shown.md).
def course_languages(courses) -> dict[str, list[str]]:
    """Translation key -> language codes, in the order of `settings.LANGUAGES`."""
    keys = {course.translation_key for course in courses}
    if not keys:
        return {}
    code_of = {pk: code for code, pk in locale_ids().items()}
    default = default_locale_id()
    found: dict = {key: set() for key in keys}
    rows = CoursePage.objects.filter(
        translation_key__in=keys, live=True, alias_of__isnull=True
    ).values_list("translation_key", "locale_id", "language")
    for key, locale_id, language in rows:
        # The source says which language it is written in; a translation is in its locale's.
        found[key].add(language if locale_id == default else code_of.get(locale_id))
    order = [code for code, _name in settings.LANGUAGES]
    return {key: [code for code in order if code in codes] for key, codes in found.items()}


def title_in(page: Page, language: str) -> str:
    """The title of `page`'s live translation in `language` (an alias has the source's), or
    its own title when there is none; no query for the page's own locale."""
    locale_pk = locale_id_for(language)
    if locale_pk is None or locale_pk == page.locale_id:
        return page.title
    found = (
        Page.objects.filter(translation_key=page.translation_key, locale_id=locale_pk, live=True)
        .values_list("title", flat=True)
        .first()
    )
    return found or page.title


def available_languages(course: CoursePage) -> list[tuple[str, str]]:
    """(code, name in that language) of each language `course` exists in, as the catalogue
    shows them: one query once per page-tree version."""
    key = f"courses:available-languages:{tree_version()}:{course.translation_key}"
    codes = cache.get(key)
    if codes is None:
        codes = course_languages([course]).get(course.translation_key, [])
        cache.set(key, codes, 3600)
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in codes]
