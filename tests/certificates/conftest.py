"""Fixtures of the certificates tests: a course that awards a certificate, and how to finish it."""

import io
import os
import shutil
import subprocess
import tempfile
import warnings

import pypdf
import pytest

from certificates import rendering
from courses.selectors import course_steps
from courses.services import enrollment_create, step_complete
from tests.factories import (
    CertificateTemplateFactory,
    CourseCertificateSettingsFactory,
    course_factories,
)


def build_course(home_page, *, title="Governance of social security", steps=2):
    """A live course with one module and `steps` required lessons (the courses factories)."""

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
        with django_capture_on_commit_callbacks(execute=True):
            enrollment_create(user=user, course=course)
            for step in course_steps(course)[:steps]:
                step_complete(user=user, step=step)

    return finish


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def pdf_tool(name: str) -> str:
    """The path of a PDF command-line tool (Debian's qpdf, poppler-utils: `make
    .stamp-pdf-tools`). Missing: the test fails under CI=true and is skipped elsewhere."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is missing: install Debian's qpdf and poppler-utils (make test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def qpdf_check(content: bytes) -> None:
    """`qpdf --check` on a PDF: any error or warning fails the test, with qpdf's words."""
    qpdf = pdf_tool("qpdf")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:  # qpdf --check reads no stdin
        handle.write(content)
        handle.flush()
        result = subprocess.run(  # noqa: S603 - a fixed tool on our own file
            [qpdf, "--check", handle.name], capture_output=True, check=False
        )
    assert result.returncode == 0, "qpdf --check: " + (result.stdout + result.stderr).decode()


@pytest.fixture(autouse=True)
def _every_certificate_pdf_passes_qpdf_check(monkeypatch):
    """Every certificate PDF rendered in these tests (by services, views or the tests
    themselves) goes through qpdf --check as it is produced."""

    if shutil.which("qpdf") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("qpdf is missing: install Debian's qpdf (make test does)")
        warnings.warn("qpdf is missing: certificate PDFs are not checked", stacklevel=1)
        return
    produce = rendering.html_to_pdf

    def checked(*args, **kwargs):
        content = produce(*args, **kwargs)
        qpdf_check(content)
        return content

    monkeypatch.setattr(rendering, "html_to_pdf", checked)
