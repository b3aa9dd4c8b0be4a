"""The catalogue: filters in the URL and full-text search in every language (courses/search.py)."""

from django.conf import settings
from django.core.paginator import Paginator

from learning.locales import default_locale_id

from ..languages import course_languages
from ..models import CourseFormat, CourseLevel, CoursePage, Topic
from ..search import search_matches

PAGE_SIZE = 12


def catalogue_context(request, index_page) -> dict:
    """What the catalogue page shows: `CourseIndexPage.get_context` adds it to its own."""
    courses = CoursePage.objects.child_of(index_page).live().public()
    topics = list(Topic.objects.filter(locale_id=default_locale_id()))
    chosen = {
        "topic": request.GET.get("topic", ""),
        "level": request.GET.get("level", ""),
        "language": request.GET.get("language", ""),
        "format": request.GET.get("format", ""),
    }
    # Unknown values are ignored rather than answered with an error page.
    topic = next((t for t in topics if t.slug == chosen["topic"]), None)
    if topic:
        courses = courses.filter(topic=topic)
    if chosen["level"] in CourseLevel.values:
        courses = courses.filter(level=chosen["level"])
    if chosen["format"] in CourseFormat.values:
        courses = courses.filter(format=chosen["format"])
    query = request.GET.get("q", "").strip()[:200]
    if query:
        ranks = search_matches(query)
        found = courses.filter(pk__in=list(ranks)).select_related("topic", "cover_image")
        results = sorted(found, key=lambda course: (ranks[course.pk], course.title))
    else:
        results = list(courses.select_related("topic", "cover_image").order_by("title"))
    # "Available in": the source language or a live translation (one query for all courses).
    languages = course_languages(results)
    if chosen["language"] in dict(settings.LANGUAGES):
        results = [c for c in results if chosen["language"] in languages[c.translation_key]]
    names = dict(settings.LANGUAGES)
    for course in results:
        course.available_languages = [
            (code, names[code]) for code in languages[course.translation_key]
        ]
    paginator = Paginator(results, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return {
        "courses": page_obj.object_list,
        "page_obj": page_obj,
        "query": query,
        "chosen": chosen,
        "topics": topics,
        "levels": CourseLevel.choices,
        "formats": CourseFormat.choices,
        "languages": settings.LANGUAGES,
        "result_count": paginator.count,
    }
