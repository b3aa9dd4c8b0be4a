"""The site-wide default certificate template, and the admin's warning when a course is
published without a template of its own."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from wagtail import hooks

from certificates.defaults import CertificateDefaults, certificate_default_template_set
from certificates.models import Certificate
from certificates.selectors import (
    certificate_template_for,
    completed_courses_without_certificate,
)
from tests.factories import CertificateTemplateFactory, CourseCertificateSettingsFactory

pytestmark = pytest.mark.django_db


def test_without_a_default_a_course_without_settings_awards_nothing(course, learner):
    assert certificate_template_for(user=learner, course=course) is None


def test_the_default_template_is_used_when_a_course_has_none(
    course, learner, template, finish_course
):
    certificate_default_template_set(template=template)
    assert certificate_template_for(user=learner, course=course) == template
    finish_course(learner, course)
    certificate = Certificate.objects.get(user=learner, course=course)
    assert certificate.template == template


def test_a_course_that_turned_certificates_off_ignores_the_default(course, learner, template):
    CourseCertificateSettingsFactory(course=course, template=template, enabled=False)
    certificate_default_template_set(template=CertificateTemplateFactory())
    assert certificate_template_for(user=learner, course=course) is None


def test_a_course_template_wins_over_the_default(awarding_course, learner):
    certificate_default_template_set(template=CertificateTemplateFactory())
    own = awarding_course.certificate_settings.template
    assert certificate_template_for(user=learner, course=awarding_course) == own


def test_setting_the_default_twice_keeps_one_row(template):
    certificate_default_template_set(template=template)
    certificate_default_template_set(template=template)
    assert CertificateDefaults.objects.count() == 1
    certificate_default_template_set(template=None)
    assert CertificateDefaults.objects.get().template is None


def test_completed_courses_under_the_default_are_offered_on_the_dashboard(
    course, learner, template, finish_course
):
    finish_course(learner, course)
    assert completed_courses_without_certificate(user=learner) == []
    certificate_default_template_set(template=template)
    assert [c.pk for c in completed_courses_without_certificate(user=learner)] == [course.pk]


def _publish(page, editor) -> list[str]:
    """What Wagtail's page editor does after publishing: every after_publish_page hook."""
    request = RequestFactory().post("/admin/pages/")
    request.user = editor
    request.session = {}
    request._messages = FallbackStorage(request)
    for fn in hooks.get_hooks("after_publish_page"):
        fn(request, page)
    return [str(message) for message in get_messages(request)]


def test_publishing_a_course_without_template_warns_the_editor(course, editor):
    [message] = _publish(course, editor)
    assert course.title in message
    assert "no certificate" in message


def test_the_warning_names_the_default_template(course, editor, template):
    certificate_default_template_set(template=template)
    [message] = _publish(course, editor)
    assert f"the default template “{template.name}”" in message


def test_no_warning_for_a_course_with_a_template_or_another_page(
    awarding_course, editor, home_page
):
    assert _publish(awarding_course, editor) == []
    assert _publish(home_page, editor) == []
