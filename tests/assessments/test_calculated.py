"""Calculated questions in attempts: drawn per attempt, kept, graded, and kept secret."""

import logging
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import number_format

from assessments.analysis import quiz_item_analysis
from assessments.blocks import CalculatedBlock
from assessments.models import Attempt, Response
from assessments.services import attempt_start, attempt_submit, response_save
from assessments.services.quiz import attempt_questions
from labs.engine import registry
from labs.engine.illustrative import PROFILE
from tests.factories import UserFactory, attempt_form, enrolled, quiz_page
from tests.factories.assessments import q_calculated, q_single

from .calc_cases import toy_cost
from .test_feedback_and_leakage import leaks

pytestmark = pytest.mark.django_db

PROMPT = "A dependency ratio of {ratio} % and a replacement rate of {rate} %: PAYG cost rate?"


def payg(**kw):
    kw.setdefault("unit", "%")
    kw.setdefault("tolerance", "0.05")
    return q_calculated(
        PROMPT, [("ratio", 10, 60, 1), ("rate", 20, 70, 0)], "ratio * rate / 100", **kw
    )


def calculated_quiz(learner, *questions, **fields):
    quiz = quiz_page(questions=list(questions) or [payg()], **fields)
    enrolled(learner, quiz)
    return quiz


def values_of(attempt) -> dict:
    return next(e["values"] for e in attempt.layout["q"].values() if "values" in e)


