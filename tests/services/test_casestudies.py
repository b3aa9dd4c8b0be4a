"""The case-study library on PostgreSQL and Redis: the same tests as on SQLite, plus the plan.

The default suite runs tests/casestudies/test_search.py on SQLite's FTS5 engine; here the
same functions run against the generated tsvector column and its GIN index, and the proposal
rate limit counts in the shared Redis cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.search import search_matches
from tests.casestudies.conftest import library  # noqa: F401 (a fixture)
from tests.casestudies.test_proposals import (  # noqa: F401 (on the Redis cache here)
    test_the_limit_counts_per_account,
    test_the_sixth_proposal_in_an_hour_is_refused_and_nothing_is_written,
)
from tests.casestudies.test_search import (  # noqa: F401 (collected here too)
    cases,
    test_a_match_in_the_title_ranks_above_a_match_in_the_body,
    test_deleting_a_case_deletes_its_row,
    test_long_or_symbol_only_searches_give_a_clear_empty_result,
    test_query_syntax_is_never_passed_to_the_engine,
    test_rebuild_indexes_every_live_case_again,
    test_renaming_or_deleting_a_tag_rewrites_the_text_of_its_cases,
    test_rich_text_is_indexed_as_text,
    test_the_index_holds_only_published_text,
    test_words_are_stemmed_and_tags_are_searchable,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_the_search_query_can_use_the_gin_index_and_the_planner_is_told_to(cases):  # noqa: F811
    with CaptureQueriesContext(connection) as captured:
        assert set(search_matches("actuarial pension")) == {cases["title"].pk, cases["body"].pk}
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        # So few rows fit in one page, where a scan is cheaper; forbid it to see whether the
        # query as written can use the index at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # On a few rows the locale's b-tree is cheaper still; drop it (in the test's
        # transaction, so rolled back) to see what the planner does with the vector alone.
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'casestudies_casestudysearchtext'"
            " AND indexdef LIKE '%%(locale_id)'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
        # Without statistics on the vector, the planner takes the index even for common
        # words on a large table (bench.casestudies: 10 ms instead of 60-80 ms).
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute WHERE attname = 'vector' "
            "AND attrelid = 'casestudies_casestudysearchtext'::regclass"
        )
        (target,) = cursor.fetchone()
    assert "Bitmap Index Scan on casestudies_casestudysearchtext_vector" in plan, plan
    assert target == 0
