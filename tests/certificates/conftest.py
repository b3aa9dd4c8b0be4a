"""Fixtures of the certificates tests: a course that awards a certificate, and how to finish it."""

import io

import pypdf
import pytest

from tests.factories import CertificateTemplateFactory, CourseCertificateSettingsFactory


def build_course(home_page, *, title="Governance of social security", steps=2):
    """A live course with one module and `steps` required lessons (the courses factories)."""
    from tests.factories import course_factories

    return course_factories.course(
        title=title,
        modules=1,
        steps_per_module=steps,
        index=course_factories.catalogue(home_page),
        estimated_hours=6,
    )


@pytest.fixture
def template(db):
    return CertificateTemplateFactory()


@pytest.fixture
def course(home_page):
    return build_course(home_page)


@pytest.fixture
def awarding_course(course, template):
    CourseCertificateSettingsFactory(course=course, template=template, hours=12)
    return course


@pytest.fixture
def finish_course(django_capture_on_commit_callbacks):
    """Enrol and complete every step through the courses services, running on-commit work."""

    def finish(user, course, *, steps=None):
        from courses.selectors import course_steps
        from courses.services import enrollment_create, step_complete

        with django_capture_on_commit_callbacks(execute=True):
            enrollment_create(user=user, course=course)
            for step in course_steps(course)[:steps]:
                step_complete(user=user, step=step)

    return finish


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
