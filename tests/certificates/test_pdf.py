"""The PDF: every script with real glyphs, A4 landscape, the code, and a QR code that decodes."""

import base64
import datetime
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pypdf
import pytest
import segno
import zxingcpp
from PIL import Image
from wagtail.models import Locale
from wagtail_factories import ImageFactory

from certificates.codes import code_display, code_generate
from certificates.models import Signatory
from certificates.qr import qr_svg
from certificates.rendering import CertificateData, certificate_html, certificate_pdf, verify_url

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

NAMES = {
    "latin": "Zoë Ngọc Nguyễn-Łukasiewicz Çelik",
    "cyrillic_ru": "Александра Константиновна Преображенская-Рахмонова",
    "cyrillic_tj": "Абдуллоҳ Ғафуров Қаҳҳорзода",
    "lao": "ສົມສັກ ພົມມະວົງ",
    "chinese": "张伟 社会保障",
}


def render(template, name, **extra):
    data = CertificateData(
        learner_name=name,
        course_title=extra.pop("course_title", "Actuarial planning and financing"),
        issuer_name="Socle Academy",
        issued_on=datetime.date(2026, 11, 22),
        code=extra.pop("code", code_generate()),
        hours=Decimal("12.5"),
        **extra,
    )
    return data, certificate_pdf(template=template, data=data)


def fonts_used(content: bytes) -> set[str]:
    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1].replace("-", "")
        for font in page["/Resources"]["/Font"].values()
    }


@pytest.mark.parametrize("script", sorted(NAMES))
def test_name_in_each_script_is_extracted_from_the_pdf(template, script):
    data, content = render(template, NAMES[script])
    text = pdf_text(content)
    flat = re.sub(r"\s+", " ", text)
    # pypdf puts a space before some Lao combining vowels; compare without whitespace.
    assert re.sub(r"\s", "", NAMES[script]) in re.sub(r"\s", "", text)
    assert "Actuarial planning and financing" in flat
    assert code_display(data.code) in text


def test_each_script_uses_its_own_font_and_no_fallback(template):
    _, content = render(template, " ".join(NAMES.values()) + " " + ARABIC_NAMES[0])
    used = fonts_used(content)
    for family in ("SocleLatin", "SocleCyrillic", "SocleLao", "SocleChinese", "SocleArabic"):
        assert any(name.startswith(family) for name in used), (family, used)
    assert not any("DejaVu" in name or "Liberation" in name for name in used), used


ARABIC_NAMES = [
    "فاطمة الزهراء بنت عبد الله الحسيني",
    "قاسم ثابت شيماء ضياء ظافر غسان جميلة خديجة ذكية يوسف",
]
# Every letter at the start, in the middle and at the end of a word.
ARABIC_LETTERS = " ".join(letter * 3 for letter in "ابتثجحخدذرزسشصضطظعغفقكلمنهوي")


@pytest.mark.parametrize("name", [*ARABIC_NAMES, ARABIC_LETTERS])
def test_arabic_name_is_read_back_exactly_from_the_pdf(template, name):
    """Every Arabic letter comes back from the PDF as itself, in logical order, so that
    copy-paste and screen readers get the name right. (Noto Sans Arabic drew dotted letters
    as shared dotless bases plus dots, and the PDF's ToUnicode map read "فاطمة الزهراء" back
    as "ناطمهت الرنهراء"; see docs/decisions/certificates-pdf-fonts.md.)"""
    _, content = render(template, name)
    text = re.sub(r"\s+", " ", pdf_text(content))  # a long line wraps
    assert name in text  # exactly: no Unicode normalisation, no letter swapped or dropped
    used = fonts_used(content)
    assert any(font.startswith("SocleArabic") for font in used), used
    assert not any(font.startswith("SocleArabicNoto") for font in used), used


def test_a_name_ending_in_allah_reads_back_in_order(template):
    """The font's "الله" ligature is one glyph for four letters, which pypdf treated as
    direction-neutral (an RTL name ending with it came back with that word first) and
    pdftotext reversed. Optional ligatures are off on certificates, so the word is drawn and
    read as its letters (docs/decisions/certificates-pdf-archival.md)."""
    name = "محمد بن عبد الله"
    _, content = render(template, name)
    assert name in [line.strip() for line in pdf_text(content).splitlines()]


