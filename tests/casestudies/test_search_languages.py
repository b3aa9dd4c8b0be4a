"""The case-study library finds translated case studies by their own words: Russian (stemmed
on PostgreSQL) and Arabic, in the language's library only. The same tests run on PostgreSQL
in tests/services/test_course_languages.py."""

import pytest
from django.db import connection

from casestudies.models import CaseStudySearchText
from casestudies.search import search_matches
from learning.locales import locale_ids, sync_trees
from tests.casestudies.test_library_facets import titles
from tests.factories import case_study
from tests.factories.translations import translate

pytestmark = pytest.mark.django_db

RU_TITLE = "Актуарный обзор пенсионного фонда"
RU_CONTEXT = "<p>Обзор актуарного баланса пенсионной системы каждые три года.</p>"
AR_TITLE = "المراجعة الاكتوارية لصندوق المعاشات"
AR_CONTEXT = "<p>تقييم اكتواري لنظام المعاشات كل ثلاث سنوات.</p>"


@pytest.fixture
def cases(library):
    actuarial = case_study(
        library,
        title="Actuarial review of the pension fund",
        countries=["TJ"],
        context="<p>A review every three years.</p>",
    )
    other = case_study(library, title="Cash transfers", countries=["MA"])
    sync_trees()
    return {
        "actuarial": actuarial,
        "other": other,
        "ru": translate(actuarial, "ru", title=RU_TITLE, context=RU_CONTEXT),
        "ar": translate(actuarial, "ar", title=AR_TITLE, context=AR_CONTEXT),
    }


def test_a_russian_word_is_found_in_a_translated_case(cases):
    ru = locale_ids()["ru"]
    for query in ("актуарный", "пенсионного фонда", "баланса"):
        assert set(search_matches(query, locale_id=ru)) == {cases["ru"].pk}, query
    assert search_matches("губернатор", locale_id=ru) == {}
    assert search_matches("актуарный", locale_id=locale_ids()["en"]) == {}
    if connection.vendor == "postgresql":  # stemmed in Russian: other forms are found too
        assert set(search_matches("актуарного обзора", locale_id=ru)) == {cases["ru"].pk}


def test_an_arabic_word_is_found_in_a_translated_case(cases):
    ar = locale_ids()["ar"]
    assert set(search_matches("الاكتوارية", locale_id=ar)) == {cases["ar"].pk}
    assert set(search_matches("المعاشات", locale_id=ar)) == {cases["ar"].pk}
    assert search_matches("الاكتوارية", locale_id=locale_ids()["ru"]) == {}


def test_the_library_in_each_language_lists_what_it_finds(client, library, cases):
    client.cookies["django_language"] = "ru"
    assert titles(client.get(library.url, {"q": "актуарный"})) == [RU_TITLE]
    client.cookies["django_language"] = "ar"
    assert titles(client.get(library.url, {"q": "الاكتوارية"})) == [AR_TITLE]
    client.cookies["django_language"] = "en"
    assert titles(client.get(library.url, {"q": "актуарный"})) == []
    assert titles(client.get(library.url, {"q": "actuarial"})) == [
        "Actuarial review of the pension fund"
    ]


def test_each_translation_is_indexed_in_its_languages_configuration(cases):
    configs = dict(CaseStudySearchText.objects.values_list("page_id", "config"))
    assert configs[cases["ru"].pk] == "russian"
    assert configs[cases["ar"].pk] == "arabic"
    assert configs[cases["actuarial"].pk] == "english"
