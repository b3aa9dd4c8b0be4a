"""Grading is a pure function of the questions and the answers: every type, every edge."""

from decimal import Decimal as D

import pytest

from assessments.grading import (
    AnswerError,
    Kind,
    Option,
    Question,
    grade_attempt,
    grade_question,
    normalise_text,
    parse_number,
)


def single():
    return Question(
        id="s",
        kind=Kind.SINGLE,
        prompt="PAYG?",
        points=D(2),
        options=(
            Option("Funded", False, "No: that is pre-funding."),
            Option("Pay-as-you-go", True, "Yes."),
            Option("Notional", False),
        ),
    )


def multiple(**kw):
    return Question(
        id="m",
        kind=Kind.MULTIPLE,
        prompt="Which are contributory?",
        points=D(4),
        options=(
            Option("Old-age insurance", True),
            Option("Employment injury insurance", True),
            Option("Social pension", False),
            Option("Cash transfer", False),
        ),
        **kw,
    )


def numeric(**kw):
    base = dict(
        id="n", kind=Kind.NUMERIC, prompt="Cost rate?", number=D("18.2"), tolerance=D("0.1")
    )
    base.update(kw)
    return Question(**base)


def test_single_choice():
    q = single()
    assert grade_question(q, {"choice": 1}).points == D(2)
    wrong = grade_question(q, {"choice": 0})
    assert wrong.points == 0 and wrong.feedback == ["No: that is pre-funding."]
    assert grade_question(q, {"choice": 7}).points == 0  # out of range
    assert grade_question(q, {"choice": "1"}).points == 0  # not an index
    assert grade_question(q, None).answered is False


def test_multiple_response_partial_credit_with_the_default_penalty():
    q = multiple()
    assert grade_question(q, {"choices": [0, 1]}).fraction == 1
    assert grade_question(q, {"choices": [0]}).fraction == D("0.5")
    assert grade_question(q, {"choices": [0, 2]}).fraction == 0  # one right, one wrong
    assert grade_question(q, {"choices": [0, 1, 2, 3]}).fraction == 0  # ticking all
    assert grade_question(q, {"choices": [2, 3]}).fraction == 0  # never below zero
    assert grade_question(q, {"choices": [0]}).points == D(2)


def test_multiple_response_with_an_explicit_penalty_and_all_or_nothing():
    q = multiple(penalty=D("0.25"))
    assert grade_question(q, {"choices": [0, 1, 2]}).fraction == D("0.75")
    assert grade_question(q, {"choices": [0, 2]}).fraction == D("0.25")
    q = multiple(penalty=D(0))
    assert grade_question(q, {"choices": [0, 1, 2, 3]}).fraction == 1
    q = multiple(scoring="all_or_nothing")
    assert grade_question(q, {"choices": [1, 0]}).fraction == 1
    assert grade_question(q, {"choices": [0]}).fraction == 0


def test_true_false():
    q = Question(
        id="t",
        kind=Kind.TRUE_FALSE,
        prompt="R202 is a convention.",
        answer_bool=False,
        feedback_true="It is a recommendation.",
        feedback_false="Right.",
    )
    assert grade_question(q, {"value": False}).correct
    result = grade_question(q, {"value": True})
    assert not result.correct and result.feedback == ["It is a recommendation."]
    assert grade_question(q, {"value": "false"}).fraction == 0


@pytest.mark.parametrize(
    ("value", "right"),
    [
        ("18.2", True),
        ("18.1", True),  # lower edge included
        ("18.3", True),  # upper edge included (exact in Decimal, not in float)
        ("18.0999", False),
        ("18.3001", False),
    ],
)
def test_numeric_absolute_tolerance_edges(value, right):
    assert grade_question(numeric(), {"value": value}).correct is right


@pytest.mark.parametrize(
    ("value", "right"),
    [("190", True), ("209", True), ("210", True), ("210.01", False), ("189.99", False)],
)
def test_numeric_relative_tolerance_edges(value, right):
    q = numeric(number=D(200), tolerance=D(5), tolerance_kind="relative")
    assert grade_question(q, {"value": value}).correct is right


def test_numeric_negative_answer_and_zero_tolerance():
    q = numeric(number=D("-2.5"), tolerance=D(0))
    assert grade_question(q, {"value": "-2.50"}).correct
    assert not grade_question(q, {"value": "-2.51"}).correct
    q = numeric(number=D(-100), tolerance=D(10), tolerance_kind="relative")
    assert grade_question(q, {"value": "-110"}).correct
    assert not grade_question(q, {"value": "-111"}).correct