def test_arabic_template_is_laid_out_right_to_left(template):
    template.locale = Locale.objects.get(language_code="ar")
    html = certificate_html(
        template=template,
        data=CertificateData(
            learner_name="فاطمة",
            course_title="الحوكمة",
            issuer_name="Socle",
            issued_on=datetime.date(2026, 1, 5),
            code=code_generate(),
        ),
    )
    assert '<html lang="ar" dir="rtl">' in html


def test_a4_landscape_by_default_and_portrait_on_request(template):
    _, landscape = render(template, "Ana")
    box = pypdf.PdfReader(io.BytesIO(landscape)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    template.orientation = "portrait"
    _, portrait = render(template, "Ana")
    box = pypdf.PdfReader(io.BytesIO(portrait)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert len(pypdf.PdfReader(io.BytesIO(portrait)).pages) == 1


def test_long_name_keeps_the_certificate_on_one_page(template):
    _, content = render(template, "Александра Константиновна " * 6)
    assert len(pypdf.PdfReader(io.BytesIO(content)).pages) == 1


def _svg_to_matrix(svg: str) -> list[list[int]]:
    """Read segno's one-path SVG back into modules: each 'h' draws a run on the current row."""
    root = ET.fromstring(svg)  # noqa: S314 - our own SVG
    paths = [el for el in root.iter() if el.tag.endswith("path")]
    assert len(paths) == 1, "the QR code must be one SVG path"
    size = int(float(root.get("viewBox").split()[2]))
    matrix = [[0] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHhVv])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", paths[0].get("d")):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        elif command == "h":
            for col in range(int(x), int(x + float(a))):
                matrix[int(y)][col] = 1
            x += float(a)
    return matrix


def test_qr_code_is_one_path_that_decodes_to_the_verification_url(template):
    code = code_generate()
    html = certificate_html(
        template=template,
        data=CertificateData(
            learner_name="Ana",
            course_title="Governance",
            issuer_name="Socle",
            issued_on=datetime.date(2026, 1, 5),
            code=code,
        ),
    )
    expected = verify_url(code)
    assert expected == f"http://testserver/verify/{code_display(code)}/"
    # The same SVG the PDF embeds (as a data: URI) ...
    svg = qr_svg(expected)

    assert (
        base64.b64encode(
            svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1).encode()
        ).decode()
        in html
    )
    # ... decoded as an image by an independent reader.
    matrix = _svg_to_matrix(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    scale = 8
    image = Image.new("L", (len(matrix) * scale,) * 2, 255)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                image.paste(0, (col * scale, row * scale, (col + 1) * scale, (row + 1) * scale))
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [expected]


def test_qr_codes_with_the_fixed_mask_decode_for_many_codes():
    """The mask is fixed rather than scored: every verification URL must still decode, at
    the print scale and small (a phone photo of a printed certificate)."""
    for _ in range(25):
        expected = verify_url(code_generate())
        svg = qr_svg(expected).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
        matrix = _svg_to_matrix(svg)
        for scale in (8, 3):
            image = Image.new("L", (len(matrix) * scale,) * 2, 255)
            for row, cells in enumerate(matrix):
                for col, dark in enumerate(cells):
                    if dark:
                        box = (col * scale, row * scale, (col + 1) * scale, (row + 1) * scale)
                        image.paste(0, box)
            assert [r.text for r in zxingcpp.read_barcodes(image)] == [expected], scale


def test_qr_svg_is_segno_single_path():
    svg = qr_svg("http://testserver/certificates/verify/ABCD/")
    assert svg.count("<path") == 1 and "<rect" not in svg
    assert segno.make("http://testserver/certificates/verify/ABCD/", error="m")


def test_logos_and_signature_images_are_embedded(template):

    # Distinct pictures: WeasyPrint embeds identical images once.
    template.logo = ImageFactory(file__color="red")
    template.partner_logo = ImageFactory(file__color="green")
    template.save()
    Signatory.objects.create(
        template=template,
        name="Dr. Amélie Durand",
        role="Director",
        signature=ImageFactory(file__color="navy"),
    )
    _, content = render(template, "Ana")
    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    images = [
        x
        for x in page["/Resources"]["/XObject"].values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert len(images) >= 3  # two logos and a signature (the QR code is vector)
    text = pdf_text(content)
    assert "Dr. Amélie Durand" in text and "Director" in text
