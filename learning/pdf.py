"""PDFs in every script: Noto Sans from the @fontsource npm packages, printed by WeasyPrint.

Any app may use it (certificates, case studies). The whole API:

- ``html_to_pdf(html, *, base_url, stylesheets=(), variant=None, attachments=())`` -> bytes:
  print an HTML document with the shared fonts; ``stylesheets`` are extra CSS strings (the
  app's own print styles); ``variant`` a WeasyPrint PDF variant (``ARCHIVAL``: PDF/A-3a,
  tagged, with the ``<html lang>`` and ``<title>`` as the document's language and title);
  ``attachments`` are ``PdfAttachment``s embedded as associated files.
- ``FONT_STACK``: the CSS ``font-family`` value naming every script's family, in order; put it
  on ``html`` (or any element) so that each character finds the font of its script. Mark
  right-to-left text (``dir="rtl"`` or ``dir="auto"``) so that it reads back in order.
- ``font_face_css()``: the ``@font-face`` rules (file: URLs into node_modules, one family per
  script, each with its ``unicode-range``); ``html_to_pdf`` already adds them.
- ``font_configuration()``: the process-wide WeasyPrint ``FontConfiguration``, for callers
  that must call WeasyPrint themselves (pass it to every ``CSS()`` and ``write_pdf()``).
- ``warm_up()``: decode every font now (a Celery worker calls it when its process starts, so
  that the first learner's PDF does not wait seconds for the fonts).

Two measured traps (docs/decisions/certificates-pdf-fonts.md):
- WeasyPrint decodes every font again on each write_pdf() unless the same FontConfiguration
  is reused: a page with Chinese costs ~2 s per render without it, ~30 ms with it. So there
  is ONE FontConfiguration and one parsed font stylesheet per process.
- Each script is its own family with a unicode-range, so that a script's font is only used for
  its own characters; one family with several faces made pypdf read Latin back as Cyrillic.
"""

import atexit
import base64
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