def expected(values: dict) -> Decimal:
    # As the server computes it: in floats, then rounded half up to the answer's decimals.
    number = float(values["ratio"]) * float(values["rate"]) / 100
    return Decimal(repr(number)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_values_are_drawn_in_range_and_the_answer_computed_on_the_server(learner):
    quiz = calculated_quiz(learner)
    attempt = attempt_start(user=learner, quiz=quiz, seed=7)
    values = values_of(attempt)
    assert (
        10 <= Decimal(values["ratio"]) <= 60 and Decimal(values["ratio"]).as_tuple().exponent == -1
    )
    assert 20 <= Decimal(values["rate"]) <= 70 and "." not in values["rate"]
    (q,) = attempt_questions(attempt)
    assert q.kind == "numeric" and q.unit == "%"
    assert q.number == expected(values)
    assert f"{values['ratio']} %" in q.prompt and "{ratio}" not in q.prompt


def test_a_reload_a_resume_and_the_grading_see_the_same_numbers(learner, learner_client):
    quiz = calculated_quiz(learner)
    attempt = attempt_start(user=learner, quiz=quiz)
    first = learner_client.get(f"/assessments/attempts/{attempt.uuid}/").content.decode()
    again = learner_client.get(f"/assessments/attempts/{attempt.uuid}/").content.decode()
    resumed = attempt_start(user=learner, quiz=quiz)  # another device resumes it
    assert resumed.pk == attempt.pk and resumed.layout == attempt.layout
    values = values_of(attempt)
    prompt = re.compile(r'class="question__prompt".*?</div>', re.S)
    assert prompt.search(first).group(0) == prompt.search(again).group(0)
    assert values["ratio"] in first
    qid = attempt.question_ids[0]
    done = attempt_submit(user=learner, attempt=attempt, answers={qid: str(expected(values))})
    assert done.score == 100 and done.passed


def test_two_learners_get_different_numbers(learner):
    other = UserFactory()
    quiz = calculated_quiz(learner)
    enrolled(other, quiz)
    mine = attempt_start(user=learner, quiz=quiz, seed=1)
    theirs = attempt_start(user=other, quiz=quiz, seed=2)
    assert values_of(mine) != values_of(theirs)
    # ... and each is graded against their own answer
    qid = mine.question_ids[0]
    right_for_me = str(expected(values_of(mine)))
    assert attempt_submit(user=learner, attempt=mine, answers={qid: right_for_me}).score == 100
    assert attempt_submit(user=other, attempt=theirs, answers={qid: right_for_me}).score == 0


def test_tolerance_applies_around_the_computed_answer(learner):
    quiz = calculated_quiz(learner, payg(tolerance="1", kind="relative"))
    attempt = attempt_start(user=learner, quiz=quiz, seed=3)
    answer = expected(values_of(attempt))
    qid = attempt.question_ids[0]
    inside = (answer * Decimal("1.0099")).quantize(Decimal("0.0001"))
    response_save(user=learner, attempt=attempt, answers={qid: f"{inside} %"})
    assert attempt_submit(user=learner, attempt=attempt).score == 100
    attempt = attempt_start(user=learner, quiz=quiz, seed=3)
    outside = (answer * Decimal("1.0101")).quantize(Decimal("0.0001"))
    assert attempt_submit(user=learner, attempt=attempt, answers={qid: str(outside)}).score == 0


def test_the_prompt_writes_numbers_the_learners_way(learner, learner_client):
    question = q_calculated(
        "{pensioners} pensioners, {year}: {share} %?",
        [("pensioners", 100000, 900000, 1), ("year", 2030, 2030, 0), ("share", 1, 2, 2)],
        "pensioners * share",
    )
    quiz = calculated_quiz(learner, question)
    attempt = attempt_start(user=learner, quiz=quiz, seed=5)
    values = values_of(attempt)
    pensioners = Decimal(values["pensioners"])
    learner_client.cookies["django_language"] = "fr"
    body = learner_client.get(f"/assessments/attempts/{attempt.uuid}/").content.decode()
    with translation.override("fr"):
        french = number_format(pensioners, decimal_pos=1, use_l10n=True, force_grouping=True)
    assert "," in french and french in body
    assert values["pensioners"] not in body  # not the English 123456.7
    assert "2030" in body  # a year is not grouped


def submit_via_http(client, attempt, answers):
    url = f"/assessments/attempts/{attempt.uuid}/"
    return client.post(url, attempt_form(attempt, answers, action="submit"))


def answer_formats(answer: Decimal, values: dict) -> list[str]:
    exact = Decimal(values["ratio"]) * Decimal(values["rate"]) / 7
    found = {str(answer), str(answer).replace(".", ","), f"{answer:.4f}", str(exact)[:8]}
    return sorted(found)


@pytest.mark.parametrize("policy", ["after_submission", "never"])
def test_the_answer_reaches_no_page_before_the_policy_allows(learner, learner_client, policy):
    question = q_calculated(
        PROMPT, [("ratio", 10, 60, 1), ("rate", 20, 70, 0)], "ratio * rate / 7", answer_decimals=3
    )
    quiz = calculated_quiz(learner, question, feedback_policy=policy, answers_policy=policy)
    start = learner_client.post(f"/assessments/quizzes/{quiz.pk}/start/")
    attempt = Attempt.objects.get(uuid=start.url.rstrip("/").rsplit("/", 1)[-1])
    values = values_of(attempt)
    (q,) = attempt_questions(attempt)
    secrets = answer_formats(q.number, values)
    url = f"/assessments/attempts/{attempt.uuid}/"
    qid = attempt.question_ids[0]
    bodies = [learner_client.get(quiz.url), learner_client.get(url)]
    bodies.append(learner_client.post(url, attempt_form(attempt, {qid: "12"}), follow=True))
    attempt.refresh_from_db()
    bad = learner_client.post(url, attempt_form(attempt, {qid: "twelve"}))
    assert bad.status_code == 400
    bodies.append(bad)
    bodies.append(learner_client.post(url, attempt_form(attempt, {}, version=1)))
    for response in bodies:
        body = response.content.decode()
        assert values["ratio"] in body or response.request["PATH_INFO"] == quiz.url
        assert [s for s in secrets if s in body] == [] and leaks(body) == []
    attempt.refresh_from_db()
    submit_via_http(learner_client, attempt, {qid: "12"})
    result = learner_client.get(f"{url}result/").content.decode()
    assert values["ratio"] in result  # the result page shows the drawn numbers
    if policy == "never":
        assert [s for s in secrets if s in result] == []
    else:
        assert str(q.number) in result and "Correct answer" in result


def test_forged_and_absurd_answers_are_refused_and_nothing_is_written(learner, learner_client):
    quiz = calculated_quiz(learner)
    attempt = attempt_start(user=learner, quiz=quiz)
    url = f"/assessments/attempts/{attempt.uuid}/"
    qid = attempt.question_ids[0]
    for raw in ("1e400", "9" * 101, "NaN", "inf", "12 USD"):
        response = learner_client.post(url, attempt_form(attempt, {qid: raw}))
        assert response.status_code == 400, raw
    forged = attempt_form(attempt, {"not-a-question": "1"})
    assert learner_client.post(url, forged).status_code == 400
    assert not Response.objects.filter(attempt=attempt).exists()
    # Fields that try to set the numbers or the answer are not read: the stored draw stands.
    layout = Attempt.objects.get(pk=attempt.pk).layout
    data = attempt_form(attempt, {qid: "1"})
    data.update({f"q-{qid}-values": '{"ratio": "0"}', f"q-{qid}-answer": "1", "layout": "{}"})
    assert learner_client.post(url, data).status_code == 302
    attempt.refresh_from_db()
    assert attempt.layout == layout
    assert attempt_submit(user=learner, attempt=attempt).score == 0


def test_another_learners_attempt_is_not_found(learner, learner_client):
    other = UserFactory()
    quiz = calculated_quiz(learner)
    enrolled(other, quiz)
    theirs = attempt_start(user=other, quiz=quiz)
    url = f"/assessments/attempts/{theirs.uuid}/"
    assert learner_client.get(url).status_code == 404
    qid = theirs.question_ids[0]
    assert learner_client.post(url, attempt_form(theirs, {qid: "1"})).status_code == 404
    assert not Response.objects.filter(attempt=theirs).exists()


def test_a_question_that_cannot_be_computed_counts_for_nobody(learner, learner_client, caplog):
    broken = q_calculated("Rate {rate}?", [("rate", 1, 9, 0)], "1 / (rate - rate)")
    right = q_single("Pay-as-you-go?", [("Yes", True, ""), ("No", False, "")])
    quiz = calculated_quiz(learner, broken, right)
    with caplog.at_level(logging.ERROR, logger="assessments.calculated"):
        attempt = attempt_start(user=learner, quiz=quiz)
    assert "no computable values" in caplog.text
    void, single = attempt_questions(attempt)
    assert void.points == 0 and void.number is None
    body = learner_client.get(f"/assessments/attempts/{attempt.uuid}/").content.decode()
    assert "could not be drawn, so it counts for nobody" in body
    token = attempt_form(attempt, {single.id: 0})[f"q-{single.id}"]
    done = attempt_submit(user=learner, attempt=attempt, answers={single.id: token, void.id: "1"})
    assert done.max_points == 1 and done.score == 100
    result = learner_client.get(f"/assessments/attempts/{attempt.uuid}/result/")
    assert result.status_code == 200


def test_a_model_computes_the_answer(learner, toy_engine):
    question = q_calculated(
        "A benefit of {benefit} % of the poverty line: cost in 2030, % of GDP?",
        [("benefit", 10, 40, 0)],
        answer_source="model",
        model="toy_pension",
        output="cost_gdp",
        year=2030,
        assumptions=[("benefit", "benefit", None), ("take_up", "", "80")],
        answer_decimals=4,
    )
    quiz = calculated_quiz(learner, question)
    attempt = attempt_start(user=learner, quiz=quiz, seed=11)
    benefit = float(values_of(attempt)["benefit"])
    (q,) = attempt_questions(attempt)
    assert q.number == Decimal(repr(toy_cost(benefit, 80))).quantize(Decimal("0.0001"))
    done = attempt_submit(user=learner, attempt=attempt, answers={q.id: str(q.number)})
    assert done.score == 100


def test_the_engines_social_pension_model_computes_the_answer(learner):
    question = q_calculated(
        "A social pension of {benefit} % of the poverty line: its cost in 2030, % of GDP?",
        [("benefit", 10, 60, 0)],
        answer_source="model",
        model="social_pension",
        output="cost_pct_gdp",
        year=2030,
        assumptions=[("benefit", "benefit", None), ("take_up", "", "100")],
        answer_decimals=4,
        unit="%",
    )
    CalculatedBlock().clean(CalculatedBlock().to_python(question["value"]))  # the editor's check
    quiz = calculated_quiz(learner, question)
    attempt = attempt_start(user=learner, quiz=quiz, seed=4)
    benefit = int(values_of(attempt)["benefit"])
    result = registry.run("social_pension", PROFILE, {"benefit": benefit, "take_up": 100})
    (q,) = attempt_questions(attempt)
    assert q.number == Decimal(repr(result.value("cost_pct_gdp", 2030))).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )
    assert q.number > 0 and f"{benefit} %" in q.prompt
    done = attempt_submit(user=learner, attempt=attempt, answers={q.id: f"{q.number} %"})
    assert done.score == 100


