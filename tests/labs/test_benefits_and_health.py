"""Costing a non-contributory benefit, and the health-insurance premium."""

import numpy as np
import pytest

from labs.engine import registry
from labs.engine.base import AssumptionError, defaults
from labs.engine.population import project


def _array(result, name):
    return np.array(result.series[name])


@pytest.mark.parametrize("slug", ["social_pension", "child_benefit"])
def test_costs_scale_linearly_with_the_benefit(profile, slug):
    costs = [_array(registry.run(slug, profile, {"benefit": b}), "cost") for b in (10, 20, 60)]
    np.testing.assert_allclose(costs[1], 2 * costs[0], rtol=1e-12)
    np.testing.assert_allclose(costs[2], 6 * costs[0], rtol=1e-12)
    assert np.all(costs[0] > 0)


@pytest.mark.parametrize("slug", ["social_pension", "child_benefit"])
def test_zero_take_up_or_zero_benefit_costs_nothing(profile, slug):
    for values in ({"take_up": 0}, {"benefit": 0}):
        result = registry.run(slug, profile, values)
        for name in ("cost", "cost_pct_gdp", "cost_pct_revenue"):
            assert set(result.series[name]) == {0.0}


def test_social_pension_cost_is_eligible_times_take_up_times_benefit(profile):
    values = {"eligibility_age": 70, "take_up": 80, "benefit": 25, "admin_cost": 10}
    result = registry.run("social_pension", profile, values)
    eligible = project(profile, {"horizon": 10}).between(70)
    cost = eligible * 0.8 * 0.25 * profile.poverty_line * 1.1
    np.testing.assert_allclose(_array(result, "cost"), cost, rtol=1e-12)
    gdp = profile.gdp * 1.04 ** np.arange(11)
    np.testing.assert_allclose(_array(result, "cost_pct_gdp"), 100 * cost / gdp, rtol=1e-12)
    share = profile.government_revenue / profile.gdp
    np.testing.assert_allclose(
        _array(result, "cost_pct_revenue"), _array(result, "cost_pct_gdp") / share, rtol=1e-12
    )


def test_child_benefit_counts_children_under_the_age_limit(profile):
    result = registry.run("child_benefit", profile, {"age_limit": 1, "take_up": 100})
    projection = project(profile, {"horizon": 10})
    np.testing.assert_allclose(_array(result, "beneficiaries"), projection.both[:, 0])


def test_premium_balances_the_year(profile):
    result = registry.run("health_premium", profile, {"loading": 20})
    income = _array(result, "premium_per_member") * _array(result, "members")
    np.testing.assert_allclose(income, _array(result, "total_claims") * 1.2, rtol=1e-12)
    assert result.scalars["premium_first_year"] == result.series["premium_per_member"][0]


def test_no_loading_premium_is_the_expected_claims(profile):
    result = registry.run("health_premium", profile, {"loading": 0})
    assert result.series["premium_per_member"] == result.series["claims_per_member"]


def test_claims_grow_with_medical_inflation_and_ageing(profile):
    flat = registry.run("health_premium", profile, {"medical_inflation": 0, "horizon": 30})
    claims = _array(flat, "claims_per_member")
    assert claims[-1] > 1.05 * claims[0]  # a young population ages: more care per member
    inflated = registry.run("health_premium", profile, {"medical_inflation": 3, "horizon": 30})
    np.testing.assert_allclose(
        _array(inflated, "claims_per_member"), claims * 1.03 ** np.arange(31), rtol=1e-12
    )


def test_membership_defaults_to_the_profiles_coverage(profile):
    assert defaults(registry.get("health_premium"), profile)["membership"] == 25


@pytest.mark.parametrize(
    ("slug", "changes", "field"),
    [
        ("social_pension", {"gdp": 0.0}, "gdp"),
        ("social_pension", {"government_revenue": -1.0}, "government_revenue"),
        ("child_benefit", {"poverty_line": float("nan")}, "poverty_line"),
        ("child_benefit", {"population_female": (0.0,) * 21}, "population"),
        ("health_premium", {"gdp": float("inf")}, "gdp"),
        ("health_premium", {"life_expectancy_female": 5.0}, "life_expectancy_female"),
    ],
)
def test_unusable_profiles_are_refused_clearly(make_profile, slug, changes, field):
    with pytest.raises(AssumptionError) as caught:
        registry.run(slug, make_profile(**changes), {})
    assert field in caught.value.errors


@pytest.mark.parametrize(
    ("slug", "raw"),
    [
        ("social_pension", {"horizon": 51}),
        ("social_pension", {"eligibility_age": 65.5}),
        ("social_pension", {"age_limit": 6}),
        ("child_benefit", {"age_limit": 0}),
        ("child_benefit", {"take_up": 101}),
        ("health_premium", {"loading": -1}),
        ("health_premium", {"membership": 0}),
        ("health_premium", {"horizon": 10_000}),
    ],
)
def test_absurd_assumptions_are_refused(profile, slug, raw):
    with pytest.raises(AssumptionError) as caught:
        registry.run(slug, profile, raw)
    assert set(caught.value.errors) == set(raw)
