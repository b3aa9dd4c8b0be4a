"""A page not yet translated into the reader's language is shown in English, and says so: a
note in the interface language above the content, and the content region in the language
and direction of what it shows, while the shell keeps the interface language."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import templatize
from wagtail.models import Locale

from casestudies.models import CaseStudyPage
from courses.models import Enrollment
from courses.services import enrollment_create
from learning.locales import sync_trees
from learning.pagetree import tree_version
from learning.shown_language import language_name
from tests.factories import course_factories as cf
from tests.factories import quiz_page
from tests.factories.casestudies import case_library, case_study
from tests.factories.translations import translate

pytestmark = pytest.mark.django_db

NOTE_EN = "This page is not yet available in {wanted}. It is shown in {shown}."


@pytest.fixture
def course(home_page):
    course = cf.course(title="Governance", modules=1, steps_per_module=2)
    sync_trees()
    return course


@pytest.fixture
def reader(learner_client, learner, course):
    """A learner enrolled in the course: lessons and quizzes are theirs to read."""
    enrollment_create(user=learner, course=course)
    return learner_client


def speak(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def get(client, url, language) -> str:
    speak(client, language)
    response = client.get(url)
    assert response.status_code == 200, (url, language, response.status_code)
    return response.content.decode()


def content_region(html) -> str:
    """The opening tag of the content region."""
    found = re.findall(r'<div class="page-content"[^>]*>', html)
    assert len(found) == 1, found
    return found[0]


def has_note(html) -> bool:
    return 'id="content-language-note"' in html


def test_russian_reader_of_an_untranslated_course_gets_english_content_and_a_note(client, course):
    html = get(client, course.url, "ru")
    assert '<html lang="ru" dir="ltr">' in html
    assert content_region(html) == '<div class="page-content" lang="en" dir="ltr">'
    assert has_note(html)
    with translation.override("ru"):
        wanted, shown = str(language_name("ru")), str(language_name("en"))
    assert wanted in html and shown in html
    # The note comes before the content region, inside the main landmark.
    assert html.index('<main id="main"') < html.index("content-language-note")
    assert html.index("content-language-note") < html.index('class="page-content"')


def test_english_reader_gets_no_note(client, course):
    html = get(client, course.url, "en")
    assert content_region(html) == '<div class="page-content" lang="en" dir="ltr">'
    assert not has_note(html)


def test_arabic_fallback_is_left_to_right_content_in_a_right_to_left_shell(reader, course):
    html = get(reader, cf.lessons(course)[0].url, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert content_region(html) == '<div class="page-content" lang="en" dir="ltr">'
    assert has_note(html)


def test_a_published_translation_has_no_note_and_its_own_language(client, course):
    translate(course, "ru", title="Управление")
    translate(course, "ar", title="الحوكمة")
    html = get(client, course.url, "ru")
    assert "Управление" in html
    assert content_region(html) == '<div class="page-content" lang="ru" dir="ltr">'
    assert not has_note(html)
    html = get(client, course.url, "ar")
    assert content_region(html) == '<div class="page-content" lang="ar" dir="rtl">'
    assert not has_note(html)


def test_an_unpublished_translation_falls_back_to_english_again(client, course):
    russian = translate(course, "ru", title="Управление")
    assert "Управление" in get(client, course.url, "ru")
    russian.unpublish()
    html = get(client, course.url, "ru")
    assert "Управление" not in html and course.title in html
    assert '<html lang="ru" dir="ltr">' in html
    assert content_region(html) == '<div class="page-content" lang="en" dir="ltr">'
    assert has_note(html)


def test_the_english_course_takes_enrolments_for_an_unpublished_translation(
    learner_client, learner, course
):
    translate(course, "ru", title="Управление").unpublish()
    speak(learner_client, "ru")
    assert learner_client.post(course.url + "enrol/").status_code == 302
    assert list(Enrollment.objects.filter(user=learner).values_list("course_id", flat=True)) == [
        course.pk
    ]


def test_an_unpublished_page_with_no_published_source_is_not_found(client, course):
    translate(course, "ru", title="Управление").unpublish()
    course.unpublish()
    for language in ("ru", "en"):
        speak(client, language)
        assert client.get(course.url).status_code == 404


def test_a_translation_whose_source_is_unpublished_still_renders_in_its_language(reader, course):
    client = reader
    lesson = cf.lessons(course)[0]
    translate(lesson, "ru", title="Первый урок")
    lesson.unpublish()
    html = get(client, lesson.url, "ru")
    assert "Первый урок" in html
    assert content_region(html) == '<div class="page-content" lang="ru" dir="ltr">'
    assert not has_note(html)
    speak(client, "en")
    assert client.get(lesson.url).status_code == 404  # the English source is gone for all


def test_a_translation_whose_source_is_deleted_still_renders_in_its_language(reader, course):
    client = reader
    lesson = cf.lessons(course)[1]
    translate(lesson, "ru", title="Второй урок")
    lesson.delete()  # the admin refuses it (courses/deletion.py); the ORM does not
    cache.clear()
    html = get(client, lesson.url, "ru")
    assert "Второй урок" in html
    assert content_region(html) == '<div class="page-content" lang="ru" dir="ltr">'
    assert not has_note(html)


def test_a_translation_reached_in_another_interface_language_keeps_its_language(client, course):
    """No French tree routes here: the Russian page previewed from the admin, say. Its
    content is Russian whatever the interface language."""
    from learning.shown_language import shown_language  # noqa: PLC0415

    russian = translate(course, "ru", title="Управление")
    with translation.override("fr"):
        shown = shown_language(russian)
    assert (shown.code, shown.dir, shown.falls_back) == ("ru", "ltr", True)
    with translation.override("ru"):
        assert shown_language(russian).falls_back is False


@pytest.mark.parametrize("kind", ["lesson", "quiz", "case study", "home", "catalogue"])
def test_every_page_type_carries_the_note_in_russian(reader, home_page, course, kind):
    client = reader
    if kind == "lesson":
        url = cf.lessons(course)[0].url
    elif kind == "quiz":
        url = quiz_page(course=course).url
        sync_trees()
    elif kind == "case study":
        case = case_study(case_library(home_page), title="Pensions in Laos")
        sync_trees()
        url = CaseStudyPage.objects.get(pk=case.pk).url
    elif kind == "home":
        url = "/"
    else:
        url = cf.catalogue().url
    html = get(client, url, "ru")
    assert has_note(html), kind
    assert content_region(html) == '<div class="page-content" lang="en" dir="ltr">'
    assert not has_note(get(client, url, "en")), kind


def test_a_view_without_a_page_has_no_note_and_no_content_language(learner_client):
    html = get(learner_client, "/dashboard/", "ru")
    assert not has_note(html)
    assert content_region(html) == '<div class="page-content">'


def test_the_note_is_translatable():
    """The note's sentence is what `makemessages` extracts from the template: a message of
    the catalogue, with the two language names as placeholders."""
    path = (
        Path(settings.BASE_DIR) / "learning/templates/learning/includes/content_language_note.html"
    )
    extracted = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    sentence = NOTE_EN.format(wanted="%(wanted)s", shown="%(shown)s")
    assert f"gettext(u{sentence!r})" in extracted


def test_the_course_outline_says_which_languages_it_exists_in(client, course):
    translate(course, "fr", title="Gouvernance")
    html = get(client, course.url, "en")
    assert 'Available in: <span lang="en">English</span>, <span lang="fr">Français</span>' in html
    html = get(client, course.url, "ru")  # an alias: still the course's languages
    assert '<span lang="en">English</span>, <span lang="fr">Français</span></p>' in html


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_outline_languages_and_the_note_cost_one_query_each_at_most(client, course):
    speak(client, "ru")
    russian = course.get_translation(Locale.objects.get(language_code="ru"))
    client.get(course.url)  # warm the caches a running site keeps warm
    warm = count(client, course.url)
    version = tree_version()
    cache.delete(f"courses:available-languages:{version}:{course.translation_key}")
    assert count(client, course.url) <= warm + 1
    cache.delete(f"learning:alias-locale:{version}:{russian.alias_of_id}")
    assert count(client, course.url) <= warm + 1
    assert count(client, course.url) == warm
