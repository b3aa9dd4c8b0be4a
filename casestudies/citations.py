"""Which lessons and courses cite a case study: Wagtail's reference index and the pages an
editor related by hand, one citing page per translation key in the reader's language."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from learning.locales import active_locale_id, default_locale_id

from .models import CaseStudyPage, CaseStudyRelatedPage


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
