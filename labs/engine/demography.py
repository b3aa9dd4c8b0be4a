"""The demographic arithmetic the models share: life tables, fertility and migration patterns,
and the cohort-component projection by single year of age (0..99 and an open group 100+).

Documented, with a worked example, in docs/labs-models.md ("Population projection").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .base import AssumptionError, gettext_noop
from .profile import AGE_GROUPS, Profile

Array = NDArray[np.float64]

AGES = 101  # single years 0..99, then 100+ (open group)
SEX_RATIO_AT_BIRTH = 1.05  # boys per girl
E0_MIN, E0_MAX = 20.0, 95.0

# Siler (1979) standard hazard: a juvenile term, a constant (Makeham) term and a Gompertz
# term. A life table's level is a factor k on the whole hazard, solved so that e0 matches.
SILER = {"a1": 0.05, "b1": 1.2, "a2": 0.0008, "a3": 0.00003, "b3": 0.095}
_MID_AGES = np.arange(AGES, dtype=np.float64) + 0.5
STANDARD_HAZARD: Array = (
    SILER["a1"] * np.exp(-SILER["b1"] * _MID_AGES)
    + SILER["a2"]
    + SILER["a3"] * np.exp(SILER["b3"] * _MID_AGES)
)
_BISECTION_STEPS = 60  # log k in [-12, 10]: 60 halvings leave a gap far below 1e-9 years

# Share of a woman's lifetime births in each five-year age group 15-19 .. 45-49 (sums to 1),
# spread evenly over the five single years of the group.
FERTILITY_PATTERN = (0.10, 0.22, 0.25, 0.21, 0.14, 0.06, 0.02)


def _fertility_by_age() -> Array:
    shares = np.zeros(AGES)
    for i, share in enumerate(FERTILITY_PATTERN):
        shares[15 + 5 * i : 20 + 5 * i] = share / 5
    return shares


FERTILITY_BY_AGE: Array = _fertility_by_age()


def _migration_by_age() -> Array:
    """Rogers-Castro model schedule (standard parameters): a child peak, a labour peak near
    age 22 and a constant; normalised to sum to 1."""
    x = np.arange(AGES, dtype=np.float64)
    shape = (
        0.02 * np.exp(-0.1 * x) + 0.06 * np.exp(-0.1 * (x - 20) - np.exp(-0.4 * (x - 20))) + 0.003
    )
    return shape / shape.sum()


MIGRATION_BY_AGE: Array = _migration_by_age()


@dataclass(frozen=True)
class LifeTable:
    """Per single age: hazard mu, survivors l (l0 = 1), person-years L; e0 = sum(L)."""

    level: float
    mu: Array
    l: Array  # noqa: E741 (actuarial notation)
    L: Array

    @property
    def e0(self) -> float:
        return float(self.L.sum())


def _tables(levels: Array) -> tuple[Array, Array, Array]:
    """Hazard, survivors (AGES + 1 columns) and person-years for each level (one row each)."""
    mu = levels[:, None] * STANDARD_HAZARD[None, :]
    survival = np.exp(-mu[:, :-1])
    l = np.ones((len(levels), AGES))  # noqa: E741
    l[:, 1:] = np.cumprod(survival, axis=1)
    person_years = np.empty_like(l)
    person_years[:, :-1] = (l[:, :-1] + l[:, 1:]) / 2
    person_years[:, -1] = l[:, -1] / mu[:, -1]  # open group: constant hazard after 100
    return mu, l, person_years


def solve_levels(e0: Array) -> Array:
    """The hazard level k giving each life expectancy at birth (bisection on log k)."""
    low = np.full(e0.shape, -12.0)
    high = np.full(e0.shape, 10.0)
    for _ in range(_BISECTION_STEPS):
        mid = (low + high) / 2
        _, _, person_years = _tables(np.exp(mid))
        too_long = person_years.sum(axis=1) > e0  # hazard too low: raise k
        low = np.where(too_long, mid, low)
        high = np.where(too_long, high, mid)
    return np.exp((low + high) / 2)


def life_table(e0: float) -> LifeTable:
    """The single-year life table whose life expectancy at birth is `e0`."""
    check_e0(e0)
    level = solve_levels(np.array([float(e0)]))
    mu, l, person_years = _tables(level)  # noqa: E741
    return LifeTable(level=float(level[0]), mu=mu[0], l=l[0], L=person_years[0])


def replacement_tfr(e0_female: float) -> float:
    """The TFR at which each generation of women replaces itself (net reproduction rate 1)
    under this model's fertility pattern and conventions."""
    table = life_table(e0_female)
    return (1 + SEX_RATIO_AT_BIRTH) / float((FERTILITY_BY_AGE * table.L).sum())


def check_e0(e0: float) -> None:
    if not (math.isfinite(e0) and E0_MIN <= e0 <= E0_MAX):
        raise AssumptionError(
            {"": gettext_noop("Life expectancy at birth must be between 20 and 95 years.")}
        )


