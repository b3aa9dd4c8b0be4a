"""The `course_module_locks` hook: another app (cohorts' release dates) closes modules."""

import pytest
from django.urls import reverse
from wagtail import hooks

from courses.models import StepProgress
from tests.factories import course_factories as cf

pytestmark = pytest.mark.django_db

REASON = "This module opens on 12 March 2027."


@pytest.fixture
def course(home_page):
    return cf.course(modules=2, steps_per_module=2)


@pytest.fixture
def second_module_closed(course):
    second = course.get_children().specific()[1]
    calls = []

    def locks(*, user, course_ids):
        calls.append(list(course_ids))
        return {second.pk: REASON} if course.pk in course_ids else {}

    with hooks.register_temporarily("course_module_locks", locks):
        yield second, calls


@pytest.fixture
def enrolled(learner_client, course):
    learner_client.post(f"{course.url}enrol/")
    return learner_client


def test_a_closed_module_refuses_its_lessons_with_the_reason(
    enrolled, course, second_module_closed
):
    module, _ = second_module_closed
    lesson = module.get_children().first()
    response = enrolled.get(lesson.url)
    assert response.status_code == 403
    assert REASON in response.content.decode()
    response = enrolled.post(f"{lesson.url}complete/")
    assert response.status_code == 403
    assert REASON in response.content.decode()
    assert not StepProgress.objects.filter(step=lesson).exists()


def test_the_outline_shows_the_reason_and_no_link(enrolled, course, second_module_closed):
    module, _ = second_module_closed
    lesson = module.get_children().first()
    html = enrolled.get(course.url).content.decode()
    assert REASON in html
    assert f'href="{lesson.url}"' not in html
    assert f'href="{cf.first_lesson(course).url}"' in html


def test_the_open_module_still_works(enrolled, course, second_module_closed):
    first = cf.first_lesson(course)
    assert enrolled.get(first.url).status_code == 200
    assert enrolled.post(f"{first.url}complete/").status_code == 302
    assert StepProgress.objects.filter(step=first, completed_at__isnull=False).exists()


def test_the_dashboard_asks_once_for_all_courses(enrolled, learner, course, second_module_closed):
    _, calls = second_module_closed
    other = cf.course(title="Another course")
    enrolled.post(f"{other.url}enrol/")
    calls.clear()
    assert enrolled.get(reverse("dashboard")).status_code == 200
    assert len(calls) == 1
    assert sorted(calls[0]) == sorted([course.pk, other.pk])


def test_learners_not_enrolled_are_not_asked(client, course, second_module_closed):
    _, calls = second_module_closed
    assert client.get(course.url).status_code == 200
    assert calls == []
