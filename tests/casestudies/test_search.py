"""The library's own search index: what it holds, how it follows publishing, relevance.

The same assertions run on PostgreSQL in tests/services/test_casestudies.py."""

import pytest

from casestudies.models import CaseStudySearchText, Theme
from casestudies.search import search_matches, search_text_rebuild
from tests.casestudies.test_library_facets import titles
from tests.factories import case_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(library):
    return {
        "title": case_study(
            library,
            title="Actuarial review of the pension fund",
            countries=["TJ"],
            context="<p>A review every three years.</p>",
        ),
        "body": case_study(
            library,
            title="Rural social insurance",
            countries=["CN"],
            context="<p>An actuarial note on the rural <strong>pension</strong> scheme.</p>",
        ),
        "neither": case_study(library, title="Cash transfers", countries=["MA"]),
    }


def test_a_match_in_the_title_ranks_above_a_match_in_the_body(client, library, cases):
    response = client.get(library.url, {"q": "actuarial pension"})
    assert titles(response) == ["Actuarial review of the pension fund", "Rural social insurance"]


def test_words_are_stemmed_and_tags_are_searchable(client, library, cases):
    assert titles(client.get(library.url, {"q": "pensions"})) == [
        "Actuarial review of the pension fund",
        "Rural social insurance",
    ]
    # Country and region names come from the tags, not from the text.
    assert titles(client.get(library.url, {"q": "Tajikistan"})) == [
        "Actuarial review of the pension fund"
    ]
    assert titles(client.get(library.url, {"q": "Arab States"})) == []  # Morocco is Africa
    assert titles(client.get(library.url, {"q": "Africa cash"})) == ["Cash transfers"]


def test_rich_text_is_indexed_as_text(cases):
    row = CaseStudySearchText.objects.get(page=cases["body"])
    assert row.body == "An actuarial note on the rural pension scheme."
    assert "China" in row.keywords and "Asia and the Pacific" in row.keywords
    assert row.title == "Rural social insurance"


def test_the_index_holds_only_published_text(client, library, cases):
    draft = case_study(library, title="Unreviewed draft on pensions", publish=False)
    assert not CaseStudySearchText.objects.filter(page=draft).exists()
    # A published case with a pending draft: the draft's words are not searchable.
    page = cases["neither"]
    page.title = "Cash transfers with a secret draft word zanzibarite"
    page.save_revision()
    assert search_matches("zanzibarite") == {}
    # Publishing the revision makes it searchable and drops the old words...
    page.get_latest_revision().publish()
    assert set(search_matches("zanzibarite")) == {page.pk}
    assert titles(client.get(library.url, {"q": "zanzibarite"})) == [
        "Cash transfers with a secret draft word zanzibarite"
    ]
    # ...and unpublishing removes the row.
    page.unpublish()
    assert not CaseStudySearchText.objects.filter(page=page).exists()
    assert search_matches("zanzibarite") == {}


def test_deleting_a_case_deletes_its_row(cases):
    cases["title"].delete()
    assert not CaseStudySearchText.objects.filter(page_id=cases["title"].pk).exists()
    assert set(search_matches("actuarial")) == {cases["body"].pk}


def test_renaming_or_deleting_a_tag_rewrites_the_text_of_its_cases(
    library, django_capture_on_commit_callbacks
):
    theme = Theme.objects.create(name="Portable benefits", slug="portable-benefits")
    case = case_study(library, title="Benefits that follow migrants", themes=[theme.slug])
    assert set(search_matches("portable")) == {case.pk}
    with django_capture_on_commit_callbacks(execute=True):
        theme.name = "Transferable entitlements"
        theme.save()
    assert search_matches("portable") == {}
    assert set(search_matches("transferable")) == {case.pk}
    with django_capture_on_commit_callbacks(execute=True):
        theme.delete()
    assert search_matches("transferable") == {}


def test_rebuild_indexes_every_live_case_again(library, cases):
    CaseStudySearchText.objects.all().delete()
    assert search_matches("actuarial") == {}
    assert search_text_rebuild() == 3
    assert set(search_matches("actuarial")) == {cases["title"].pk, cases["body"].pk}


def test_query_syntax_is_never_passed_to_the_engine(cases):
    for q in ['"pension', "pension AND (", "NOT pension", "pension*", "title:pension", "-x"]:
        assert isinstance(search_matches(q), dict)
    assert set(search_matches('"pension')) == {cases["title"].pk, cases["body"].pk}
    assert search_matches("%%% ***") == {}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("pension " * 250, "Your search is too long"),
        ("%%% *** !!! ???", "Type at least one letter or number"),
    ],
)
def test_long_or_symbol_only_searches_give_a_clear_empty_result(
    client, library, cases, query, message
):
    response = client.get(library.url, {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert titles(response) == []
