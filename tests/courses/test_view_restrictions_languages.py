"""View restrictions in every language: an alias keeps its original's restrictions, as in
Wagtail, though the pages they are read from are cached (learning/viewrestrictions.py); a
restriction added or removed applies at once, including to a page already served."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from courses import services
from learning.locales import sync_trees
from tests.factories import course_factories as cf
from tests.factories.translations import translate

pytestmark = pytest.mark.django_db


def speak(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def restrict(page, group):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return restriction


def refused(response) -> bool:
    return response.status_code == 302 and "/login/" in response["Location"]


@pytest.fixture
def course(learner, home_page):
    course = cf.course(title="Governance", modules=1, steps_per_module=2)
    services.enrollment_create(user=learner, course=course)
    sync_trees()
    translate(cf.lessons(course)[1], "ru", title="Урок второй")
    return course


@pytest.mark.parametrize("language", ["ru", "fr", "en"])
@pytest.mark.parametrize("step", [0, 1], ids=["alias", "translation"])
def test_a_restriction_on_the_english_course_applies_at_once_in_every_language(
    learner_client, learner, course, language, step
):
    """In Russian the lesson is an alias (step 0) or a translation below the alias of the
    course (step 1); in French both are aliases: each is refused as soon as the English
    course is restricted, though it was served (and its ancestors cached) just before."""
    lesson = cf.lessons(course)[step]
    speak(learner_client, language)
    assert learner_client.get(lesson.url).status_code == 200
    staff = Group.objects.create(name="Course staff")
    restriction = restrict(course, staff)
    assert refused(learner_client.get(lesson.url))
    assert refused(learner_client.get(course.url))

    learner.groups.add(staff)
    assert learner_client.get(lesson.url).status_code == 200
    learner.groups.remove(staff)
    restriction.delete()
    assert learner_client.get(lesson.url).status_code == 200


def test_a_restriction_on_an_english_module_reaches_its_russian_alias(learner_client, course):
    module = course.get_children().first()
    lesson = cf.lessons(course)[0]
    speak(learner_client, "ru")
    assert learner_client.get(lesson.url).status_code == 200
    restrict(module, Group.objects.create(name="Module staff"))
    assert refused(learner_client.get(lesson.url))
    speak(learner_client, "en")
    assert refused(learner_client.get(lesson.url))


def test_an_unrestricted_page_reads_no_restricted_sibling(learner_client, learner, home_page):
    """Only the page's own line of ancestors counts: a restriction on another course does not
    reach this one, in Russian either."""
    open_course = cf.course(title="Open course", modules=1, steps_per_module=1)
    closed = cf.course(title="Closed course", modules=1, steps_per_module=1)
    services.enrollment_create(user=learner, course=open_course)
    sync_trees()
    restrict(closed, Group.objects.create(name="Closed staff"))
    speak(learner_client, "ru")
    assert learner_client.get(cf.lessons(open_course)[0].url).status_code == 200
    assert refused(learner_client.get(cf.lessons(closed)[0].url))
