"""certificates.demo: idempotent, through the services, names in several scripts."""

import io

import pytest
from django.core import mail

from certificates import demo
from certificates.models import Certificate, CertificateTemplate
from learning.contentfiles import ContentError

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_demo_issues_certificates_for_graduates_and_is_idempotent(
    course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(stdout=io.StringIO())

    # One design: the English source and its French, Russian and Arabic translations.
    assert sorted(CertificateTemplate.objects.values_list("locale__language_code", flat=True)) == [
        "ar",
        "en",
        "fr",
        "ru",
    ]
    certificates = {c.user.email: c for c in Certificate.objects.select_related("user")}
    assert set(certificates) >= {email for email, *_ in demo.DEMO_GRADUATES}
    assert len(certificates) == Certificate.objects.count()
    arabic = certificates["fatima.alzahra@socle.example"]
    assert arabic.pdf_ready and len(arabic.pdf_sha256) == 64
    # Zhang Wei reads Chinese: no Chinese translation, so the English source.
    chinese = pdf_text(certificates["zhang.wei@socle.example"].pdf.read())
    assert "张伟" in chinese
    assert "Certificate of completion" in chinese
    # Fatima reads Arabic: the Arabic translation, with the signatory's name in Arabic.
    arabic_text = pdf_text(arabic.pdf.read())
    assert "شهادة إتمام" in arabic_text and "أمينة الإدريسي" in arabic_text
    assert certificates[demo.DEMO_GRADUATES[-1][0]].is_revoked
    assert mail.outbox == []


def test_demo_without_courses_only_creates_templates(home_page):
    out = io.StringIO()
    demo.load(stdout=out)
    assert CertificateTemplate.objects.count() == len(demo.template_files())
    assert not Certificate.objects.exists()
    assert "no demo course found" in out.getvalue()


def test_a_template_file_without_its_body_is_refused_with_its_path(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "certificate.yaml").write_text("name: X\ntitle: Y\n", encoding="utf-8")
    monkeypatch.setattr(demo, "CONTENT", tmp_path)
    with pytest.raises(ContentError, match="certificate.yaml: the header lacks body, signatories"):
        demo.template_files()
