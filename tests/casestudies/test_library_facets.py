"""The library page: facets and their counts against the data, search, URL filters, sorting,
pagination, bad input, and a query count that stays flat as the library grows."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from casestudies.bulk import case_studies_bulk_create
from casestudies.facets import library_index
from casestudies.models import Theme
from casestudies.search import search_matches
from casestudies.selectors import library_search, library_selection
from tests.factories import case_study

pytestmark = pytest.mark.django_db


def facet_counts(response, key):
    soup = BeautifulSoup(response.content, "html.parser")
    counts = {}
    for box in soup.select(f'input[type=checkbox][name="{key}"]'):
        label = soup.select_one(f'label[for="{box["id"]}"]').get_text(" ", strip=True)
        counts[box["value"]] = int(re.search(r"\((\d+)\)$", label).group(1))
    return counts


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".case-card__title a")]


@pytest.fixture
def cases(library):
    return {
        "lao": case_study(
            library,
            title="Lao social security digitalisation",
            countries=["LA"],
            themes=["digital-transformation"],
            types=["social-insurance"],
            year_start=2019,
            year_end=None,
        ),
        "taj": case_study(
            library,
            title="Tajikistan pension administration",
            countries=["TJ"],
            themes=["digital-transformation", "governance-administration"],
            types=["social-insurance"],
            risks=["old-age"],
            year_start=2012,
            year_end=2018,
        ),
        "rw": case_study(
            library,
            title="Rwanda community health insurance",
            countries=["RW"],
            themes=["coverage-extension"],
            types=["health-protection"],
            groups=["informal-economy-workers"],
            year_start=2004,
            year_end=2021,
            summary="Mutuelles de santé reach informal workers.",
        ),
        "ma": case_study(
            library,
            title="Morocco unified social registry",
            countries=["MA", "TN"],
            themes=["digital-transformation"],
            types=["social-assistance"],
            year_start=2020,
            year_end=2024,
        ),
        "draft": case_study(
            library,
            title="Draft case from Viet Nam",
            countries=["VN"],
            themes=["digital-transformation"],
            publish=False,
        ),
    }


def test_facet_counts_match_the_data(client, library, cases):
    response = client.get(library.url)
    assert response.status_code == 200
    assert facet_counts(response, "region") == {
        "africa": 2,  # Rwanda, and Morocco+Tunisia counted once
        "americas": 0,
        "arab-states": 0,
        "asia-pacific": 1,
        "europe-central-asia": 1,
    }
    themes = facet_counts(response, "theme")
    assert themes["digital-transformation"] == 3  # the draft is not counted
    assert themes["coverage-extension"] == 1
    assert themes["legal-framework"] == 0
    assert facet_counts(response, "country") == {"LA": 1, "TJ": 1, "RW": 1, "MA": 1, "TN": 1}
    assert facet_counts(response, "period") == {
        "before-2000": 0,
        "2000s": 1,
        "2010s": 3,
        "2020s": 3,
    }
    assert "Draft case" not in response.content.decode()


def test_counts_follow_the_other_selections(client, library, cases):
    response = client.get(library.url, {"region": "africa", "theme": "digital-transformation"})
    assert titles(response) == ["Morocco unified social registry"]
    # A facet's own counts ignore its own selection, so the other values stay reachable...
    assert facet_counts(response, "region")["asia-pacific"] == 1
    assert facet_counts(response, "region")["europe-central-asia"] == 1
    assert facet_counts(response, "region")["africa"] == 1
    # ...and follow every other selection.
    themes = facet_counts(response, "theme")
    assert themes["digital-transformation"] == 1
    assert themes["coverage-extension"] == 1
    assert facet_counts(response, "type") == {
        "social-insurance": 0,
        "social-assistance": 1,
        "universal-categorical": 0,
        "health-protection": 0,
        "employment-public-works": 0,
    }


def test_values_in_one_facet_are_or_and_facets_are_and(client, library, cases):
    response = client.get(library.url, {"country": ["LA", "TJ", "RW"], "type": "social-insurance"})
    assert sorted(titles(response)) == [
        "Lao social security digitalisation",
        "Tajikistan pension administration",
    ]


def test_period_filter_uses_overlap(client, library, cases):
    response = client.get(library.url, {"period": "2000s"})
    assert titles(response) == ["Rwanda community health insurance"]
    response = client.get(library.url, {"period": "2020s", "sort": "title"})
    assert titles(response) == [
        "Lao social security digitalisation",
        "Morocco unified social registry",
        "Rwanda community health insurance",
    ]


def test_unknown_facet_values_are_ignored(client, library, cases):
    response = client.get(
        library.url,
        {
            "region": ["mars", "asia-pacific"],
            "theme": "no-such-theme",
            "country": "ZZ",
            "period": "1066",
            "sort": "random",
            "page": "banana",
        },
    )
    assert response.status_code == 200
    assert titles(response) == ["Lao social security digitalisation"]


def test_full_text_search_with_facets(client, library, cases):
    response = client.get(library.url, {"q": "informal workers"})
    assert titles(response) == ["Rwanda community health insurance"]
    response = client.get(library.url, {"q": "digitalisation"})
    assert titles(response) == ["Lao social security digitalisation"]
    # Country names are searchable, facets narrow a search, counts follow it.
    response = client.get(library.url, {"q": "Tunisia"})
    assert titles(response) == ["Morocco unified social registry"]
    response = client.get(library.url, {"q": "pension", "region": "africa"})
    assert titles(response) == []
    assert facet_counts(response, "region")["europe-central-asia"] == 1
    assert client.get(library.url, {"q": "Viet Nam"}).status_code == 200
    assert titles(client.get(library.url, {"q": "Viet Nam"})) == []  # draft never found


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a" * 2000, "Your search is too long"),
        ("%%% *** !!! ???", "Type at least one letter or number"),
        ("pension " * 250, "Your search is too long"),
    ],
)
def test_bad_searches_give_a_clear_empty_result(client, library, cases, query, message):
    response = client.get(library.url, {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert titles(response) == []
    assert "0 case studies" in body


def test_search_syntax_characters_do_not_break_the_page(client, library, cases):
    for q in ['"pension', "pension AND (", "NOT", "C++ -old", "*", "'; DROP TABLE"]:
        assert client.get(library.url, {"q": q}).status_code == 200


def test_sorting_and_pagination(client, library):
    for n in range(14):
        case_study(library, title=f"Case {n:02d}", year_start=2000 + n, year_end=2000 + n)
    first = client.get(library.url, {"sort": "title"})
    assert titles(first)[:2] == ["Case 00", "Case 01"]
    assert len(titles(first)) == 12
    second = client.get(library.url, {"sort": "title", "page": 2})
    assert titles(second) == ["Case 12", "Case 13"]
    recent = client.get(library.url, {"sort": "recent-period"})
    assert titles(recent)[0] == "Case 13"
    assert 'href="?sort=title&amp;page=2"' in first.content.decode()


def test_chips_remove_one_filter(client, library, cases):
    response = client.get(library.url, {"region": ["africa", "asia-pacific"]})
    soup = BeautifulSoup(response.content, "html.parser")
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".chips a.tag")}
    assert links["Africa × remove filter"] == "?region=asia-pacific"


def _bulk_rows(n):
    theme = Theme.objects.get(slug="digital-transformation")
    countries = ["LA", "TJ", "CN", "RW", "UZ", "MA", "BR", "KE"]
    return [
        {
            "title": f"Bulk case {i}",
            "summary": "A bulk case.",
            "countries": [countries[i % len(countries)]],
            "year_start": 2000 + i % 25,
            "themes": [theme] if i % 3 == 0 else [],
        }
        for i in range(n)
    ]


def test_library_query_count_is_flat_from_20_to_2000_cases(
    client, library, django_assert_max_num_queries, django_assert_num_queries
):
    params = {"region": "asia-pacific", "theme": "digital-transformation", "q": "bulk"}
    case_studies_bulk_create(index=library, rows=_bulk_rows(20))
    client.get(library.url, params)  # warm caches (site root paths)

    with CaptureQueriesContext(connection) as small:
        response = client.get(library.url, params)
    assert response.status_code == 200
    case_studies_bulk_create(index=library, rows=_bulk_rows(1980))
    # The first request after a change rebuilds the facet index with a fixed number of
    # queries; later requests reuse it. Both stay within the budget of the small library.
    # (Bulk creation also moves the page tree's version: routing and the shell are re-read.)
    with django_assert_max_num_queries(len(small.captured_queries) + 16):
        client.get(library.url, params)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(library.url, params)
    # LA and CN (Asia and the Pacific) are 2 of 8 countries; a third of cases are digital.
    expected = sum(1 for i in range(1980) if i % 8 in (0, 2) and i % 3 == 0) + sum(
        1 for i in range(20) if i % 8 in (0, 2) and i % 3 == 0
    )
    assert f"{expected} case studies" in response.content.decode()
    assert len(titles(response)) == 12
    assert len(small.captured_queries) <= 25


def test_facet_index_follows_publishing_and_unpublishing(client, library, cases):
    assert facet_counts(client.get(library.url), "region")["asia-pacific"] == 1
    cases["draft"].save_revision().publish()
    assert facet_counts(client.get(library.url), "region")["asia-pacific"] == 2
    cases["lao"].unpublish()
    cases["draft"].refresh_from_db()
    response = client.get(library.url)
    assert facet_counts(response, "region")["asia-pacific"] == 1
    assert "Lao social security digitalisation" not in titles(response)


def test_cards_show_countries_in_order_and_themes(client, library, cases):
    for url in (library.url, "/case-studies/country/tn/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        card = next(
            c
            for c in soup.select(".case-card")
            if "Morocco unified social registry" in c.get_text()
        )
        assert card.select_one(".meta").get_text(strip=True) == "Morocco, Tunisia · 2020–2024"
        assert [t.get_text(strip=True) for t in card.select(".tag")] == ["Digital transformation"]


@pytest.mark.parametrize(
    "params",
    [
        "q=pension",  # the query's matches alone: one bitset for every facet
        "q=social&theme=digital-transformation",  # narrowed by another facet
        "q=social&region=asia-pacific&type=social-insurance",
        "region=asia-pacific&theme=coverage-extension",
    ],
)
def test_bitset_counts_equal_set_intersections(client, library, cases, params):
    """The facet counts come from bitsets; they must equal counting the same sets directly."""

    query = QueryDict(params)
    result = library_search(index=library, params=query)
    li = library_index(library)
    selected = library_selection(query, li.terms)
    base = li.ids & search_matches(query["q"]).keys() if "q" in query else li.ids
    for facet in result.facets:
        pool = set(base)
        for other, values in selected.items():
            if other != facet.key and values:
                pool &= set().union(*(li.value_ids(other, v) for v in values))
        for option in facet.options:
            assert option.count == len(pool & li.value_ids(facet.key, option.value)), (
                params,
                facet.key,
                option.value,
            )
