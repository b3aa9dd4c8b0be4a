"""With seven content languages every page exists seven times (a translation or an alias):
each learner-facing list shows it once, in the reader's language, and staff choices list
the source pages once."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import Page

from cohorts.forms import CohortForm
from learning.locales import default_locale_id, locale_ids, sync_trees
from tests.factories import case_study
from tests.factories.casestudies import case_library
from tests.factories.courses import course, lessons

pytestmark = pytest.mark.django_db


def cite(lesson, case, *, capture):
    body = [(b.block_type, b.value) for b in lesson.body]
    lesson.body = [*body, ("case_study", {"case_study": case, "note": ""})]
    with capture(execute=True):  # the reference index is updated on commit
        lesson.save_revision().publish()


@pytest.fixture
def site(home_page, django_capture_on_commit_callbacks):
    """Two courses and a case cited by a lesson, then every page aliased in every locale."""
    governance = course(title="Governance of social security")
    digital = course(title="Digital transformation of social protection")
    library = case_library(home_page)
    case = case_study(library, title="Rwanda: the digital backbone", countries=["RW"])
    cite(lessons(governance)[0], case, capture=django_capture_on_commit_callbacks)
    sync_trees()
    assert Page.objects.filter(translation_key=case.translation_key).count() == len(
        settings.LANGUAGES
    )
    return {"courses": [governance, digital], "case": case}


def get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response


def page_ids(response, key):
    return [p.pk for p in response.context[key]]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_home_page_features_each_course_once_in_the_readers_language(client, site, language):
    response = get(client, "/", language)
    section = next(s for s in response.context["sections"] if "courses" in s)
    shown = section["courses"]
    assert len(shown) == 2
    assert {p.translation_key for p in shown} == {c.translation_key for c in site["courses"]}
    assert {p.locale_id for p in shown} == {locale_ids()[language]}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_catalogue_lists_each_course_once(client, site, language):
    response = get(client, "/courses/", language)
    shown = response.context["courses"]
    assert sorted(p.translation_key for p in shown) == sorted(
        c.translation_key for c in site["courses"]
    )
    assert {p.locale_id for p in shown} == {locale_ids()[language]}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_library_lists_and_counts_each_case_once(client, site, language):
    response = get(client, "/case-studies/", language)
    result = response.context["result"]
    assert result.total == 1
    assert [c.locale_id for c in result.cases] == [locale_ids()[language]]
    region = next(f for f in result.facets if f.key == "region")
    assert sum(o.count for o in region.options) == 1


@pytest.mark.parametrize("language", ["en", "ru"])
def test_case_page_lists_the_citing_lesson_once(client, site, language):
    response = get(client, site["case"].url, language)
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select(".citing li")) == 1
    [item] = response.context["citing"]
    assert item["page"].locale_id == locale_ids()[language]


def test_languages_do_not_evict_each_others_facet_index(client, site):
    get(client, "/case-studies/", "en")
    get(client, "/case-studies/", "ru")
    from casestudies.facets import _memo  # noqa: PLC0415

    assert len(_memo) == 2


def test_staff_choose_among_source_courses_once(site):
    choices = list(CohortForm().fields["course"].queryset)
    assert sorted(c.pk for c in choices) == sorted(c.pk for c in site["courses"])
    assert {c.locale_id for c in choices} == {default_locale_id()}
