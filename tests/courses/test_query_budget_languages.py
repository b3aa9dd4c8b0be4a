"""Query counts in Russian, with the seven content languages present.

A page served in another language than English, translated or an alias of the English page,
costs at most one query more than in English: the home page of that language's tree, which
Wagtail looks up to route there. The rest (the page's source, where its learner records are,
the view restrictions of the page and its ancestors, an alias followed to its original, the
outline's titles in the language) comes from the cache under the page tree's version, or in
one query for the whole page. And the counts stay flat as courses, enrolments and
translations grow.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from courses import services
from learning.locales import sync_trees
from tests.factories import course_factories as cf
from tests.factories.assessments import quiz_page
from tests.factories.translations import translate

pytestmark = pytest.mark.django_db

VIEWS = ["outline", "lesson", "dashboard", "quiz"]
# What the English pages cost (tests/courses/test_query_budget.py; the quiz page: its
# attempts and the learner's permissions besides).
ENGLISH_BUDGETS = {"outline": 11, "lesson": 9, "dashboard": 11, "quiz": 13}


def speak(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def build(learner, *, modules, steps_per_module, enrollments, translated, also=()):
    """A course with a quiz in its first module, the learner enrolled with three steps done,
    other enrolments, every page aliased in every locale; `translated`: the course, its
    modules, lessons and quiz translated into Russian (and the course into `also`)."""
    course = cf.course(title="Big course", modules=modules, steps_per_module=steps_per_module)
    quiz = quiz_page(course=course, title="Check your understanding")
    services.enrollment_create(user=learner, course=course)
    for step in cf.lessons(course)[:3]:
        services.step_complete(user=learner, step=step)
    for i in range(enrollments - 1):
        other = cf.course(title=f"Other course {i}", modules=1, steps_per_module=2)
        services.enrollment_create(user=learner, course=other)
    sync_trees()
    if translated:
        translate(course, "ru", title="Большой курс")
        for number, module in enumerate(course.get_children().specific(), start=1):
            translate(module, "ru", title=f"Модуль {number}")
        for number, lesson in enumerate(cf.lessons(course), start=1):
            translate(lesson, "ru", title=f"Урок номер {number}")
        translate(quiz, "ru", title="Проверьте себя")
        for language in also:
            translate(course, language, title=f"Big course ({language})")
    return {
        "outline": course.url,
        "lesson": cf.lessons(course)[3].url,
        "dashboard": reverse("dashboard"),
        "quiz": quiz.url,
    }


def count(client, url, *, cold=False) -> int:
    """The queries of one request; `cold`: with the shared cache cleared (outlines, routes,
    sources), after a first cold request has filled what a process keeps for its lifetime
    (content types, the site's root paths), so that the order of the requests does not
    count."""
    if cold:
        cache.clear()
        client.get(url)
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def test_the_seven_content_languages_are_there(home_page):
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {"en", "fr", "ru", "ar", "es", "lo", "zh-hans"}


@pytest.mark.parametrize("translated", [True, False], ids=["translated", "alias"])
def test_russian_costs_at_most_one_query_more_than_english(
    learner_client, learner, home_page, translated, django_assert_max_num_queries
):
    """Warm requests, as a running site serves them; every view on one build (building
    the translations is what takes time)."""
    urls = build(learner, modules=3, steps_per_module=4, enrollments=4, translated=translated)
    shown = {"outline": "Большой курс", "lesson": "Урок номер 4", "quiz": "Проверьте себя"}
    shown["dashboard"] = shown["outline"]
    for view in VIEWS:
        url = urls[view]
        for language in ("en", "ru"):  # warm the caches a running site keeps warm
            speak(learner_client, language)
            learner_client.get(url)
        speak(learner_client, "en")
        english = count(learner_client, url)
        assert english <= ENGLISH_BUDGETS[view], (view, english)

        speak(learner_client, "ru")
        with django_assert_max_num_queries(english + 1):
            response = learner_client.get(url)
        assert response.status_code == 200, view
        page = response.content.decode()
        assert '<html lang="ru"' in page, view  # measured in Russian, not English
        assert (shown[view] in page) is translated, view


@pytest.mark.parametrize(
    ("translated", "also"), [(True, ("fr", "es", "ar")), (False, ())], ids=["translated", "alias"]
)
def test_russian_counts_stay_flat_as_courses_and_translations_grow(
    learner_client, learner, home_page, translated, also
):
    """Cold requests (caches cleared): nothing is read once per module, step, enrolment or
    translation."""
    speak(learner_client, "ru")
    small = build(learner, modules=1, steps_per_module=4, enrollments=1, translated=translated)
    small_counts = {view: count(learner_client, small[view], cold=True) for view in VIEWS}
    large = build(
        learner, modules=4, steps_per_module=6, enrollments=8, translated=translated, also=also
    )
    large_counts = {view: count(learner_client, large[view], cold=True) for view in VIEWS}
    grown = {
        v: (small_counts[v], large_counts[v]) for v in VIEWS if large_counts[v] > small_counts[v]
    }
    assert not grown, grown
