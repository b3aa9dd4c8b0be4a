"""The submit's one fast path writes exactly the rows `bulk_create` writes."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from assessments.models import Response
from assessments.services.fast_insert import responses_insert
from assessments.services.quiz import attempt_start
from tests.factories import UserFactory, enrolled, quiz_page

pytestmark = pytest.mark.django_db


def _responses(attempt):
    return [
        Response(attempt=attempt, question_id="q-text", answer={"text": "Пенсия ٣ 养老金 «ok»"}),
        Response(
            attempt=attempt,
            question_id="q-num",
            answer={"number": "12.5", "raw": "12,5"},
            fraction=Decimal("0.5000"),
            points=Decimal("1.2500"),
            checked_at=datetime(2026, 12, 4, 9, 30, tzinfo=UTC),
        ),
        Response(attempt=attempt, question_id="q-list", answer={"options": ["b", "a"]}),
    ]


def _rows(attempt):
    return list(
        Response.objects.filter(attempt=attempt)
        .order_by("question_id")
        .values("question_id", "answer", "fraction", "points", "checked_at")
    )


def test_the_fast_insert_writes_what_bulk_create_writes(django_assert_num_queries):
    quiz = quiz_page()
    first, second = UserFactory(), UserFactory()
    enrolled(first, quiz)
    enrolled(second, quiz)
    by_orm = attempt_start(user=first, quiz=quiz)
    by_fast_path = attempt_start(user=second, quiz=quiz)

    Response.objects.bulk_create(_responses(by_orm))
    with django_assert_num_queries(1):
        responses_insert(_responses(by_fast_path))

    assert _rows(by_fast_path) == _rows(by_orm)
    assert len(_rows(by_fast_path)) == 3
    assert Response.objects.filter(attempt=by_fast_path, saved_at__isnull=True).count() == 0


def test_more_rows_than_one_statement_holds_are_all_written():
    quiz = quiz_page()
    learner = UserFactory()
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz)
    responses_insert(
        [Response(attempt=attempt, question_id=f"q{i}", answer={"i": i}) for i in range(450)]
    )
    assert Response.objects.filter(attempt=attempt).count() == 450