# PDF/A-3 level A: archival, tagged (structure tree, /MarkInfo, /Lang, /DisplayDocTitle), and
# the only PDF/A part that may carry non-PDF files (e.g. a signed credential) as associated
# files. PDF/UA is not declared: no PDF/UA validator confirmed it here.
ARCHIVAL = "pdf/a-3a"


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in the PDF as an associated file (PDF/A-3 /AF)."""

    name: str
    content: bytes
    mime_type: str
    description: str = ""
    # ISO 32000-2 7.11.3: Source, Data, Alternative, Supplement or Unspecified.
    relationship: str = "Data"
    # Fixed dates keep a re-render byte-identical; None means now.
    created: datetime | None = None


LATIN = (
    "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
    "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
)
LATIN_EXT = (
    "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+1D00-1DBF,U+1E00-1E9F,"
    "U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF"
)
VIETNAMESE = (
    "U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,"
    "U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB"
)
CYRILLIC = "U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116"
CYRILLIC_EXT = "U+0460-052F,U+1C80-1C8A,U+20B4,U+2DE0-2DFF,U+A640-A69F,U+FE2E-FE2F"
ARABIC = (
    "U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,"
    "U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC"
)
LAO = "U+0E81-0EDF,U+200C-200D,U+25CC"
# The chinese-simplified file of @fontsource/noto-sans-sc covers the CJK blocks; its own CSS
# gives no unicode-range, so the project states one.
CJK = "U+2E80-2FFF,U+3000-303F,U+3400-4DBF,U+4E00-9FFF,U+F900-FAFF,U+FF00-FFEF"


@dataclass(frozen=True)
class Face:
    family: str
    package: str
    file: str  # with {weight}
    unicode_range: str
    weights: tuple[int, ...] = (400, 700)
    # @font-face font-feature-settings, e.g. '"ccmp" 0' (see FACES).
    features: str = ""


# The .woff files, not .woff2: WeasyPrint decodes woff2 with a pure-Python Brotli, which made
# the first render of a process 8.7 s instead of 1.3 s. The PDF embeds subsets either way.
FACES = [
    Face("Socle Latin", "noto-sans", "noto-sans-latin-{weight}-normal.woff", LATIN),
    Face("Socle Latin Ext", "noto-sans", "noto-sans-latin-ext-{weight}-normal.woff", LATIN_EXT),
    # ccmp off: Noto Sans decomposes the dot-below letters (ạ ẹ ị ọ ụ) into a base and one
    # shared dot glyph, and the PDF's ToUnicode keeps one letter per glyph, so "Ngọc Thị"
    # read back as "Ngịc Th ị". The font has every precomposed letter; nothing looks different.
    Face(
        "Socle Vietnamese",
        "noto-sans",
        "noto-sans-vietnamese-{weight}-normal.woff",
        VIETNAMESE,
        features='"ccmp" 0',
    ),
    Face("Socle Cyrillic", "noto-sans", "noto-sans-cyrillic-{weight}-normal.woff", CYRILLIC),
    Face(
        "Socle Cyrillic Ext",
        "noto-sans",
        "noto-sans-cyrillic-ext-{weight}-normal.woff",
        CYRILLIC_EXT,
    ),
    # Vazirmatn has a glyph of its own for each dotted Arabic letter; Noto Sans Arabic draws
    # them as shared dotless bases plus dots, which a PDF's ToUnicode map cannot tell apart, so
    # copy-paste and screen readers got wrong letters (docs/decisions/certificates-pdf-fonts.md).
    # Noto Sans Arabic stays behind it for any letter Vazirmatn lacks.
    Face("Socle Arabic", "vazirmatn", "vazirmatn-arabic-{weight}-normal.woff", ARABIC),
    Face(
        "Socle Arabic Noto",
        "noto-sans-arabic",
        "noto-sans-arabic-arabic-{weight}-normal.woff",
        ARABIC,
    ),
    Face("Socle Lao", "noto-sans-lao", "noto-sans-lao-lao-{weight}-normal.woff", LAO),
    # Both weights (1.5 MB each as woff, decoded once per process): a synthesised bold was
    # thinner than every other script's bold (docs/decisions/certificates-pdf-archival.md).
    Face(
        "Socle Chinese",
        "noto-sans-sc",
        "noto-sans-sc-chinese-simplified-{weight}-normal.woff",
        CJK,
    ),
]

FONT_STACK = ", ".join(f'"{face.family}"' for face in FACES) + ", sans-serif"


def font_face_css() -> str:
    """@font-face rules pointing at the font files in node_modules (file: URLs)."""
    rules = []
    for face in FACES:
        for weight in face.weights:
            path = settings.NODE_MODULES / "@fontsource" / face.package / "files"
            path = path / face.file.format(weight=weight)
            if not path.is_file():
                continue
            rules.append(
                "@font-face {"
                f' font-family: "{face.family}"; font-weight: {weight}; font-style: normal;'
                f" src: url('{path.resolve().as_uri()}') format('woff');"
                f" unicode-range: {face.unicode_range};"
                + (f" font-feature-settings: {face.features};" if face.features else "")
                + " }"
            )
    return "\n".join(rules)


_lock = threading.Lock()
_state: dict = {}
# Drop the configuration before interpreter shutdown: WeasyPrint's FontConfiguration.__del__
# fails noisily once its modules are torn down.
atexit.register(_state.clear)


def _resources():
    with _lock:
        if "config" not in _state:
            config = FontConfiguration()
            _state["config"] = config
            _state["css"] = CSS(string=font_face_css(), font_config=config)
        return _state["config"], _state["css"]


def font_configuration():
    """The WeasyPrint FontConfiguration shared by every render in this process."""
    return _resources()[0]


def _weasyprint_attachment(attachment: PdfAttachment):
    # A data: URL is the one source WeasyPrint takes the MIME type from (the PDF's /Subtype).
    data = base64.b64encode(attachment.content).decode()
    return Attachment(
        url=f"data:{attachment.mime_type};base64,{data}",
        name=attachment.name,
        description=attachment.description,
        relationship=attachment.relationship,
        created=attachment.created,
        modified=attachment.created,
    )


def html_to_pdf(
    html: str,
    *,
    base_url: str,
    stylesheets: Iterable[str] = (),
    variant: str | None = None,
    attachments: Iterable[PdfAttachment] = (),
) -> bytes:
    """Print an HTML document to PDF with the process-wide fonts.

    ``base_url`` resolves the document's relative URLs (a directory or a site address);
    ``stylesheets`` are extra CSS strings applied after the font rules; ``variant`` is a
    WeasyPrint PDF variant (``ARCHIVAL``) and ``attachments`` files to embed.
    """
    config, font_css = _resources()
    extra = [CSS(string=css, font_config=config) for css in stylesheets]
    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[font_css, *extra],
        font_config=config,
        pdf_variant=variant,
        attachments=[_weasyprint_attachment(a) for a in attachments] or None,
    )


# One character of each family's script, in both weights where there are two.
_WARM_UP_TEXT = "Aé Ăđ Ằ Яж Ҳҷ عربي ລາວ 中文"


def warm_up() -> None:
    """Load and decode every font of the stack once, for the life of the process."""
    html_to_pdf(
        f"<html><body><p>{_WARM_UP_TEXT}</p><p><b>{_WARM_UP_TEXT}</b></p></body></html>",
        base_url=str(settings.BASE_DIR),
        stylesheets=[f"body {{ font-family: {FONT_STACK}; }}"],
    )
