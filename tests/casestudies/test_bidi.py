"""Right-to-left reading of a case study: a key figure's number and unit, the sources and
other editors' text keep their own direction inside an Arabic page and its PDF."""

import io

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

import casestudies.pdf
from tests.factories import case_study

pytestmark = pytest.mark.django_db

FSI, PDI = "\u2068", "\u2069"


@pytest.fixture
def case(library):
    return case_study(
        library,
        title="Cash transfers in Morocco",
        summary="A family allowance for every child.",
        countries=["MA"],
        themes=["coverage-extension"],
        institutions="Caisse nationale de sécurité sociale",
        key_figures=[
            {
                "label": "People covered",
                "value": "22",
                "unit": "million people",
                "year": 2024,
                "source": "CNSS annual report",
            },
            {
                "label": "الأسر المستفيدة",
                "value": "3.5",
                "unit": "مليون أسرة",
                "year": 2024,
                "source": "وزارة الاقتصاد",
            },
        ],
        sources=[{"title": "Rapport annuel", "publisher": "CNSS", "year": 2024, "url": ""}],
    )


@pytest.fixture
def arabic(client):
    client.cookies["django_language"] = "ar"
    return client


def test_key_figures_are_isolated_on_the_page(arabic, case):
    response = arabic.get(case.url)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["dir"] == "rtl"
    figures = [b.get_text() for b in soup.select("table bdi.figure")]
    # One isolate holds number and unit: its direction comes from the unit's own script, so
    # "22 million people" reads left to right inside the Arabic page, not "million 22 people".
    assert figures == ["22 million people", "3.5 مليون أسرة"]
    rows = soup.select("table tbody tr")
    assert rows[0].th["dir"] == "auto" and rows[0].select("td")[-1]["dir"] == "auto"


def test_sources_and_editors_lists_keep_their_own_direction(arabic, case):
    soup = BeautifulSoup(arabic.get(case.url).content, "html.parser")
    source = soup.select_one("ul.sources li")
    assert source["dir"] == "auto"
    assert [b.get_text() for b in source.select("bdi")] == ["CNSS", "Rapport annuel"]
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in soup.select(".case__facts dt")}
    assert all(dd.get("dir") == "auto" for name, dd in facts.items() if "Caisse" in dd.text)


def test_pdf_isolates_figures_and_sources(arabic, case, monkeypatch):
    seen = {}
    real = casestudies.pdf.html_to_pdf

    def spy(html, **kwargs):
        seen["html"] = html
        return real(html, **kwargs)

    monkeypatch.setattr(casestudies.pdf, "html_to_pdf", spy)
    response = arabic.get(case.url + "pdf/")
    assert response.status_code == 200
    html = BeautifulSoup(
        seen["html"], "html.parser"
    )  # the template writes the isolates as &#x2068;
    assert html.html["dir"] == "rtl"
    html = html.get_text()
    assert f"{FSI}22 million people{PDI}" in html
    assert f"{FSI}3.5 مليون أسرة{PDI}" in html
    assert f"{FSI}CNSS{PDI}" in html and f"{FSI}Rapport annuel{PDI}" in html
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Rapport annuel" in text.replace(FSI, "").replace(PDI, "")