def test_item_analysis_counts_calculated_questions_like_numeric_ones(learner, client, editor):
    quiz = calculated_quiz(learner)
    for i in range(4):
        user = UserFactory()
        enrolled(user, quiz)
        attempt = attempt_start(user=user, quiz=quiz, seed=i)
        right = str(expected(values_of(attempt)))
        qid = attempt.question_ids[0]
        attempt_submit(user=user, attempt=attempt, answers={qid: right if i < 3 else "0"})
    analysis = quiz_item_analysis(quiz=quiz)
    (item,) = analysis.questions
    assert item.kind == "calculated" and item.attempts == 4
    assert item.facility == Decimal("75.0")
    assert [(b.label, b.count) for b in item.distribution][:3] == [
        ("Right", 3),
        ("Partly right", 0),
        ("Wrong", 1),
    ]
    assert "Values differ per learner" in item.note
    client.force_login(editor)
    page = client.get(f"/assessments/quizzes/{quiz.pk}/analysis/").content.decode()
    assert "Values differ per learner" in page


def test_the_attempt_page_stays_flat_with_calculated_questions(learner, learner_client):
    def page_queries(count: int) -> int:
        questions = [payg() for _ in range(count)]
        quiz = calculated_quiz(learner, *questions, title=f"Quiz {count}")
        attempt = attempt_start(user=learner, quiz=quiz)
        url = f"/assessments/attempts/{attempt.uuid}/"
        learner_client.get(url)  # warm the revision's question cache
        with CaptureQueriesContext(connection) as queries:
            assert learner_client.get(url).status_code == 200
        return len(queries)

    page_queries(1)  # warm the site's caches
    assert page_queries(1) == page_queries(20) <= 9


def test_editors_preview_shows_an_example_draw(rf, editor, learner):
    quiz = calculated_quiz(learner)
    request = rf.get("/")
    request.user = editor
    body = quiz.serve_preview(request, "").content.decode()
    assert "{ratio}" not in body and "A dependency ratio of" in body
    assert re.search(r"Correct answer:</strong> \d+\.\d\d %", body)
