"""The verification page takes a PDF that is not byte-for-byte the one issued (re-saved by
another program) through the signed credential embedded in it, shows the live status, and
refuses hostile files plainly: not a PDF, too large, encrypted, malformed, too many pages or
objects, decompression bombs, forged credentials, another certificate's credential."""

import io
import subprocess
import zlib

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates import embedded
from certificates.embedded import EmbeddedCredentialError, embedded_credential
from certificates.models import Certificate
from certificates.openbadges import credential_sign
from certificates.rendering import certificate_pdf
from certificates.services import certificate_data, certificate_reissue, certificate_revoke
from tests.factories import UserFactory

from .conftest import pdf_tool

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(learner, awarding_course, finish_course):
    finish_course(learner, awarding_course)
    return Certificate.objects.get()


@pytest.fixture
def other(awarding_course, finish_course):
    finish_course(UserFactory(full_name="Другой Человек"), awarding_course)
    return Certificate.objects.get(learner_name="Другой Человек")


def post_pdf(client, content: bytes, code: str = ""):
    upload = SimpleUploadedFile("c.pdf", content, content_type="application/pdf")
    data = {"pdf": upload, **({"code": code} if code else {})}
    return client.post(reverse("certificates:verify_pdf"), data)


def resaved(content: bytes, tmp_path) -> bytes:
    """The PDF written again by qpdf (object streams): same page, other bytes."""
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(content)
    subprocess.run(  # noqa: S603
        [pdf_tool("qpdf"), "--object-streams=generate", str(source), str(target)], check=True
    )
    return target.read_bytes()


def hand_made_pdf(
    stream: bytes, *, stream_keys: str = "", pages: int = 1, size: int | None = None
) -> bytes:
    """A small valid PDF whose catalog lists one associated file, credential.jwt, made of
    `stream` (raw, as stored) with extra stream dictionary keys."""
    page_ids = list(range(5, 5 + pages))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /AF [3 0 R]"
        b" /Names << /EmbeddedFiles << /Names [(credential.jwt) 3 0 R] >> >> >>",
        2: b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (pages, b" ".join(b"%d 0 R" % n for n in page_ids)),
        3: b"<< /Type /Filespec /F (credential.jwt) /UF (credential.jwt)"
        b" /EF << /F 4 0 R >> /AFRelationship /Data >>",
        4: b"<< /Type /EmbeddedFile /Length %d %s >>\nstream\n%s\nendstream"
        % (len(stream), stream_keys.encode(), stream),
    }
    for n in page_ids:
        objects[n] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    count = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % count
    for number in range(1, count):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size or count,
        xref,
    )
    return bytes(out)


# --- Accepted: the exact file, or a re-saved copy through its credential -------------------------


def test_pdf_resaved_by_another_program_is_verified_through_its_credential(
    client, issued, tmp_path, django_assert_max_num_queries
):
    original = issued.pdf.open("rb").read()
    copy = resaved(original, tmp_path)
    assert copy != original
    # Flat per upload; one of these finds the signing key by the credential's kid.
    with django_assert_max_num_queries(5):
        response = post_pdf(client, copy)
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved again since it was issued" in html
    assert issued.learner_name in html and issued.course_title in html
    assert "Valid" in html and "exactly the one issued" not in html


def test_resaved_pdf_on_its_own_certificates_page_is_accepted(client, issued, tmp_path):
    copy = resaved(issued.pdf.open("rb").read(), tmp_path)
    response = post_pdf(client, copy, code=issued.display_code)
    assert response.status_code == 200
    assert "saved again since it was issued" in response.content.decode()


def test_resaved_pdf_of_a_revoked_certificate_says_revoked(client, issued, tmp_path):
    copy = resaved(issued.pdf.open("rb").read(), tmp_path)
    certificate_revoke(certificate=issued, reason="Plagiarised final assessment")
    html = post_pdf(client, copy).content.decode()
    assert "Revoked" in html and "This certificate was revoked on" in html
    assert "has not been revoked" not in html


def test_exact_pdf_of_a_revoked_certificate_says_revoked(client, issued):
    original = issued.pdf.open("rb").read()
    certificate_revoke(certificate=issued, reason="Plagiarised final assessment")
    html = post_pdf(client, original).content.decode()
    assert "exactly the one issued" in html
    assert "Revoked" in html and "has not been revoked" not in html


# --- Refused: forged or misused credentials -------------------------------------------------------


