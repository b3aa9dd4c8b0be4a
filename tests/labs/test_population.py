"""Population projection: closed-form cases, conventions, bad input."""

import numpy as np
import pytest

from labs.engine import registry
from labs.engine.base import AssumptionError
from labs.engine.demography import (
    AGES,
    FERTILITY_BY_AGE,
    MIGRATION_BY_AGE,
    SEX_RATIO_AT_BIRTH,
    Scenario,
    life_table,
    project_single,
    replacement_tfr,
    split_groups,
)
from labs.engine.population import project


def _stationary(e0_male=66.0, e0_female=71.0, horizon=40):
    """A population proportional to the life tables' person-years, with replacement fertility
    and no migration: the stationary population of these life tables."""
    males = 1000 * SEX_RATIO_AT_BIRTH * life_table(e0_male).L
    females = 1000 * life_table(e0_female).L
    scenario = Scenario(
        tfr=np.full(horizon, replacement_tfr(e0_female)),
        e0_male=np.full(horizon, e0_male),
        e0_female=np.full(horizon, e0_female),
        net_migration=np.zeros(horizon),
    )
    return (
        males,
        females,
        project_single(base_year=2000, male=males, female=females, scenario=scenario),
    )


def test_stationary_population_keeps_its_size_and_age_structure():
    males, females, projection = _stationary()
    assert projection.years == tuple(range(2000, 2041))
    for t in range(len(projection.years)):
        np.testing.assert_allclose(projection.male[t], males, rtol=1e-9)
        np.testing.assert_allclose(projection.female[t], females, rtol=1e-9)
    np.testing.assert_allclose(projection.births, 1000 * (1 + SEX_RATIO_AT_BIRTH), rtol=1e-9)


def test_stable_population_keeps_its_age_structure_while_it_grows():
    """Lotka's stable population: P(x) = growth^-x L(x) with the fertility that makes births
    grow by the same factor each year; every age 0-99 grows by that factor, so the shares of
    the age groups never move (the open group 100+ is a group, not a single age)."""
    growth, e0_male, e0_female, horizon = 1.02, 64.0, 69.0, 30
    discount = growth ** -np.arange(AGES)
    males = SEX_RATIO_AT_BIRTH * discount * life_table(e0_male).L
    females = discount * life_table(e0_female).L
    tfr = (1 + SEX_RATIO_AT_BIRTH) * growth / (FERTILITY_BY_AGE * females).sum()
    scenario = Scenario(
        tfr=np.full(horizon, tfr),
        e0_male=np.full(horizon, e0_male),
        e0_female=np.full(horizon, e0_female),
        net_migration=np.zeros(horizon),
    )
    projection = project_single(base_year=2000, male=males, female=females, scenario=scenario)
    under_100 = projection.both[:, :100]
    shares = under_100 / under_100.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(shares, np.broadcast_to(shares[0], shares.shape), rtol=1e-9)
    np.testing.assert_allclose(under_100[1:].sum(axis=1) / under_100[:-1].sum(axis=1), growth)


@pytest.mark.parametrize("e0", [20.0, 45.5, 68.0, 72.0, 95.0])
def test_life_table_matches_life_expectancy(e0):
    table = life_table(e0)
    assert table.e0 == pytest.approx(e0, abs=1e-6)
    assert table.l[0] == 1
    assert np.all(np.diff(table.l) <= 0)


def test_patterns_sum_to_one():
    assert FERTILITY_BY_AGE.sum() == pytest.approx(1)
    assert FERTILITY_BY_AGE[:15].sum() == FERTILITY_BY_AGE[50:].sum() == 0
    assert MIGRATION_BY_AGE.sum() == pytest.approx(1)
    assert len(split_groups(tuple(range(21)))) == AGES


def test_five_year_groups_are_split_evenly():
    groups = (5.0,) * 20 + (7.0,)
    single = split_groups(groups)
    assert single[:100].tolist() == [1.0] * 100
    assert single[100] == 7.0


def test_model_outputs_add_up(profile):
    result = registry.run("population", profile, {"horizon": 20})
    assert len(result.years) == 21
    assert result.years[0] == profile.base_year
    total = np.array(result.series["total_population"])
    parts = sum(np.array(result.series[k]) for k in ("children", "working_age", "old_age"))
    np.testing.assert_allclose(parts, total, rtol=1e-12)
    assert total[0] == pytest.approx(sum(profile.population_male) + sum(profile.population_female))
    ratio = np.array(result.series["old_age_dependency_ratio"])
    np.testing.assert_allclose(
        ratio, 100 * np.array(result.series["old_age"]) / np.array(result.series["working_age"])
    )


def test_migration_adds_the_migrants(make_profile):
    profile = make_profile(net_migration=50_000.0)
    values = {"horizon": 1, "e0_gain": 0}
    with_migrants = project(profile, values | {"net_migration_factor": 1})
    without = project(profile, values | {"net_migration_factor": 0})
    assert with_migrants.total[1] - without.total[1] == pytest.approx(50_000)


def test_lower_fertility_and_longer_lives_age_the_population(profile):
    base = registry.run("population", profile, {})
    older = registry.run("population", profile, {"tfr_target": 1.2, "e0_gain": 3})
    assert older.value("old_age_dependency_ratio", 2075) > base.value(
        "old_age_dependency_ratio", 2075
    )


def test_emigration_never_makes_people_negative(profile):
    projection = project(profile, {"horizon": 100, "net_migration_factor": 5})
    huge = project(profile.__class__(**{**profile.__dict__, "net_migration": -1e9}), {"horizon": 5})
    assert projection.male.min() >= 0
    assert huge.male.min() >= 0 and huge.female.min() >= 0


def test_life_expectancy_is_capped_at_95(profile):
    projection = project(profile, {"horizon": 100, "e0_gain": 5})
    assert projection.e0_female.max() == 95


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"population_male": (0.0,) * 21, "population_female": (0.0,) * 21}, "population"),
        ({"population_female": (1.0,) * 20}, "population"),
        ({"population_male": (-1.0,) + (1.0,) * 20}, "population"),
        ({"population_male": (float("nan"),) + (1.0,) * 20}, "population"),
        ({"life_expectancy_female": 19.0}, "life_expectancy_female"),
        ({"life_expectancy_male": 120.0}, "life_expectancy_male"),
        ({"life_expectancy_male": float("inf")}, "life_expectancy_male"),
        ({"total_fertility": -1.0}, "total_fertility"),
        ({"net_migration": float("nan")}, "net_migration"),
    ],
)
def test_unusable_profiles_are_refused_clearly(make_profile, changes, field):
    with pytest.raises(AssumptionError) as caught:
        registry.run("population", make_profile(**changes), {})
    assert field in caught.value.errors
    assert caught.value.errors[field].endswith(".")


@pytest.mark.parametrize(
    "raw",
    [
        {"horizon": 10_000},
        {"horizon": 2.5},
        {"horizon": "fifty"},
        {"horizon": "nan"},
        {"tfr_target": "inf"},
        {"tfr_target": -1},
        {"e0_gain": 1e308},
        {"net_migration_factor": None},
        {"unknown": 1},
    ],
)
def test_absurd_assumptions_are_refused(profile, raw):
    with pytest.raises(AssumptionError) as caught:
        registry.run("population", profile, raw)
    assert set(caught.value.errors) == set(raw)
