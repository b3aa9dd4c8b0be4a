"""Pay-as-you-go pensions: the textbook identities, the reserve fund, bad input."""

import math

import numpy as np
import pytest

from labs.engine import registry
from labs.engine.base import AssumptionError, defaults
from labs.engine.payg import flows


def _array(result, name):
    return np.array(result.series[name])


@pytest.mark.parametrize(
    "values",
    [
        {"indexation": 1, "wage_growth": 3},
        {"indexation": 0.3, "wage_growth": 0},
        {"indexation": 1, "wage_growth": -2, "retirement_age": 67, "coverage_growth": 2},
    ],
)
def test_cost_rate_is_system_dependency_ratio_times_replacement_rate(profile, values):
    """With one pension level (pensions follow wages, or wages stand still), cost rate =
    system dependency ratio x replacement rate, whatever the administrative cost."""
    result = registry.run("payg", profile, values | {"replacement_rate": 45, "admin_cost": 10})
    np.testing.assert_allclose(
        _array(result, "payg_cost_rate"),
        _array(result, "system_dependency_ratio") * 0.45,
        rtol=1e-12,
    )


def test_partial_indexation_lowers_the_average_pension(profile):
    result = registry.run("payg", profile, {"indexation": 0.5, "wage_growth": 2})
    assert np.all(
        _array(result, "payg_cost_rate") < _array(result, "system_dependency_ratio") * 0.40
    )


def test_with_zero_interest_gap_is_the_average_cost_rate(profile):
    values = {"investment_return": 0, "initial_reserve": 0, "admin_cost": 0, "horizon": 30}
    result = registry.run("payg", profile, values)
    full = registry.get("payg")
    f = flows(profile, defaults(full, profile) | values)
    average = f.expenditure.sum() / f.wage_bill.sum()  # cost rates weighted by the wage bill
    assert result.scalars["general_average_premium"] == pytest.approx(100 * average, rel=1e-12)
    np.testing.assert_allclose(_array(result, "contributions"), 0.12 * f.wage_bill)


def test_contributing_the_gap_leaves_the_reserve_at_zero_at_the_horizon(profile):
    values = {"investment_return": 4, "initial_reserve": 3, "admin_cost": 5, "horizon": 40}
    gap = registry.run("payg", profile, values).scalars["general_average_premium"]
    balanced = registry.run("payg", profile, values | {"contribution_rate": gap})
    expenditure = _array(balanced, "expenditure")
    assert balanced.series["reserve"][-1] == pytest.approx(0, abs=1e-6 * expenditure[-1])


def test_reserve_follows_its_recursion(profile):
    values = {"investment_return": 5, "admin_cost": 4, "initial_reserve": 2}
    result = registry.run("payg", profile, values)
    c, b = _array(result, "contributions"), _array(result, "expenditure")
    reserve = _array(result, "reserve")
    previous = np.concatenate([[2 * b[0]], reserve[:-1]])
    np.testing.assert_allclose(reserve, previous * 1.05 + (c - b - 0.04 * c) * math.sqrt(1.05))
    np.testing.assert_allclose(_array(result, "reserve_ratio"), reserve / b)


def test_reserve_exhausted_year_is_the_first_year_below_zero(profile):
    result = registry.run("payg", profile, {"contribution_rate": 4, "initial_reserve": 1})
    year = result.scalars["reserve_exhausted_year"]
    assert year is not None
    reserve = dict(zip(result.years, result.series["reserve"], strict=True))
    assert reserve[int(year)] < 0
    assert all(reserve[y] >= 0 for y in result.years if y < year)
    assert (
        registry.run("payg", profile, {"contribution_rate": 30}).scalars["reserve_exhausted_year"]
        is None
    )


def test_later_retirement_fewer_pensioners_more_contributors(profile):
    at_60 = registry.run("payg", profile, {"retirement_age": 60})
    at_65 = registry.run("payg", profile, {"retirement_age": 65})
    assert at_65.series["pensioners"][0] < at_60.series["pensioners"][0]
    assert at_65.series["contributors"][0] > at_60.series["contributors"][0]


def test_coverage_grows_to_100_percent_and_no_further(profile):
    result = registry.run("payg", profile, {"coverage": 90, "coverage_growth": 5, "horizon": 5})
    full = registry.run("payg", profile, {"coverage": 100, "horizon": 5})
    assert result.series["contributors"][3] == pytest.approx(full.series["contributors"][3])
    assert result.series["contributors"][0] < full.series["contributors"][0]


def test_coverage_defaults_to_the_profiles(make_profile):
    profile = make_profile(coverage=0.4)
    values = defaults(registry.get("payg"), profile)
    assert values["coverage"] == 40
    assert registry.run("payg", profile, {}).series["contributors"][0] == pytest.approx(
        registry.run("payg", profile, {"coverage": 40}).series["contributors"][0]
    )


def test_every_series_has_one_value_a_year(profile):
    result = registry.run("payg", profile, {"horizon": 7})
    assert result.years == tuple(range(2025, 2033))
    assert all(len(v) == 8 for v in result.series.values())


@pytest.mark.parametrize(
    ("changes", "values", "field"),
    [
        ({"average_wage": 0.0}, {}, "average_wage"),
        ({"average_wage": float("inf")}, {}, "average_wage"),
        ({"labour_force_participation": 0.0}, {}, "labour_force_participation"),
        ({"labour_force_participation": 1.5}, {}, "labour_force_participation"),
        ({}, {"coverage": 0}, "coverage"),
        ({"population_male": (0.0,) * 21, "population_female": (0.0,) * 21}, {}, "population"),
        # No one at or above the retirement age, ever (a population of small children only).
        (
            {
                "population_male": (1e6,) + (0.0,) * 20,
                "population_female": (0.0,) * 3 + (1e6,) + (0.0,) * 17,
            },
            {"horizon": 2},
            "",
        ),  # noqa: E501
    ],
)
def test_unusable_inputs_are_refused_clearly(make_profile, changes, values, field):
    with pytest.raises(AssumptionError) as caught:
        registry.run("payg", make_profile(**changes), values)
    assert field in caught.value.errors


@pytest.mark.parametrize(
    "raw",
    [
        {"horizon": 10_000},
        {"retirement_age": 60.5},
        {"retirement_age": 120},
        {"contribution_rate": "12%"},
        {"replacement_rate": -10},
        {"wage_growth": "1e400"},
        {"investment_return": -100},
        {"indexation": 2},
        {"initial_reserve": 1e9},
    ],
)
def test_absurd_assumptions_are_refused(profile, raw):
    with pytest.raises(AssumptionError) as caught:
        registry.run("payg", profile, raw)
    assert set(caught.value.errors) == set(raw)


def test_extreme_but_allowed_assumptions_stay_finite(profile):
    result = registry.run(
        "payg",
        profile,
        {"horizon": 100, "wage_growth": 10, "investment_return": 15, "initial_reserve": 30,
         "tfr_target": 8, "e0_gain": 5, "net_migration_factor": -5, "retirement_age": 50},
    )  # fmt: skip
    assert all(math.isfinite(v) for values in result.series.values() for v in values)
