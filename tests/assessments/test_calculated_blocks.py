"""Calculated questions, the editor's side: safe formulas and the block's checks."""

import time

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from assessments.blocks import CalculatedBlock
from assessments.formula import FormulaError, check, evaluate
from tests.factories.assessments import q_calculated

# --- formulas ---------------------------------------------------------------------------------


def test_a_formula_is_arithmetic_over_the_variables():
    values = {"rate": 40, "pensioners": 4, "contributors": 16}
    assert evaluate("rate * pensioners / contributors", values) == 10
    assert evaluate("max(rate, 50) - min(pensioners, 1, 2) + abs(-2)", values) == 51
    assert evaluate("round(sqrt(rate) ** 2, 3) + exp(0) + log(1)", values) == 41
    assert evaluate("2 ** 0.5 * 2 ** 0.5", {}) == pytest.approx(2)


@pytest.mark.parametrize(
    "formula",
    [
        "rate.real",  # attribute access
        "rate.__class__",
        '"a" * 3',  # strings
        "b'x'",
        "rate > 1",  # comparisons, conditions, booleans
        "rate if rate else 1",
        "True + rate",
        "rate and 1",
        "lambda: 1",  # functions, containers, subscripts
        "[rate][0]",
        "(rate, 1)",
        "{rate}",
        "__import__('os')",
        "open('x')",
        "round(rate, ndigits=2)",  # keyword arguments
        "(lambda: 1)()",
        "rate % 2",  # operators outside the list
        "rate // 2",
        "rate << 2",
        "1j * rate",  # complex numbers
        "rate := 2",
    ],
)
def test_anything_but_arithmetic_is_refused(formula):
    with pytest.raises(FormulaError):
        check(formula, {"rate"})


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("", "Write the formula"),
        ("rate *", "cannot be read"),
        ("(rate", "cannot be read"),
        ("rate * other", "other, which is no variable"),
        ("min(rate)", "min() takes from 2"),
        ("sqrt(rate, 2)", "sqrt() takes from 1 to 1"),
        ("rate + " * 60 + "1", "under 300 characters"),
        ("1+" * 140 + "rate", "too long"),
    ],
)
def test_a_bad_formula_is_named(formula, message):
    with pytest.raises(FormulaError) as exc:
        check(formula, {"rate"})
    assert message in str(exc.value)


@pytest.mark.parametrize(
    ("formula", "reason"),
    [
        ("1 / (rate - rate)", "divides by zero"),
        ("sqrt(-rate)", "undefined"),
        ("log(rate - rate)", "undefined"),
        ("exp(rate * 1000)", "too large"),
        ("1e400 * rate", "too large"),
        ("9 ** 9 ** 9 ** 9", "too large"),
        ("rate ** 100000", "too large"),
        ("round(rate, 50)", "undefined"),
    ],
)
def test_a_failing_formula_says_why_quickly(formula, reason):
    started = time.process_time()
    with pytest.raises(FormulaError) as exc:
        evaluate(formula, {"rate": 10})
    assert reason in str(exc.value)
    assert time.process_time() - started < 1  # no huge integer is ever built


# --- the block's checks -----------------------------------------------------------------------


def clean(block_dict: dict):
    block = CalculatedBlock()
    return block.clean(block.to_python(block_dict["value"]))


def errors_of(block_dict: dict) -> dict[str, str]:
    with pytest.raises(StructBlockValidationError) as exc:
        clean(block_dict)
    return {name: " ".join(e.messages) for name, e in exc.value.block_errors.items()}


PROMPT = "Rate {rate} %, {pensioners} pensioners, {contributors} contributors: cost rate?"
VARIABLES = [("rate", 30, 60, 0), ("pensioners", 100, 400, 0), ("contributors", 1000, 2000, 0)]


def good(**kw) -> dict:
    return q_calculated(
        kw.pop("prompt", PROMPT),
        kw.pop("variables", VARIABLES),
        kw.pop("formula", "rate * pensioners / contributors"),
        **kw,
    )


