"""One certificate design with translations: the PDF is printed with the translation of the
learner's language (title, body, signatory's role and date in that language), else with the
source; courses and the site's defaults choose among source templates only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Locale

from certificates.models import Certificate, CourseCertificateSettings, Signatory
from certificates.services import certificate_issue, certificate_render
from learning.locales import sync_trees
from learning.translated_snippets import translation_ensure
from tests.factories import CertificateFactory, UserFactory
from tests.factories.translations import translate

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

ISSUED = timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 0))


@pytest.fixture
def design(template):
    Signatory.objects.create(template=template, name="Amina El Idrissi", role="Programme director")
    translation_ensure(
        template,
        "ru",
        name="Шаблон",
        title="Сертификат об окончании курса",
        body="Настоящим удостоверяется, что {learner_name} завершил(а) курс {date}.",
        children={"signatories": [{"role": "Директор программы"}]},
    )
    return template


def _pdf(user, course, template) -> str:
    certificate = CertificateFactory(user=user, course=course, template=template, issued_at=ISSUED)
    assert certificate_render(certificate_id=certificate.pk)
    certificate = Certificate.objects.get(pk=certificate.pk)
    return " ".join(pdf_text(certificate.pdf.read()).split())


def test_russian_learner_gets_the_russian_translation_and_a_russian_date(course, design):
    text = _pdf(UserFactory(preferred_language="ru"), course, design)
    assert "Сертификат об окончании курса" in text
    assert "Директор программы" in text
    assert "4 декабря 2026" in text
    assert "Certificate of completion" not in text
    assert "December" not in text


def test_english_learner_gets_the_english_source(course, design):
    text = _pdf(UserFactory(preferred_language="en"), course, design)
    assert "Certificate of completion" in text
    assert "December 4, 2026" in text
    assert "Сертификат" not in text


def test_a_language_without_translation_gets_the_source(course, design):
    text = _pdf(UserFactory(preferred_language="lo"), course, design)
    assert "Certificate of completion" in text


def test_courses_choose_source_templates_only(course, design):
    russian = design.get_translation(Locale.objects.get(language_code="ru"))
    settings_ = CourseCertificateSettings(course=course, template=russian)
    with pytest.raises(ValidationError) as error:
        settings_.full_clean()
    assert "template" in error.value.message_dict
    CourseCertificateSettings(course=course, template=design).full_clean()


def test_the_course_title_is_issued_in_the_learners_language_where_it_exists(
    awarding_course, design, django_capture_on_commit_callbacks
):
    sync_trees()
    translate(awarding_course, "ru", title="Актуарное планирование")
    with django_capture_on_commit_callbacks(execute=True):
        russian = certificate_issue(
            user=UserFactory(preferred_language="ru"), course=awarding_course, enforce_rules=False
        )
        french = certificate_issue(
            user=UserFactory(preferred_language="fr"), course=awarding_course, enforce_rules=False
        )
    assert russian.course_id == french.course_id == awarding_course.pk
    assert russian.course_title == "Актуарное планирование"
    assert french.course_title == awarding_course.title  # no French translation: the source
