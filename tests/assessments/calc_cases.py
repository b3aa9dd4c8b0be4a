"""Shared pieces of the calculated-question tests: a toy model and profile for the engine."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from assessments import calculated
from labs.engine import registry
from labs.engine.base import Output, Param, Result
from labs.engine.profile import AGE_GROUPS, Profile

TOY_PROFILE = Profile(
    name="Toyland (illustrative)",
    base_year=2025,
    currency="TOY",
    population_male=(1000.0,) * AGE_GROUPS,
    population_female=(1000.0,) * AGE_GROUPS,
    total_fertility=2.0,
    life_expectancy_male=70.0,
    life_expectancy_female=74.0,
    net_migration=0.0,
    labour_force_participation=0.6,
    coverage=0.5,
    average_wage=1000.0,
    gdp=1_000_000.0,
    government_revenue=200_000.0,
    poverty_line=500.0,
)


class ToyPension:
    """A benefit as a share of the poverty line, paid to everyone aged 65+ (4 age groups x 2
    sexes x 1,000 people = 8,000 people); cost as % of GDP, growing 1 % a year."""

    slug = "toy_pension"
    title = "Toy social pension"
    summary = "A closed-form toy for tests."
    params = (
        Param("benefit", "Benefit (% of the poverty line)", "%", 30, 0, 100, step=1),
        Param("take_up", "Take-up", "%", 100, 0, 100),
    )
    outputs = (
        Output("cost_gdp", "Cost (% of GDP)", "%"),
        Output("beneficiaries", "Beneficiaries", "persons", scalar=True),
    )
    charts = ()

    def run(self, profile: Profile, values: Mapping[str, float]) -> Result:
        people = 8000 * values["take_up"] / 100
        cost = people * profile.poverty_line * values["benefit"] / 100
        years = tuple(range(profile.base_year, profile.base_year + 10))
        share = tuple(100 * cost * 1.01**i / profile.gdp for i in range(len(years)))
        return Result(years=years, series={"cost_gdp": share}, scalars={"beneficiaries": people})


def toy_cost(benefit: float, take_up: float = 100, year: int = 2030) -> float:
    return 100 * 8000 * take_up / 100 * 500 * benefit / 100 * 1.01 ** (year - 2025) / 1_000_000


@pytest.fixture
def toy_engine(monkeypatch):
    """The toy model in the registry and the toy profile as the one questions run on."""
    monkeypatch.setitem(registry.MODELS, ToyPension.slug, ToyPension())
    monkeypatch.setattr(calculated, "model_profile", lambda: TOY_PROFILE)
    return ToyPension