def test_pdf_with_a_forged_credential_is_refused(client, issued):
    token = credential_sign(issued)
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    content = certificate_pdf(
        template=issued.template, data=certificate_data(issued), credential=forged
    )
    response = post_pdf(client, content)
    assert response.status_code == 404
    assert "not signed by this platform" in response.content.decode()


def test_a_credential_of_another_certificate_does_not_verify_this_one(client, issued, other):
    """A genuine credential of someone else's certificate, put into a PDF printed with this
    learner's name: refused on this certificate's page."""
    content = certificate_pdf(
        template=issued.template, data=certificate_data(issued), credential=credential_sign(other)
    )
    response = post_pdf(client, content, code=issued.display_code)
    assert response.status_code == 404
    assert "not the one issued for this certificate" in response.content.decode()


def test_another_certificates_credential_shows_the_facts_on_record_not_the_printed_name(
    client, issued, other
):
    content = certificate_pdf(
        template=issued.template, data=certificate_data(issued), credential=credential_sign(other)
    )
    html = post_pdf(client, content).content.decode()
    # The visitor is shown whose certificate the credential really is, to compare.
    assert other.learner_name in html and other.display_code in html
    assert issued.learner_name not in html


def test_a_pdf_of_an_earlier_revision_is_refused(
    client, issued, tmp_path, django_capture_on_commit_callbacks
):
    old_copy = resaved(issued.pdf.open("rb").read(), tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_reissue(certificate=issued, learner_name="Ana Maria Souza")
    response = post_pdf(client, old_copy)
    assert response.status_code == 404
    assert "earlier version of the certificate" in response.content.decode()


# --- Refused: hostile files -----------------------------------------------------------------------


def encrypted(content: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(content)))
    writer.encrypt(user_password="", owner_password="secret", algorithm="AES-128")  # noqa: S106
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BOMB = zlib.compress(b"A" * 50_000_000, 9)  # about 50 KB that inflate to 50 MB


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda pdf: b"%PDF-1.7\n" + b"\x00garbage" * 100, "could not be read"),
        (lambda pdf: pdf[: len(pdf) // 3], "could not be read"),
        (encrypted, "This PDF is encrypted"),
        (lambda pdf: hand_made_pdf(b"x", pages=12), "more pages than a certificate"),
        (lambda pdf: hand_made_pdf(b"x", size=9_000_000), "far more objects"),
        (
            lambda pdf: hand_made_pdf(BOMB, stream_keys="/Filter /FlateDecode"),
            "far larger than a credential",
        ),
        (
            lambda pdf: hand_made_pdf(b"x", stream_keys="/Params << /Size 900000000 >>"),
            "far larger than a credential",
        ),
        (
            lambda pdf: hand_made_pdf(b"x", stream_keys="/Filter /LZWDecode"),
            "stored in an unexpected way",
        ),
        (lambda pdf: hand_made_pdf("é".encode("latin-1")), "not a credential of ours"),
        (lambda pdf: pypdf_blank_pdf(), "carries no credential"),
    ],
    ids=[
        "junk",
        "truncated",
        "encrypted",
        "pages",
        "objects",
        "zlib-bomb",
        "declared-size",
        "filter",
        "not-ascii",
        "no-credential",
    ],
)
def test_hostile_pdfs_are_refused_plainly_and_nothing_is_written(client, issued, make, message):
    content = make(issued.pdf.open("rb").read())
    before = list(Certificate.objects.values_list("pk", "pdf_sha256", "status", "updated_at"))
    response = post_pdf(client, content)
    assert response.status_code == 404
    assert message in response.content.decode()
    assert issued.learner_name not in response.content.decode()
    after = list(Certificate.objects.values_list("pk", "pdf_sha256", "status", "updated_at"))
    assert after == before


def pypdf_blank_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_hand_made_pdf_with_a_small_credential_is_read(db):
    """The hand-made PDF of the hostile cases is well formed: with a sane stream it is read."""
    assert embedded_credential(hand_made_pdf(b"abc.def.ghi")) == "abc.def.ghi"
    packed = zlib.compress(b"abc.def.ghi")
    assert embedded_credential(hand_made_pdf(packed, stream_keys="/Filter /FlateDecode")) == (
        "abc.def.ghi"
    )


def test_reader_refuses_oversized_and_non_pdf_content_before_parsing(db):
    with pytest.raises(EmbeddedCredentialError, match="larger than 10 MB"):
        embedded_credential(b"%PDF-" + b"0" * embedded.MAX_PDF_BYTES)
    with pytest.raises(EmbeddedCredentialError, match="not a PDF"):
        embedded_credential(b"GIF89a")
