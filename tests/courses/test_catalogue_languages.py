"""The catalogue shows which languages each course exists in and filters on them."""

import pytest
from django.conf import settings
from wagtail.models import Locale

from learning.locales import sync_trees
from tests.factories.courses import course

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(home_page):
    governance = course(title="Governance of social security")
    digital = course(title="Digital transformation of social protection")
    sync_trees()  # every page gets an alias in each locale
    ru = Locale.objects.get(language_code="ru")
    governance.get_translation(ru).delete()  # the alias, replaced by a real translation
    russian = governance.copy_for_translation(ru)
    russian.title = "Управление социальным обеспечением"
    russian.save_revision().publish()
    return governance, digital


def titles(client, query, language="en"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/courses/" + query)
    assert response.status_code == 200
    return response, [c.title for c in response.context["courses"]]


def test_filter_keeps_courses_translated_into_the_language(client, courses):
    _response, shown = titles(client, "?language=ru")
    assert shown == ["Governance of social security"]
    _response, shown = titles(client, "?language=ru", language="ru")
    assert shown == ["Управление социальным обеспечением"]


def test_filter_on_the_source_language_keeps_every_course(client, courses):
    _response, shown = titles(client, "?language=en")
    assert sorted(shown) == sorted(c.title for c in courses)


def test_an_unknown_language_is_ignored(client, courses):
    _response, shown = titles(client, "?language=xx%3Cscript%3E")
    assert len(shown) == 2


def test_cards_say_which_languages_a_course_exists_in(client, courses):
    response, _shown = titles(client, "")
    html = response.content.decode()
    assert 'Available in: <span lang="en">English</span>, <span lang="ru">Русский</span>' in html
    assert html.count('Available in: <span lang="en">English</span></p>') == 1


def test_languages_cost_one_query_for_all_courses(client, courses, django_assert_max_num_queries):
    for n in range(3):
        course(title=f"Extra course {n}")
    sync_trees()
    titles(client, "")  # warm the caches
    with django_assert_max_num_queries(12):
        _response, shown = titles(client, "?language=ru")
    assert shown == ["Governance of social security"]