def test_a_sound_question_passes():
    value = clean(good())
    assert value["formula"] == "rate * pensioners / contributors"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"prompt": PROMPT + " {wage}"}, "prompt", "{wage} names no variable"),
        ({"prompt": "Rate {rate} %: cost rate?"}, "prompt", "write {contributors}"),
        ({"explanation": "<p>{nothing}</p>"}, "explanation", "{nothing} names no variable"),
        ({"formula": "rate * wage"}, "formula", "wage, which is no variable"),
        ({"formula": "rate * (pensioners"}, "formula", "cannot be read"),
        ({"formula": "rate.real"}, "formula", "Use only numbers"),
        ({"formula": "'x' * 3"}, "formula", "Use only numbers"),
        ({"formula": ""}, "formula", "Write the formula"),
        (
            {"formula": "rate / (pensioners - 100)"},
            "formula",
            "With rate = 30, pensioners = 100, contributors = 1000 the answer cannot be "
            "computed: it divides by zero",
        ),
        ({"formula": "sqrt(300 - pensioners)"}, "formula", "undefined"),
        ({"formula": "exp(contributors)"}, "formula", "too large"),
    ],
)
def test_bad_questions_get_a_message_on_the_field(change, field, message):
    errors = errors_of(good(**change))
    assert field in errors, errors
    assert message in errors[field]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ([("2x", 1, 2, 0)], "“2x” cannot name a variable"),
        ([("min", 1, 2, 0)], "“min” cannot name a variable"),
        ([("class", 1, 2, 0)], "“class” cannot name a variable"),
        ([("x y", 1, 2, 0)], "cannot name a variable"),
        ([("x", 1, 2, 0), ("x", 3, 4, 0)], "Two variables are called x"),
        ([("x", 5, 2, 0)], "The minimum of x is above its maximum"),
        ([("x", "0.2", "0.8", 0)], "No value with 0 decimals lies between"),
    ],
)
def test_bad_variables_are_named(variables, message):
    errors = errors_of(good(prompt="{x}", variables=variables, formula="x"))
    assert message in errors["variables"]


def model_question(**kw):
    fields = {
        "answer_source": "model",
        "formula": "",
        "model": "toy_pension",
        "output": "cost_gdp",
        "year": 2030,
        "assumptions": [("benefit", "benefit", None), ("take_up", "", "80")],
    }
    fields.update(kw)
    return q_calculated("A benefit of {benefit} %: cost?", [("benefit", 10, 40, 0)], **fields)


def test_a_sound_model_question_passes(toy_engine):
    assert clean(model_question())["model"] == "toy_pension"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"model": "no_such_model"}, "model", "Select a valid choice"),
        ({"model": ""}, "model", "Choose the model"),
        ({"output": "deficit"}, "output", "no output “deficit”. Its outputs: cost_gdp"),
        ({"year": None}, "year", "Give the year"),
        ({"assumptions": [("wage", "benefit", None)]}, "assumptions", "no assumption “wage”"),
        ({"assumptions": [("benefit", "", None)]}, "assumptions", "either a variable or"),
        ({"assumptions": [("benefit", "benefit", "3")]}, "assumptions", "either a variable"),
        ({"assumptions": [("benefit", "wage", None)]}, "assumptions", "wage is no variable"),
        (
            {"assumptions": [("benefit", "benefit", None), ("benefit", "", "3")]},
            "assumptions",
            "benefit is given twice",
        ),
        # 2040 lies outside the toy's ten-year projection
        ({"year": 2040}, "assumptions", "no value for that year"),
    ],
)
def test_bad_model_questions_get_a_message_on_the_field(toy_engine, change, field, message):
    errors = errors_of(model_question(**change))
    assert field in errors, errors
    assert message in errors[field]


def test_a_range_outside_the_models_own_is_refused_at_its_corners(toy_engine):
    question = q_calculated(
        "A benefit of {benefit} %: cost?",
        [("benefit", 50, 150, 0)],
        answer_source="model",
        model="toy_pension",
        output="cost_gdp",
        year=2030,
        assumptions=[("benefit", "benefit", None)],
    )
    errors = errors_of(question)
    assert "With benefit = 150 the answer cannot be computed" in errors["assumptions"]
    assert "refuses these assumptions" in errors["assumptions"]