def split_groups(groups: tuple[float, ...]) -> Array:
    """Five-year groups (0-4 .. 95-99, 100+) to single years, each group split evenly."""
    single = np.repeat(np.asarray(groups[:-1], dtype=np.float64) / 5, 5)
    return np.append(single, float(groups[-1]))


def check_profile(profile: Profile) -> None:
    """What every projection needs from a profile; AssumptionError otherwise."""
    errors = {}
    groups = (profile.population_male, profile.population_female)
    if any(len(g) != AGE_GROUPS for g in groups) or not all(
        isinstance(v, int | float) and math.isfinite(v) and v >= 0 for g in groups for v in g
    ):
        errors["population"] = gettext_noop(
            "The population needs 21 non-negative numbers for each sex (ages 0-4 to 100+)."
        )
    elif sum(profile.population_female[3:10]) <= 0 or sum(sum(g) for g in groups) <= 0:
        errors["population"] = gettext_noop(
            "The population is empty, or has no women aged 15-49: nothing to project."
        )
    if not (math.isfinite(profile.total_fertility) and 0 <= profile.total_fertility <= 15):
        errors["total_fertility"] = gettext_noop(
            "The total fertility rate must be between 0 and 15 children per woman."
        )
    for name in ("life_expectancy_male", "life_expectancy_female"):
        value = getattr(profile, name)
        if not (math.isfinite(value) and E0_MIN <= value <= E0_MAX):
            errors[name] = gettext_noop("Life expectancy at birth must be between 20 and 95 years.")
    if not math.isfinite(profile.net_migration):
        errors["net_migration"] = gettext_noop("Net migration must be a number.")
    if errors:
        raise AssumptionError(errors)


@dataclass(frozen=True)
class Projection:
    """Population on 1 January of each year (rows) by single age (columns), by sex."""

    years: tuple[int, ...]
    male: Array
    female: Array
    births: Array  # during each year but the last (len(years) - 1 values)
    e0_male: Array
    e0_female: Array
    tfr: Array

    @property
    def both(self) -> Array:
        return self.male + self.female

    def between(self, first: int, last: int | None = None) -> Array:
        """Persons aged `first` to `last` inclusive (to 100+ when `last` is None), by year."""
        stop = AGES if last is None else last + 1
        return self.both[:, first:stop].sum(axis=1)

    @property
    def total(self) -> Array:
        return self.both.sum(axis=1)


@dataclass(frozen=True)
class Scenario:
    """Demographic assumptions year by year (len = horizon): TFR, e0 by sex, net migrants."""

    tfr: Array
    e0_male: Array
    e0_female: Array
    net_migration: Array


def _survival(e0: Array) -> tuple[Array, Array, Array]:
    """Per year: survival ratios from age x to x+1 (x = 0..98), into the open group, and
    from birth to age 0 at the year's end; one life table per distinct e0."""
    distinct, index = np.unique(e0, return_inverse=True)
    _, _, person_years = _tables(solve_levels(distinct))
    person_years = person_years[index]
    ratios = person_years[:, 1:-1] / person_years[:, :-2]
    open_group = person_years[:, -1] / (person_years[:, -2] + person_years[:, -1])
    return ratios, open_group, person_years[:, 0]


def project_single(*, base_year: int, male: Array, female: Array, scenario: Scenario) -> Projection:
    """Cohort-component projection from single-year populations, one year at a time."""
    horizon = len(scenario.tfr)
    shape = (horizon + 1, AGES)
    males, females = np.zeros(shape), np.zeros(shape)
    males[0], females[0] = male, female
    births = np.zeros(horizon)
    ratios_m, open_m, infant_m = _survival(scenario.e0_male)
    ratios_f, open_f, infant_f = _survival(scenario.e0_female)
    migrants = scenario.net_migration[:, None] * MIGRATION_BY_AGE[None, :] / 2
    boys = SEX_RATIO_AT_BIRTH / (1 + SEX_RATIO_AT_BIRTH)
    for t in range(horizon):
        births[t] = scenario.tfr[t] * float((FERTILITY_BY_AGE * females[t]).sum())
        for pop, ratios, open_group, infant, share in (
            (males, ratios_m, open_m, infant_m, boys),
            (females, ratios_f, open_f, infant_f, 1 - boys),
        ):
            pop[t + 1, 1:-1] = pop[t, :-2] * ratios[t]
            pop[t + 1, -1] = (pop[t, -2] + pop[t, -1]) * open_group[t]
            pop[t + 1, 0] = births[t] * share * infant[t]
            np.maximum(pop[t + 1] + migrants[t], 0, out=pop[t + 1])
    return Projection(
        years=tuple(range(base_year, base_year + horizon + 1)),
        male=males,
        female=females,
        births=births,
        e0_male=scenario.e0_male,
        e0_female=scenario.e0_female,
        tfr=scenario.tfr,
    )
