"""Public verification: valid, revoked, expired, unknown and altered codes; PDF hash; rate limit."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certificates import forms
from certificates.codes import ALPHABET, code_display
from certificates.models import Certificate
from certificates.rendering import verify_url as printed_url
from certificates.services import certificate_revoke
from tests.factories import CertificateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(learner, awarding_course, finish_course):
    finish_course(learner, awarding_course)
    return Certificate.objects.get()


def verify_url(code):
    return reverse("certificates:verify", kwargs={"code": code})


def test_valid_certificate_page_needs_no_login(client, issued, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(verify_url(issued.display_code))
    assert response.status_code == 200
    html = response.content.decode()
    for fact in (issued.learner_name, issued.course_title, "Socle Academy", "Valid", "12"):
        assert fact in html
    assert issued.issued_at.strftime("%Y") in html
    assert "Revoked" not in html


def test_revoked_certificate_says_revoked_with_reason_and_date_never_valid(client, issued):
    certificate_revoke(certificate=issued, reason="Plagiarised final assessment")
    html = client.get(verify_url(issued.display_code)).content.decode()
    assert "Revoked" in html
    assert "Plagiarised final assessment" in html
    assert "has not been revoked" not in html
    assert ">Valid<" not in html


def test_expired_certificate_says_expired(client, issued):
    Certificate.objects.filter(pk=issued.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    html = client.get(verify_url(issued.display_code)).content.decode()
    assert "Expired" in html and "was valid until" in html


def test_unknown_code_says_so_plainly(client, db):
    response = client.get(verify_url("0000-0000-0000-0000-0000-0000-0000"))
    assert response.status_code == 404
    assert "No certificate was found for this code" in response.content.decode()


def test_altered_code_is_not_found(client, issued):
    last = issued.code[-1]
    altered = issued.code[:-1] + ALPHABET[(ALPHABET.index(last) + 1) % 32]
    response = client.get(verify_url(code_display(altered)))
    assert response.status_code == 404
    assert issued.learner_name not in response.content.decode()


@pytest.mark.parametrize("garbage", ["x", "<script>", "A" * 200, "ABCD-EFGH", "%00"])
def test_forged_codes_are_not_found(client, issued, garbage):
    response = client.get(reverse("certificates:verify_lookup"), {"code": garbage})
    assert response.status_code in (400, 404)
    assert issued.learner_name not in response.content.decode()
    assert "<script>" not in response.content.decode().split("</header>")[1].replace(
        "&lt;script&gt;", ""
    )


def test_typed_code_forgives_spaces_dashes_and_case(client, issued):
    typed = " " + " ".join(issued.code[i : i + 4] for i in range(0, 28, 4)).lower() + " "
    typed = typed.replace("0", "o").replace("1", "l")
    response = client.get(reverse("certificates:verify_lookup"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == verify_url(issued.display_code)


def test_lookups_are_rate_limited(client, issued, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "certificates_verify": "3/m/ip"}
    statuses = [client.get(verify_url(issued.display_code)).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert "Too many lookups" in client.get(verify_url(issued.display_code)).text
    other_ip = client.get(verify_url(issued.display_code), REMOTE_ADDR="10.1.2.3")
    assert other_ip.status_code == 200


def test_lookups_behind_the_proxy_count_per_client_not_per_proxy(client, issued, settings):
    """Under gunicorn behind nginx every request comes from the proxy's address."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "certificates_verify": "3/m/ip"}

    def lookup(forwarded):
        url = verify_url(issued.display_code)
        return client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    # A scraper rotating a forged left-most entry is still one client.
    statuses = [lookup(f"192.0.2.{n}, 203.0.113.5").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    # A funder checking a certificate through the same proxy is not refused.
    assert lookup("198.51.100.7").status_code == 200


def test_pdf_and_credential_checks_have_their_own_limits(client, issued, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "certificates_pdf": "1/m/ip",
        "certificates_credential": "1/m/ip",
    }
    for _ in range(2):
        upload = SimpleUploadedFile("c.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        response = client.post(reverse("certificates:verify_pdf"), {"pdf": upload})
    assert response.status_code == 429
    for _ in range(2):
        response = client.post(reverse("certificates:verify_credential"), {"credential": "{}"})
    assert response.status_code == 429
    # Code lookups are counted apart.
    assert client.get(verify_url(issued.display_code)).status_code == 200


def test_the_issued_pdf_matches_exactly(client, issued):
    upload = SimpleUploadedFile("c.pdf", issued.pdf.read(), content_type="application/pdf")
    response = client.post(
        reverse("certificates:verify_pdf"), {"pdf": upload, "code": issued.display_code}
    )
    assert response.status_code == 200
    assert "exactly the one issued" in response.content.decode()


def test_a_pdf_with_one_changed_byte_is_not_the_exact_file(client, issued):
    """The page is no longer proven: the answer rests on the embedded credential alone and
    shows the name and course on record, for the visitor to compare with the page."""
    content = bytearray(issued.pdf.read())
    content[len(content) // 2] ^= 0x01
    upload = SimpleUploadedFile("c.pdf", bytes(content), content_type="application/pdf")
    response = client.post(reverse("certificates:verify_pdf"), {"pdf": upload})
    html = response.content.decode()
    assert "exactly the one issued" not in html
    assert response.status_code == 200
    assert "saved again since it was issued" in html
    assert issued.learner_name in html and issued.course_title in html


def test_another_certificates_pdf_does_not_match_this_code(client, issued, awarding_course):
    other = CertificateFactory(course=awarding_course, pdf_sha256="0" * 64)
    upload = SimpleUploadedFile("c.pdf", issued.pdf.read(), content_type="application/pdf")
    response = client.post(
        reverse("certificates:verify_pdf"), {"pdf": upload, "code": other.display_code}
    )
    assert response.status_code == 404
    assert "not the one issued for this certificate" in response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"GIF89a not a pdf", "This file is not a PDF."),
    ],
)
def test_bad_pdf_uploads_are_refused_clearly_and_nothing_is_written(
    client, issued, content, message
):
    before = list(Certificate.objects.values_list("pk", "pdf_sha256", "updated_at"))
    upload = SimpleUploadedFile("c.pdf", content, content_type="application/pdf")
    response = client.post(reverse("certificates:verify_pdf"), {"pdf": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Certificate.objects.values_list("pk", "pdf_sha256", "updated_at")) == before


def test_oversized_pdf_is_refused(client, db, settings):
    big = SimpleUploadedFile("c.pdf", b"%PDF-" + b"0" * (forms.MAX_PDF_BYTES), "application/pdf")
    response = client.post(reverse("certificates:verify_pdf"), {"pdf": big})
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()


def test_no_file_is_refused(client, db):
    response = client.post(reverse("certificates:verify_pdf"), {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_learner_downloads_own_pdf(client, issued, learner):
    client.force_login(learner)
    response = client.get(issued.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == issued.pdf.open("rb").read()


def test_another_learners_pdf_url_is_404(client, issued):
    client.force_login(UserFactory())
    assert client.get(issued.get_download_url()).status_code == 404


def test_anonymous_download_asks_to_sign_in(client, issued):
    response = client.get(issued.get_download_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_lookup_page_renders_forms(client, db):
    response = client.get(reverse("certificates:verify_lookup"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="code"' in html and 'name="pdf"' in html and 'name="credential"' in html


def test_short_address_printed_on_the_certificate_opens_the_page(client, issued):
    url = printed_url(issued.code)
    assert url.endswith(f"/verify/{issued.display_code}/")
    response = client.get(url.replace("http://testserver", ""))
    assert response.status_code == 200
    assert issued.learner_name in response.content.decode()
