"""Certificate PDFs: a Django template rendered to HTML, printed by WeasyPrint.

Fonts and the font configuration are shared by every render of the process (learning.pdf).
Certificates are PDF/A-3a (archival, tagged, with the document's language and title) and
carry their signed Open Badges credential as an associated file, `credential.jwt`
(docs/decisions/certificates-pdf-archival.md); certificates.embedded reads it back.
"""

import base64
import hashlib
import mimetypes
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe

from learning.pdf import ARCHIVAL, FONT_STACK, PdfAttachment, html_to_pdf

from .codes import code_display
from .placeholders import placeholders_fill
from .qr import qr_data_uri

RTL_LANGUAGES = set(settings.LANGUAGES_BIDI)
# The embedded credential: its name, media type (a VC secured with JOSE) and relationship to
# the PDF ("Data": the machine-readable facts the printed page presents).
CREDENTIAL_NAME = "credential.jwt"
CREDENTIAL_MEDIA_TYPE = "application/vc+jwt"


@dataclass
class CertificateData:
    """Everything printed on one certificate, independent of the database rows."""

    learner_name: str
    course_title: str
    issuer_name: str
    issued_on: date
    code: str
    hours: Decimal | None = None
    grade: Decimal | None = None
    expires_on: date | None = None
    extra: dict = field(default_factory=dict)


def verify_url(code: str) -> str:
    """The short public address printed on the certificate and encoded in its QR code."""
    path = reverse("certificate_verify_short", kwargs={"code": code_display(code)})
    return settings.SITE_URL.rstrip("/") + path


def _image_data_uri(image) -> str | None:
    """A Wagtail image embedded as a data: URI (works with any storage backend)."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition("max-600x300")
        with rendition.file.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        return None
    mime = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def date_long(value: date, language: str) -> str:
    """A date in the language's CLDR long form ("4 декабря 2026 г.", "2026年12月4日")."""
    try:
        locale = Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(translation.to_locale(settings.LANGUAGE_CODE))
    return format_date(value, format="long", locale=locale)


def _number(value) -> str:
    if value is None:
        return ""
    value = Decimal(value)
    return formats.number_format(value.normalize() if value == value.to_integral() else value)


def certificate_html(*, template, data: CertificateData) -> str:
    """The certificate as a standalone HTML document, in the template's language."""
    language = template.language or settings.LANGUAGE_CODE
    with translation.override(language):
        issued = date_long(data.issued_on, language)
        values = {
            "learner_name": data.learner_name,
            "course_title": data.course_title,
            "date": issued,
            "hours": _number(data.hours),
            "grade": f"{_number(data.grade)} %" if data.grade is not None else "",
            "issuer": data.issuer_name,
            "code": code_display(data.code),
        }
        signatories = [
            {"name": s.name, "role": s.role, "signature": _image_data_uri(s.signature)}
            for s in list(template.signatories.all())[:3]
        ]
        url = verify_url(data.code)
        return render_to_string(
            "certificates/pdf/certificate.html",
            {
                "language": language,
                "direction": "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr",
                "orientation": template.orientation,
                "accent": template.accent_colour,
                "font_stack": mark_safe(FONT_STACK),  # noqa: S308 - our own constant
                "title": mark_safe(placeholders_fill(template.title, values)),  # noqa: S308
                "body": mark_safe(placeholders_fill(template.body, values)),  # noqa: S308
                "data": data,
                "issued": issued,
                "expires": date_long(data.expires_on, language) if data.expires_on else "",
                "code": code_display(data.code),
                "verify_url": url,
                "qr": qr_data_uri(url),
                "logo": _image_data_uri(template.logo),
                "partner_logo": _image_data_uri(template.partner_logo),
                "signatories": signatories,
            },
        )


def certificate_pdf(*, template, data: CertificateData, credential: str = "") -> bytes:
    """The certificate as PDF/A-3a; `credential` (a signed VC-JWT) is embedded when given."""
    html = certificate_html(template=template, data=data)
    attachments = []
    if credential:
        attachments.append(
            PdfAttachment(
                name=CREDENTIAL_NAME,
                content=credential.encode("ascii"),
                mime_type=CREDENTIAL_MEDIA_TYPE,
                description="Open Badges 3.0 credential of this certificate (VC-JWT)",
                created=datetime.combine(data.issued_on, datetime.min.time(), tzinfo=UTC),
            )
        )
    return html_to_pdf(
        html, base_url=str(settings.BASE_DIR), variant=ARCHIVAL, attachments=attachments
    )


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


SAMPLES = {
    "cyrillic": "Александра Константиновна Преображенская-Рахмонова Абдуллоҳзода",
    "arabic": "فاطمة الزهراء بنت عبد الله الحسيني",
    "latin": "Zoë Ngọc Nguyễn-Łukasiewicz Çelik",
}


def template_preview_pdf(*, template, sample: str) -> bytes:
    """The admin's preview: the template with sample data and a sample (unissued) code."""
    data = CertificateData(
        learner_name=SAMPLES.get(sample, SAMPLES["cyrillic"]),
        course_title="Actuarial planning and financing of social protection",
        issuer_name=template.issuer_name,
        issued_on=timezone.localdate(),
        code="0" * 28,
        hours=Decimal("12.5"),
        grade=Decimal("87.5"),
    )
    return certificate_pdf(template=template, data=data)
