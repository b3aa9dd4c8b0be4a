"""The catalogue finds courses in every language (courses/search.py, learning.textsearch).

Russian and Arabic words are stemmed on PostgreSQL and matched by FTS5 on SQLite; Chinese and
Lao, written without spaces, are matched by pairs of characters. The same tests run on
PostgreSQL in tests/services/test_course_languages.py.
"""

import pytest
from django.conf import settings
from django.db import connection

from courses.models import CourseSearchText
from courses.search import search_matches, search_text_rebuild
from learning.locales import locale_ids
from learning.textsearch import query_terms, segment
from tests.factories.courses import course
from tests.factories.translations import sync_trees, translate

pytestmark = pytest.mark.django_db

RU_SUMMARY = "Актуарный анализ пенсионной системы и финансирование социального обеспечения."
AR_SUMMARY = "التقييم الاكتواري لنظام المعاشات وتمويل الضمان الاجتماعي."
ZH_SUMMARY = "社会保障制度的精算评估与养老金融资。"
LO_SUMMARY = "ການປະເມີນລະບົບບໍານານ ແລະ ການສະໜອງທຶນປະກັນສັງຄົມ."


@pytest.fixture
def courses(home_page):
    actuarial = course(title="Actuarial planning", summary="Actuarial valuation of pensions.")
    governance = course(title="Governance", summary="Boards, ministries and supervision.")
    sync_trees()
    translated = {
        "ru": translate(actuarial, "ru", title="Актуарное планирование", summary=RU_SUMMARY),
        "ar": translate(actuarial, "ar", title="التخطيط الاكتواري", summary=AR_SUMMARY),
        "zh-hans": translate(actuarial, "zh-hans", title="精算规划", summary=ZH_SUMMARY),
        "lo": translate(actuarial, "lo", title="ການວາງແຜນ", summary=LO_SUMMARY),
    }
    return {"actuarial": actuarial, "governance": governance, **translated}


def _in(language):
    return locale_ids()[language]


def test_a_russian_word_is_found(courses):
    ru = _in("ru")
    for query in ("актуарный", "пенсионной системы"):
        assert set(search_matches(query, locale_id=ru)) == {courses["ru"].pk}, query
    assert search_matches("губернатор", locale_id=ru) == {}
    if connection.vendor == "postgresql":  # stemmed in Russian: other forms are found too
        assert set(search_matches("актуарного", locale_id=ru)) == {courses["ru"].pk}


def test_an_arabic_word_is_found(courses):
    assert set(search_matches("الاكتواري", locale_id=_in("ar"))) == {courses["ar"].pk}


@pytest.mark.parametrize(
    ("language", "word"),
    [("zh-hans", "精算"), ("zh-hans", "养老金"), ("zh-hans", "社会保障"), ("lo", "ບໍານານ")],
)
def test_a_word_of_a_language_without_spaces_is_found(courses, language, word):
    assert set(search_matches(word, locale_id=_in(language))) == {courses[language].pk}


def test_words_that_are_not_in_the_text_are_not_found_in_chinese(courses):
    assert search_matches("教育部", locale_id=_in("zh-hans")) == {}


def test_a_language_searches_its_own_pages_and_the_english_it_shows(courses):
    fr = _in("fr")  # not translated: the French tree shows the English courses (aliases)
    found = search_matches("supervision", locale_id=fr)
    assert len(found) == 1
    (page_id,) = found
    row = CourseSearchText.objects.get(page_id=page_id)
    assert row.locale_id == fr and row.config == "english"
    assert search_matches("Актуарный", locale_id=_in("en")) == {}
    # English searches find English courses only, once each.
    assert set(search_matches("actuarial")) == {courses["actuarial"].pk}


def test_each_row_is_written_in_its_languages_configuration(courses):
    configs = dict(CourseSearchText.objects.values_list("page_id", "config"))
    assert configs[courses["ru"].pk] == "russian"
    assert configs[courses["ar"].pk] == "arabic"
    assert configs[courses["zh-hans"].pk] == "simple"
    assert configs[courses["actuarial"].pk] == "english"
    assert len(configs) == 2 * len(settings.LANGUAGES)  # two courses in seven languages


def test_unpublishing_a_translation_removes_it_from_the_search(courses):
    courses["ru"].unpublish()
    assert search_matches("актуарный", locale_id=_in("ru")) == {}


def test_rebuild_writes_every_language_again(courses):
    CourseSearchText.objects.all().delete()
    assert search_text_rebuild() == 2 * len(settings.LANGUAGES)
    assert set(search_matches("актуарный", locale_id=_in("ru"))) == {courses["ru"].pk}


def test_queries_are_cut_like_the_text():
    assert segment("社会保障") == " 社会 会保 保障 "
    assert query_terms("社会保障 pension") == ["社会", "会保", "保障", "pension"]
    assert query_terms("ບໍານານ") == ["ບໍ", "ໍາ", "ານ", "ນາ"]
    # Operators and quotes never reach an engine.
    assert query_terms('"pension" OR -x *') == ["pension", "or", "x"]