@pytest.mark.parametrize(
    ("raw", "unit", "value"),
    [
        ("18.2", "", "18.2"),
        ("18,2", "", "18.2"),
        (" 18.2 % ", "%", "18.2"),
        ("18.2%", "%", "18.2"),
        ("1 234.5", "", "1234.5"),
        ("1,234.5", "", "1234.5"),
        ("1\u00a0234,5", "", "1234.5"),
        ("\u22120.5", "", "-0.5"),
        ("2e3", "", "2000"),
        ("12 usd million", "USD million", "12"),
    ],
)
def test_numbers_are_read_as_people_type_them(raw, unit, value):
    assert parse_number(raw, unit=unit) == D(value)


@pytest.mark.parametrize(
    "raw", ["", "eighteen", "18.2.3", "18,2,3", "18.2 kg", "nan", "inf", "1e99"]
)
def test_non_numeric_text_gives_a_clear_message(raw):
    with pytest.raises(AnswerError) as exc:
        parse_number(raw, unit="%")
    assert "number" in str(exc.value)


def test_short_text_ignores_case_width_and_spacing_and_accepts_alternatives():
    q = Question(
        id="x",
        kind=Kind.SHORT_TEXT,
        prompt="The room a government has to spend?",
        accepted=("fiscal space", "espace budgétaire"),
    )
    for given in ("Fiscal Space", "  fiscal   space. ", "ＦＩＳＣＡＬ space", "ESPACE BUDGÉTAIRE"):
        assert grade_question(q, {"text": given}).correct, given
    assert not grade_question(q, {"text": "fiscal"}).correct
    assert not grade_question(q, {"text": ""}).correct
    assert normalise_text("  A  b ") == "a b"


def test_matching_partial_and_all_or_nothing():
    q = Question(
        id="mt",
        kind=Kind.MATCHING,
        prompt="Match",
        pairs=(("Old-age dependency ratio", "65+ / 15-64"), ("Replacement rate", "pension / wage")),
        distractors=("contributions / GDP",),
    )
    # matches: 0 "65+ / 15-64", 1 "pension / wage", 2 the distractor
    assert grade_question(q, {"pairs": {"0": 0, "1": 1}}).fraction == 1
    assert grade_question(q, {"pairs": {"0": 0, "1": 2}}).fraction == D("0.5")
    assert grade_question(q, {"pairs": {"0": 1, "1": 0}}).fraction == 0
    assert grade_question(q, {"pairs": {"0": 99}}).fraction == 0
    strict = Question(**{**q.__dict__, "scoring": "all_or_nothing"})
    assert grade_question(strict, {"pairs": {"0": 0, "1": 2}}).fraction == 0


def test_ordering_partial_and_all_or_nothing():
    q = Question(
        id="o",
        kind=Kind.ORDERING,
        prompt="Order the steps of an actuarial valuation",
        items=("Collect data", "Project population", "Project finances", "Report"),
    )
    assert grade_question(q, {"order": [0, 1, 2, 3]}).fraction == 1
    assert grade_question(q, {"order": [1, 0, 2, 3]}).fraction == D("0.5")
    assert grade_question(q, {"order": [0, 1, 1, 3]}).fraction == 0  # not a permutation
    strict = Question(**{**q.__dict__, "scoring": "all_or_nothing"})
    assert grade_question(strict, {"order": [1, 0, 2, 3]}).fraction == 0


def test_an_attempt_sums_points_and_ignores_answers_to_other_questions():
    questions = [single(), multiple(), numeric(points=D(4))]
    result = grade_attempt(
        questions,
        {"s": {"choice": 1}, "m": {"choices": [0]}, "n": {"value": "19"}, "zzz": {"choice": 0}},
    )
    assert result.max_points == D(10)
    assert result.points == D(4)  # 2 + 2 + 0
    assert result.percent == D("40.00")
    assert set(result.questions) == {"s", "m", "n"}


def test_grading_is_deterministic():
    questions = [single(), multiple(), numeric()]
    answers = {"s": {"choice": 1}, "m": {"choices": [0, 3]}, "n": {"value": "18.25"}}
    assert grade_attempt(questions, answers) == grade_attempt(questions, answers)
