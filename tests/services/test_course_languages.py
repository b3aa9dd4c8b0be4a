"""Courses, quizzes and search in several languages, on PostgreSQL and Redis.

A learner's records hang on the source (English) pages whatever language they read in; here
that is proved against PostgreSQL, where the default suite proves it on SQLite (the tests
imported below run here too), plus one walk through a course in Russian and English with
a quiz attempt that crosses the switch. Search: Russian words are stemmed by PostgreSQL's
russian configuration, Arabic ones by its arabic one, in translated courses and case studies.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.models import Attempt, AttemptState
from courses.models import Enrollment, EnrollmentStatus, ModulePage, StepProgress
from learning.locales import sync_trees
from tests.assessments.test_languages import (  # noqa: F401 (collected here too)
    _questions,
    _translate_ru,
    quizzes,
    test_another_learners_attempt_is_not_found,
    test_attempt_started_in_russian_is_the_source_quizs_and_continues_in_russian,
    test_attempts_allowed_count_across_languages,
    test_item_analysis_counts_both_languages_under_the_source_prompts,
)
from tests.casestudies.conftest import library  # noqa: F401 (a fixture)
from tests.casestudies.test_search_languages import (  # noqa: F401 (collected here too)
    cases,
    test_a_russian_word_is_found_in_a_translated_case,
    test_an_arabic_word_is_found_in_a_translated_case,
    test_each_translation_is_indexed_in_its_languages_configuration,
    test_the_library_in_each_language_lists_what_it_finds,
)
from tests.courses.test_languages import (  # noqa: F401 (collected here too)
    course,
    test_a_translation_whose_source_is_unpublished_is_read_not_counted,
    test_progress_survives_a_switch_to_russian_and_back,
)
from tests.courses.test_search_languages import (  # noqa: F401 (collected here too)
    courses,
    test_a_language_searches_its_own_pages_and_the_english_it_shows,
    test_a_russian_word_is_found,
    test_a_word_of_a_language_without_spaces_is_found,
    test_an_arabic_word_is_found,
    test_each_row_is_written_in_its_languages_configuration,
    test_rebuild_writes_every_language_again,
    test_unpublishing_a_translation_removes_it_from_the_search,
    test_words_that_are_not_in_the_text_are_not_found_in_chinese,
)
from tests.factories import course_factories as cf
from tests.factories.assessments import attempt_form, quiz_page, right_answers
from tests.factories.translations import translate

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def governance(home_page):
    """Two lessons and a quiz, sequential, all translated into Russian."""
    source = cf.course(title="Governance", modules=1, steps_per_module=2, sequential=True)
    module = ModulePage.objects.child_of(source).get()
    quiz = quiz_page(module=module, pass_mark=70, attempts_allowed=2, questions=_questions())
    sync_trees()
    translate(source, "ru", title="Управление")
    lessons = cf.lessons(source)
    for number, lesson in enumerate(lessons, start=1):
        translate(lesson, "ru", title=f"Урок {number}")
    return source, lessons, quiz, _translate_ru(quiz)


def _speak(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def _outline(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_course_taken_across_a_switch_keeps_one_record(learner_client, learner, governance):
    source, lessons, quiz, ru_quiz = governance
    _speak(learner_client, "ru")
    assert learner_client.post(source.url + "enrol/").status_code == 302
    page = learner_client.get(lessons[0].url).content.decode()
    assert "Урок 1" in page and 'lang="ru"' in page
    assert learner_client.post(lessons[0].url + "complete/").status_code == 302

    # English: the same step done and the same place to resume, at the same address.
    _speak(learner_client, "en")
    outline = _outline(learner_client, source)
    assert "1 of 3 required steps done" in outline
    assert f'href="{lessons[1].url}">Continue where you left off: <bdi>Lesson 1.2</bdi>' in outline
    _speak(learner_client, "ru")
    outline = _outline(learner_client, source)
    assert "Выполнено обязательных шагов: 1 из 3" in outline
    assert f'href="{lessons[1].url}">' in outline and "<bdi>Урок 2</bdi>" in outline
    assert learner_client.post(lessons[1].url + "complete/").status_code == 302

    # The quiz, started in Russian with one answer saved, submitted after a switch.
    assert learner_client.post(reverse("assessments:attempt_start", args=[ru_quiz.pk])).status_code
    attempt = Attempt.objects.get(user=learner)
    url = reverse("assessments:attempt", args=[attempt.uuid])
    answers = right_answers(attempt)
    first = next(iter(answers))
    saved = learner_client.post(url, attempt_form(attempt, {first: answers[first]}))
    assert saved.status_code == 302
    attempt.refresh_from_db()
    _speak(learner_client, "en")
    shown = learner_client.get(url).content.decode()
    assert "Вопрос: Who collects" in shown and 'id="attempt-language"' in shown
    assert shown.count(" checked") == 1  # the answer saved in Russian is still there
    submitted = learner_client.post(url, attempt_form(attempt, answers, action="submit"))
    assert submitted.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.SUBMITTED and attempt.passed and attempt.score == 100
    assert attempt.quiz_id == quiz.pk and attempt.revision.object_id == str(ru_quiz.pk)

    # The attempt is in the history in both languages, and its review opens in both.
    result = reverse("assessments:attempt_result", args=[attempt.uuid])
    for language, title in (("en", "Check your understanding"), ("ru", "Проверьте себя")):
        _speak(learner_client, language)
        history = learner_client.get(quiz.url).content.decode()
        assert title in history and f'href="{result}"' in history, language
        review = learner_client.get(result)
        assert review.status_code == 200 and "Вопрос: Who audits" in review.content.decode()

    # The course is complete in both languages, with every record on the source pages.
    assert "Вы завершили этот курс." in _outline(learner_client, source)
    _speak(learner_client, "en")
    assert "You have completed this course." in _outline(learner_client, source)
    enrollment = Enrollment.objects.get(user=learner)
    assert enrollment.course_id == source.pk
    assert enrollment.status == EnrollmentStatus.COMPLETED
    done = StepProgress.objects.filter(user=learner, completed_at__isnull=False)
    assert sorted(done.values_list("step_id", flat=True)) == sorted(
        [lessons[0].pk, lessons[1].pk, quiz.pk]
    )
    assert Attempt.objects.filter(user=learner).count() == 1
