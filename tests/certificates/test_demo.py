"""certificates.demo: idempotent, through the services, names in several scripts."""

import io

import pytest
from django.core import mail

from certificates import demo
from certificates.models import Certificate, CertificateTemplate

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_demo_issues_certificates_for_graduates_and_is_idempotent(
    course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(stdout=io.StringIO())

    # One design: the English source and its Russian translation.
    assert CertificateTemplate.objects.count() == 1 + len(demo.TRANSLATIONS)
    certificates = {c.user.email: c for c in Certificate.objects.select_related("user")}
    assert set(certificates) >= {email for email, *_ in demo.DEMO_GRADUATES}
    assert len(certificates) == Certificate.objects.count()
    arabic = certificates["fatima.alzahra@socle.example"]
    assert arabic.pdf_ready and len(arabic.pdf_sha256) == 64
    # Zhang Wei reads Chinese: no Chinese translation, so the English source.
    chinese = pdf_text(certificates["zhang.wei@socle.example"].pdf.read())
    assert "张伟" in chinese
    assert "Certificate of completion" in chinese
    assert certificates[demo.DEMO_GRADUATES[-1][0]].is_revoked
    assert mail.outbox == []


def test_demo_without_courses_only_creates_templates(home_page):
    out = io.StringIO()
    demo.load(stdout=out)
    assert CertificateTemplate.objects.count() == 1 + len(demo.TRANSLATIONS)
    assert not Certificate.objects.exists()
    assert "no demo course found" in out.getvalue()
