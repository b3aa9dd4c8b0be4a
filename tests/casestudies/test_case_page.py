"""A case study's page, its suggested citation, its PDF, the country pages and the feed."""

import io

import feedparser
import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from tests.factories import case_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(library):
    return case_study(
        library,
        title="Digital social-security services in China",
        summary="Electronic social-security cards bring services to the phone.",
        countries=["CN"],
        themes=["digital-transformation"],
        types=["social-insurance"],
        risks=["old-age"],
        groups=["migrant-workers"],
        year_start=2018,
        year_end=None,
        institutions="Ministry of Human Resources and Social Security (MoHRSS)\nISSA",
        funders="European Union",
        approach="<p>One national public-service platform.</p>",
        lessons_learned="<p>Keep offline counters for people without phones.</p>",
        key_figures=[
            {
                "label": "Holders of an electronic social-security card",
                "value": "715",
                "unit": "million people",
                "year": 2022,
                "source": "MoHRSS statistical bulletin 2022",
            }
        ],
        sources=[
            {
                "title": "Statistical bulletin on human resources and social security 2022",
                "publisher": "MoHRSS",
                "year": 2023,
                "url": "https://www.mohrss.gov.cn/",
            }
        ],
    )


def test_case_page_shows_the_structured_fields(client, case):
    response = client.get(case.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    facts = soup.select_one(".case__facts").get_text(" ", strip=True)
    for text in [
        "China",
        "Asia and the Pacific",
        "since 2018",
        "Digital transformation",
        "Social insurance (contributory)",
        "Old age",
        "Migrant workers",
        "European Union",
        "ISSA",
    ]:
        assert text in facts
    table = soup.select_one("table").get_text(" ", strip=True)
    assert "715 million people" in table and "2022" in table
    assert soup.select_one('a[href="https://www.mohrss.gov.cn/"]')
    assert "Keep offline counters" in response.content.decode()
    assert soup.select_one('a[href="/case-studies/country/cn/"]')


def test_suggested_citation(client, case):
    soup = BeautifulSoup(client.get(case.url).content, "html.parser")
    citation = soup.select_one(".citation").get_text(strip=True)
    case.refresh_from_db()
    year = case.last_published_at.year
    assert citation == (
        f"Ministry of Human Resources and Social Security (MoHRSS); ISSA ({year}). "
        "Digital social-security services in China. Good-practice case study, China, "
        f"since 2018. Socle case-study library. http://testserver{case.url}"
    )


def test_pdf_holds_the_case_text(client, case):
    response = client.get(case.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{case.slug}.pdf"' in response["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Digital social-security services in China" in text
    assert "715 million people" in text
    assert "Keep offline counters for people without phones." in text
    assert "How to cite this case study" in text
    assert "Socle case-study library" in text


def test_draft_case_and_its_pdf_are_invisible(client, library):
    draft = case_study(library, title="Unreviewed draft", publish=False)
    assert client.get(draft.url).status_code == 404
    assert client.get(draft.url + "pdf/").status_code == 404


def test_country_page_lists_its_cases(client, library, case):
    case_study(library, title="Rwanda digital backbone", countries=["RW"])
    response = client.get("/case-studies/country/cn/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Case studies: China" in body
    assert "Digital social-security services in China" in body
    assert "Rwanda digital backbone" not in body
    empty = client.get("/case-studies/country/bo/")
    assert empty.status_code == 200
    assert "no case study from Bolivia" in empty.content.decode()
    assert client.get("/case-studies/country/zz/").status_code == 404


def test_atom_feed_lists_new_cases_newest_first(client, library, case):
    case_study(library, title="Morocco social registry", countries=["MA"])
    case_study(library, title="Not yet reviewed", publish=False)
    response = client.get("/case-studies/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(response.content)
    entries = [e.find("a:title", ns).text for e in root.findall("a:entry", ns)]
    assert entries == ["Morocco social registry", "Digital social-security services in China"]
    link = root.find("a:entry/a:link", ns).get("href")
    assert link.startswith("http://testserver/case-studies/")


def test_library_nav_item(client, library):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one('.site-nav a[href="/case-studies/"]').get_text() == "Case studies"


def test_library_nav_item_is_cached_until_the_library_changes(client, library):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not any("casestudies_casestudyindexpage" in q["sql"] for q in queries.captured_queries)
    library.unpublish()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one('.site-nav a[href="/case-studies/"]') is None


def test_pdf_prints_every_script(client, library):
    words = {
        "latin": "São Tomé e Príncipe",
        "cyrillic": "Таджикистан",
        "arabic": "الحماية",
        # Words whose glyphs map back one to one: pypdf reads Lao above-vowels (ັ) with a
        # space after them and a medial Arabic teh as teh marbuta, although both print right.
        "lao": "ປະເທດລາວ",
        "chinese": "社会保障",
    }
    case = case_study(
        library,
        title="Social protection in five scripts",
        summary=f"{words['latin']} and {words['cyrillic']}.",
        context=(
            f"<p>Arabic: {words['arabic']}. Lao: {words['lao']}. Chinese: {words['chinese']}.</p>"
        ),
    )
    response = client.get(case.url + "pdf/")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(p.extract_text() for p in reader.pages)
    for script, word in words.items():
        assert word in text, (script, word, text)
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        for font in [font.get_object()]
    }
    for family in ("Latin", "Cyrillic", "Arabic", "Lao", "Chinese"):
        assert any(f"Socle-{family}" in name for name in fonts), fonts


def test_atom_feed_has_an_author_and_ids_that_do_not_follow_the_host(
    client, library, case, settings
):
    """RFC 4287: a feed (or each entry) has an author; an id never changes. The Host header
    is the client's to choose, so neither the ids nor the links may come from it."""
    settings.SITE_URL = "https://learn.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    case_study(library, title="Morocco social registry", countries=["MA"])
    feeds = [
        feedparser.parse(client.get("/case-studies/feed/", HTTP_HOST=host).content)
        for host in ("testserver", "attacker.example.net")
    ]
    for parsed in feeds:
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.feed.author == "Socle"
        assert parsed.feed.author_detail.href == "https://learn.example.org/"
        assert parsed.feed.id.startswith("tag:learn.example.org,")
        assert len(parsed.entries) == 2
        for entry in parsed.entries:
            assert entry.id.startswith("tag:learn.example.org,")
            assert entry.link.startswith("https://learn.example.org/case-studies/")
        assert "attacker" not in str(parsed)
    first, second = feeds
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert first.feed.id == second.feed.id
    assert len({e.id for e in first.entries}) == 2
    # Editing and republishing a case keeps its id.
    case.title = "Digital social-security services in China, revised"
    case.save_revision().publish()
    again = feedparser.parse(client.get("/case-studies/feed/").content)
    assert {e.id for e in again.entries} == {e.id for e in first.entries}
