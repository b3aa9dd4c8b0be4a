"""The worked examples of docs/labs-models.md, figure by figure: each constant below is printed
in the section named in its test's docstring, at the precision printed there."""

import math

import pytest

from labs.engine import registry
from labs.engine.demography import life_table
from labs.engine.profile import Profile


def _groups(**by_group):
    groups = [0.0] * 21
    for index, persons in by_group.items():
        groups[int(index[1:])] = persons
    return tuple(groups)


TINY = Profile(
    name="Tiny island",
    base_year=2025,
    currency="FCU",
    population_male=_groups(g0=500, g5=1000, g12=500, g13=250),
    population_female=_groups(g0=500, g5=1000, g12=500, g13=250),
    total_fertility=2.5,
    life_expectancy_male=70,
    life_expectancy_female=75,
    net_migration=0,
    labour_force_participation=0.5,
    coverage=0.5,
    average_wage=1000,
    gdp=4_500_000,
    government_revenue=900_000,
    poverty_line=500,
)
POPULATION = {"horizon": 1, "tfr_target": 2.5, "e0_gain": 0, "net_migration_factor": 1}


def _at(value, places):
    return round(value, places)


def test_population_example():
    """Section 1, worked example."""
    men, women = life_table(70), life_table(75)
    assert (_at(men.level, 6), _at(women.level, 6)) == (1.254046, 0.896105)
    assert _at(men.L[1] / men.L[0], 6) == 0.976702
    assert _at(women.L[70] / women.L[69], 6) == 0.978725
    assert (_at(men.L[0], 6), _at(women.L[0], 6)) == (0.982583, 0.987492)
    assert _at(100 * sum(men.L[x + 1] / men.L[x] for x in range(5)), 4) == 496.2929
    assert _at(200 * sum(women.L[x + 1] / women.L[x] for x in range(25, 30)), 4) == 998.8955
    result = registry.run("population", TINY, POPULATION)
    assert result.years == (2025, 2026)
    assert _at(result.value("children", 2026), 2) == 1116.76
    assert _at(result.value("working_age", 2026), 2) == 2786.89
    assert _at(result.value("old_age", 2026), 2) == 686.04
    assert _at(result.value("total_population", 2026), 2) == 4589.69
    assert _at(result.value("old_age_dependency_ratio", 2026), 2) == 24.62
    assert _at(result.value("old_age_dependency_ratio", 2025), 2) == 16.67


PAYG = POPULATION | {
    "retirement_age": 60,
    "contribution_rate": 20,
    "replacement_rate": 40,
    "coverage": 50,
    "coverage_growth": 0,
    "wage_growth": 2,
    "indexation": 0.5,
    "investment_return": 3,
    "admin_cost": 3,
    "initial_reserve": 0.5,
}


def test_payg_example():
    """Section 2, worked example."""
    q = 1.01 / 1.02
    assert _at(q, 6) == 0.990196
    assert _at(sum(q**k for k in range(5)), 6) == 4.902917
    assert _at(sum(q**k for k in range(5, 10)), 6) == 4.667245
    result = registry.run("payg", TINY, PAYG)
    s = {name: [_at(v, 4) for v in values] for name, values in result.series.items()}
    assert s["contributors"] == [500, 499.3375]
    assert s["pensioners"] == [375, 368.8954]
    assert [_at(v, 2) for v in result.series["system_dependency_ratio"]] == [75, 73.88]
    assert [_at(v, 2) for v in result.series["expenditure"]] == [144730.79, 143814.88]
    assert [_at(v, 2) for v in result.series["payg_cost_rate"]] == [28.95, 28.24]
    assert [_at(v, 2) for v in result.series["contributions"]] == [100000, 101864.86]
    assert [_at(v, 2) for v in result.series["reserve"]] == [26094.89, -18798.33]
    assert _at(result.series["reserve_ratio"][0], 2) == 0.18
    assert result.scalars["reserve_exhausted_year"] == 2026
    assert _at(result.scalars["general_average_premium"], 2) == 21.86
    v = 1 / 1.03
    assert (_at(math.sqrt(v), 6), _at(v**1.5, 6), _at(math.sqrt(1.03), 6)) == (
        0.985329,
        0.956630,
        1.014889,
    )


BENEFIT = {"horizon": 1, "benefit": 30, "take_up": 80, "admin_cost": 5, "gdp_growth": 4}


@pytest.mark.parametrize(
    ("slug", "extra", "expected"),
    [
        (
            "social_pension",
            {"eligibility_age": 65},
            {
                "beneficiaries": [400, 548.8319],
                "cost": [63000, 86441.02],
                "cost_pct_gdp": [1.4, 1.847],
                "cost_pct_revenue": [7, 9.235],
            },
        ),
        (
            "child_benefit",
            {"age_limit": 6},
            {
                "beneficiaries": [800, 893.4103],
                "cost": [126000, 140712.12],
                "cost_pct_gdp": [2.8, 3.007],
                "cost_pct_revenue": [14, 15.033],
            },
        ),
    ],
)
def test_benefit_examples(slug, extra, expected):
    """Section 3, worked example (social pension, then child benefit)."""
    result = registry.run(slug, TINY, BENEFIT | extra)
    for name, figures in expected.items():
        for value, figure in zip(result.series[name], figures, strict=True):
            places = len(str(figure).partition(".")[2]) if isinstance(figure, float) else 0
            assert _at(value, places) == figure, (name, value, figure)


def test_health_example():
    """Section 4, worked example."""
    values = {
        "horizon": 1,
        "outpatient_cost": 1.5,
        "inpatient_cost": 5,
        "loading": 15,
        "medical_inflation": 2,
        "membership": 50,
    }
    result = registry.run("health_premium", TINY, values)
    assert [_at(v, 4) for v in result.series["claims_per_member"]] == [65.2778, 67.6174]
    assert [_at(v, 4) for v in result.series["premium_per_member"]] == [75.0694, 77.7600]
    assert [_at(v, 4) for v in result.series["members"]] == [2250, 2294.8474]
    assert [_at(v, 2) for v in result.series["total_claims"]] == [146875, 155171.67]
    assert _at(result.scalars["premium_first_year"], 4) == 75.0694
