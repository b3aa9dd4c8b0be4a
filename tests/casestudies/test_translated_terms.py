"""Taxonomy terms in every language: the library's facets and cards show each term once,
named in the interface language when it has a translation (the English name otherwise), and
choices in the admin offer source terms only."""

import re

import pytest
from django.conf import settings
from django.forms.models import apply_limit_choices_to_to_formfield

from casestudies.models import CaseStudyPage, Theme
from learning.translated_snippets import localized_names, translation_ensure
from tests.factories import case_library, case_study
from tests.factories.casestudies import terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(home_page):
    index = case_library(home_page)
    case_study(index, themes=terms(Theme, "governance-administration"))
    governance = Theme.objects.get(slug="governance-administration", locale__language_code="en")
    for language, name in [("ru", "Управление и администрирование"), ("fr", "Gouvernance")]:
        translation_ensure(governance, language, name=name)
    return index


def _page(client, index, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(index.url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_russian_library_names_the_term_in_russian_once(client, library):
    html = _page(client, library, "ru")
    assert "Управление и администрирование" in html
    assert "Governance and administration" not in html
    # one checkbox per source term, not one per translation
    themes = re.findall(r'name="theme" value="([^"]+)"', html)
    assert (
        len(themes) == len(set(themes)) == Theme.objects.filter(locale__language_code="en").count()
    )


def test_an_untranslated_language_shows_the_english_name(client, library):
    html = _page(client, library, "es")
    assert "Governance and administration" in html


def test_localized_names_cost_no_query_once_read(library, django_assert_num_queries):
    from django.utils import translation  # noqa: PLC0415

    sources = list(Theme.objects.filter(locale__language_code="en"))
    with translation.override("fr"):
        localized_names(sources)
        with django_assert_num_queries(0):
            names = localized_names(sources)
    assert "Gouvernance" in names.values()


def test_case_study_tags_offer_source_terms_only(library):
    field = CaseStudyPage._meta.get_field("themes").formfield()
    apply_limit_choices_to_to_formfield(field)  # as every ModelForm (Wagtail's) does
    assert {t.locale.language_code for t in field.queryset} == {"en"}
