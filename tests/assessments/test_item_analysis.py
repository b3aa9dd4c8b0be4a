"""Item analysis: facility, discrimination, distributions, chart and CSV; who may see it."""

import csv
import io
from decimal import Decimal

import pytest

from assessments.analysis import quiz_item_analysis
from assessments.models import H5PResult, H5PStatement
from assessments.services import attempt_start, attempt_submit
from courses.selectors import course_for_step
from tests.factories import UserFactory, attempt_form, enrolled, h5p_package, quiz_page
from tests.factories import cohorts as cf
from tests.factories.assessments import q_numeric, q_single

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed():
    """Ten learners: the strong ones answer both questions right, the weak ones neither;
    question 2 is answered right by the weak half only (it discriminates negatively)."""
    quiz = quiz_page(
        questions=[
            q_single("Easy for the strong", [("Right", True, ""), ("Wrong", False, "")]),
            q_numeric("=cmd|' /C calc'!A0", "5", tolerance="0"),
            q_single("Discriminating", [("Right", True, ""), ("Wrong", False, "")], points="3"),
        ]
    )
    for i in range(10):
        learner = UserFactory()
        enrolled(learner, quiz)
        attempt = attempt_start(user=learner, quiz=quiz)
        q1, q2, q3 = attempt.question_ids
        strong = i >= 5
        form = attempt_form(
            attempt, {q1: 0 if strong else 1, q2: "4" if strong else "5", q3: 0 if strong else 1}
        )
        answers = {q1: form[f"q-{q1}"], q2: form[f"q-{q2}"], q3: form[f"q-{q3}"]}
        attempt_submit(user=learner, attempt=attempt, answers=answers)
    return quiz


def test_facility_discrimination_and_distribution(analysed):
    analysis = quiz_item_analysis(quiz=analysed)
    assert analysis.attempts == 10
    first, second, third = analysis.questions
    assert (first.facility, first.discrimination) == (Decimal("50.0"), Decimal("1.00"))
    assert (second.facility, second.discrimination) == (Decimal("50.0"), Decimal("-1.00"))
    assert third.discrimination == Decimal("1.00")
    assert [(b.label, b.count) for b in first.distribution] == [
        ("Right ✓", 5),
        ("Wrong", 5),
        ("No answer", 0),
    ]
    assert sum(b.count for b in analysis.histogram) == 10
    # strong learners scored 4 of 5 points (80 %), weak ones 1 of 5 (20 %)
    assert {b.label: b.count for b in analysis.histogram if b.count} == {"20–30": 5, "80–90": 5}


def test_the_query_count_stays_flat_as_attempts_grow(analysed, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        quiz_item_analysis(quiz=analysed)


def test_trainers_see_the_page_and_the_csv_learners_do_not(client, trainer, learner, analysed):
    cf.cohort(course=course_for_step(analysed), trainer=trainer)
    client.force_login(learner)
    assert client.get(f"/assessments/quizzes/{analysed.pk}/analysis/").status_code == 404
    assert client.get(f"/assessments/quizzes/{analysed.pk}/analysis.csv").status_code == 404
    client.force_login(trainer)
    page = client.get(f"/assessments/quizzes/{analysed.pk}/analysis/")
    assert page.status_code == 200
    assert "Score distribution" in page.content.decode()
    response = client.get(f"/assessments/quizzes/{analysed.pk}/analysis.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Question", "Type", "Text", "Attempts", "Facility (%)"]
    assert rows[1][3:6] == ["10", "50.0", "1.00"]
    assert rows[2][2].startswith("'=")  # a formula in a question is neutralised


def test_the_dashboard_shows_quiz_and_h5p_results(learner_client, learner, analysed):
    enrolled(learner, analysed)
    attempt_submit(user=learner, attempt=attempt_start(user=learner, quiz=analysed))
    package = h5p_package(title="Floors check")
    statement = H5PStatement.objects.create(
        user=learner, package=package, verb="answered", statement={}
    )
    H5PResult.objects.create(
        user=learner,
        package=package,
        statement=statement,
        verb="answered",
        score_raw=2,
        score_max=3,
        scaled=Decimal("0.6667"),
    )
    page = learner_client.get("/dashboard/").content.decode()
    assert "Your results" in page
    assert analysed.title in page and "0 %" in page
    assert "Floors check" in page and "2 of 3" in page
