"""learning.pdf, the shared PDF printer: every script in its own font, one config per process."""

import io

import pypdf
from celery.signals import worker_process_init

import certificates.tasks  # connects the handler, as the worker's autodiscovery does
from learning import pdf


def _fonts(content: bytes) -> set[str]:
    page = pypdf.PdfReader(io.BytesIO(content)).pages[0]
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1].replace("-", "")
        for font in page["/Resources"]["/Font"].values()
    }


def test_any_html_gets_each_script_in_its_own_font_and_extra_styles_apply(settings):
    html = (
        "<html><body><h1>Rwanda</h1><p>Таджикистан</p><p>ສປປ ລາວ</p><p>社会保障</p>"
        '<p dir="auto">الحماية الاجتماعية</p></body></html>'
    )
    content = pdf.html_to_pdf(
        html,
        base_url=str(settings.BASE_DIR),
        stylesheets=[f"@page {{ size: A5; }} body {{ font-family: {pdf.FONT_STACK}; }}"],
    )
    reader = pypdf.PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)  # A5: the extra CSS
    text = reader.pages[0].extract_text()
    for word in ("Rwanda", "Таджикистан", "社会保障", "الحماية الاجتماعية"):
        assert word in text
    used = _fonts(content)
    for family in ("SocleLatin", "SocleCyrillic", "SocleLao", "SocleChinese", "SocleArabic"):
        assert any(name.startswith(family) for name in used), (family, used)
    assert not any("DejaVu" in name for name in used), used


def test_one_font_configuration_per_process():
    assert pdf.font_configuration() is pdf.font_configuration()


def test_font_face_rules_give_each_family_its_unicode_range():
    css = pdf.font_face_css()
    for face in pdf.FACES:
        assert f'font-family: "{face.family}"' in css
    assert css.count("unicode-range:") == sum(len(face.weights) for face in pdf.FACES)
    assert "U+0E81-0EDF" in css  # Lao


def test_a_worker_process_decodes_the_fonts_when_it_starts(monkeypatch):

    calls = []
    monkeypatch.setattr(certificates.tasks, "warm_up", lambda: calls.append("warm"))
    worker_process_init.send(sender="worker@test")
    assert calls == ["warm"]
