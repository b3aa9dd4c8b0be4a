"""The block's admin form checks the exercise against the chosen model's own specs."""

import pytest
from django.core.exceptions import ValidationError

from labs.blocks import ModelExerciseBlock
from labs.engine import registry
from tests.labs.exercises.conftest import ToyModel, exercise_value

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def toy_as_payg(monkeypatch):
    # The block's choices are the engine's slugs; the toy stands in for "payg".
    toy = ToyModel()
    toy.slug = "payg"
    monkeypatch.setitem(registry.MODELS, "payg", toy)


def clean(**changes):
    block = ModelExerciseBlock()
    value = block.to_python(exercise_value(model="payg", **changes))
    return block.clean(value)


def errors(**changes) -> dict:
    with pytest.raises(ValidationError) as caught:
        clean(**changes)
    return caught.value.as_json_data()


def test_a_good_exercise_is_accepted():
    assert clean()["model"] == "payg"


def test_an_unknown_assumption_is_named_on_its_field():
    found = errors(assumptions=[{"name": "salary", "value": 1, "adjustable": True}])
    message = found["blockErrors"]["assumptions"]["blockErrors"][0]["blockErrors"]["name"]
    assert "no assumption named “salary”" in message["messages"][0]
    assert "retirement_age" in message["messages"][0]


@pytest.mark.parametrize(
    ("row", "field", "text"),
    [
        ({"value": 80}, "value", "Stay within the model's range, 50 to 70."),
        ({"minimum": 40}, "minimum", "Stay within the model's range"),
        ({"maximum": 75}, "maximum", "Stay within the model's range"),
        ({"minimum": 65, "maximum": 60}, "maximum", "The maximum is below the minimum."),
        ({"value": 66, "minimum": 55, "maximum": 62}, "value", "Start within the learner's range."),
    ],
)
def test_learner_ranges_stay_within_the_models(row, field, text):
    base = {"name": "retirement_age", "value": 60, "adjustable": True, "minimum": 55}
    found = errors(assumptions=[{"maximum": 67, **base, **row}])
    row_errors = found["blockErrors"]["assumptions"]["blockErrors"][0]["blockErrors"]
    assert text in row_errors[field]["messages"][0]


def test_an_assumption_listed_twice_is_refused():
    row = {"name": "interest", "value": 0, "adjustable": False}
    found = errors(assumptions=[row, row])
    assert "listed twice" in str(found)


def test_the_graded_output_must_exist_and_a_series_needs_a_year():
    assert "outputs are: reserve, cost_rate, depletion_year" in str(errors(output="surplus"))
    assert "Give the year" in str(errors(year=None))
    assert "Give a year between 1950 and 2200" in str(errors(year=10000))


def test_a_scalar_output_needs_no_year():
    assert clean(output="depletion_year", year=None, comparison="at_least", target=2060)


def test_a_target_needs_its_value_and_an_answer_its_tolerance():
    assert "Give the target" in str(errors(target=None))
    assert "Give the tolerance" in str(errors(task_kind="answer", tolerance=None))


def test_unknown_charts_and_required_values_are_refused():
    assert "charts are: cost_rate, reserve" in str(errors(charts=["pie"]))
    found = errors(task_kind="answer", tolerance=1, required_values=[{"name": "x", "value": 1}])
    assert "no such assumption" in str(found)


def test_a_model_the_engine_does_not_have_is_refused(monkeypatch):
    monkeypatch.delitem(registry.MODELS, "payg")
    assert "Choose a model." in str(errors())


def test_a_required_exercise_needs_a_graded_task():
    assert "Only an exercise with a graded task can be required." in str(
        errors(task_kind="", required=True)
    )
    assert clean(task_kind="", required=False)
