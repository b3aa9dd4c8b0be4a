"""Deleting a source page with learners' records or published translations is refused with a
clear message (nothing deleted); a page with neither is deleted as before."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Locale, Page

from courses.models import CoursePage, Enrollment
from courses.services import enrollment_create
from tests.factories import UserFactory, course_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return course_factories.course(modules=1, steps_per_module=1)


def _delete(client, page):
    return client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_a_course_with_an_enrolment_is_not_deleted(admin, course):
    enrollment_create(user=UserFactory(), course=course)
    response = _delete(admin, course)
    assert response.status_code == 302
    assert "learners have records" in _messages(response)
    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert Enrollment.objects.filter(course=course).count() == 1


def test_a_module_whose_lessons_have_progress_is_not_deleted(admin, course):
    from courses.selectors import course_steps  # noqa: PLC0415
    from courses.services import step_complete  # noqa: PLC0415

    user = UserFactory()
    enrollment_create(user=user, course=course)
    step = course_steps(course)[0]
    step_complete(user=user, step=step)
    module = step.get_parent()
    response = _delete(admin, module)
    assert "learners have records" in _messages(response)
    assert Page.objects.filter(pk=module.pk).exists()


def test_a_course_with_a_published_translation_is_not_deleted(admin, course):
    russian = course.copy_for_translation(Locale.objects.get(language_code="ru"), copy_parents=True)
    russian.save_revision().publish()
    response = _delete(admin, course)
    assert "published translations" in _messages(response)
    assert Page.objects.filter(pk=course.pk).exists()


def test_a_course_without_records_or_translations_is_deleted(admin, course):
    response = _delete(admin, course)
    assert response.status_code == 302
    assert not Page.objects.filter(pk=course.pk).exists()
