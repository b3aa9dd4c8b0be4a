"""Population projection by age and sex (cohort-component), and its dependency ratio.

`project(profile, values)` is the projection every other model starts from; `POPULATION_PARAMS`
are its assumptions, which the other models take too. See docs/labs-models.md.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import registry
from .base import (
    PERCENT,
    PERSONS,
    AssumptionError,
    Chart,
    FunctionModel,
    Output,
    Param,
    Result,
    gettext_noop,
)
from .demography import E0_MAX, Projection, Scenario, check_profile, project_single, split_groups
from .profile import Profile

_ = gettext_noop

HORIZON = Param(
    "horizon", _("Projection horizon"), _("years"), 50, 1, 100, integer=True,
    help=_("Number of years projected after the base year."),
)  # fmt: skip
POPULATION_PARAMS = (
    Param(
        "tfr_target", _("Fertility rate reached"), _("children per woman"), 2.1, 0.5, 8,
        step=0.1, help=_("Total fertility rate reached at the end of the transition."),
    ),
    Param(
        "tfr_years", _("Years to reach it"), _("years"), 25, 1, 100, integer=True,
        help=_("Fertility moves in a straight line from today's rate to the rate reached."),
    ),
    Param(
        "e0_gain", _("Gain in life expectancy"), _("years per decade"), 1.0, 0, 5, step=0.1,
        help=_("Added to life expectancy at birth every ten years, for both sexes (up to 95)."),
    ),
    Param(
        "net_migration_factor", _("Net migration multiplier"), "x", 1.0, -5, 5, step=0.1,
        help=_("Multiplies the profile's net migration (0: none; -1: reversed)."),
    ),
)  # fmt: skip


def scenario(profile: Profile, values: Mapping[str, float], horizon: int) -> Scenario:
    """The demographic assumptions of each year 0..horizon-1 (a year's rates move it to the
    next): TFR in a straight line to its target, e0 rising by the gain per decade (capped at
    95), net migration the profile's times the factor."""
    t = np.arange(horizon, dtype=np.float64)
    tfr0 = profile.total_fertility
    target = values.get("tfr_target", tfr0)
    tfr = tfr0 + (target - tfr0) * np.minimum(1.0, t / values.get("tfr_years", 25))
    gain = values.get("e0_gain", 0.0) * t / 10
    return Scenario(
        tfr=tfr,
        e0_male=np.minimum(E0_MAX, profile.life_expectancy_male + gain),
        e0_female=np.minimum(E0_MAX, profile.life_expectancy_female + gain),
        net_migration=np.full(
            horizon, profile.net_migration * values.get("net_migration_factor", 1)
        ),
    )


def project(profile: Profile, values: Mapping[str, float]) -> Projection:
    """The profile's population projected `values["horizon"]` years with the assumptions of
    POPULATION_PARAMS (missing ones: their defaults). AssumptionError on an unusable profile."""
    check_profile(profile)
    horizon = int(values.get("horizon", HORIZON.default))
    if not HORIZON.minimum <= horizon <= HORIZON.maximum:
        raise AssumptionError({"horizon": _("Enter a value between the minimum and the maximum.")})
    full = {p.name: p.default for p in POPULATION_PARAMS} | dict(values)
    return project_single(
        base_year=profile.base_year,
        male=split_groups(profile.population_male),
        female=split_groups(profile.population_female),
        scenario=scenario(profile, full, horizon),
    )


def ratio_percent(numerator: np.ndarray, denominator: np.ndarray, message: str) -> np.ndarray:
    """numerator / denominator in %, or AssumptionError(message) when a denominator is 0."""
    if not np.all(denominator > 0):
        raise AssumptionError({"": message})
    return 100 * numerator / denominator


def series(values: np.ndarray) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def _compute(profile: Profile, values: Mapping[str, float]) -> Result:
    projection = project(profile, values)
    working = projection.between(15, 64)
    old = projection.between(65)
    return Result(
        years=projection.years,
        series={
            "total_population": series(projection.total),
            "working_age": series(working),
            "old_age": series(old),
            "children": series(projection.between(0, 14)),
            "old_age_dependency_ratio": series(
                ratio_percent(old, working, _("No one of working age (15-64) is left to count."))
            ),
        },
    )


MODEL = registry.register(
    FunctionModel(
        slug="population",
        title=_("Population projection"),
        summary=_(
            "Projects the population by age and sex year by year from fertility, mortality "
            "and migration, and shows how the old-age dependency ratio moves."
        ),
        params=(HORIZON, *POPULATION_PARAMS),
        outputs=(
            Output("total_population", _("Total population"), PERSONS),
            Output("working_age", _("Working age (15-64)"), PERSONS),
            Output("old_age", _("Older people (65+)"), PERSONS),
            Output("children", _("Children (0-14)"), PERSONS),
            Output(
                "old_age_dependency_ratio", _("Old-age dependency ratio (65+ / 15-64)"), PERCENT
            ),
        ),
        charts=(
            Chart(
                "age_groups",
                _("Population by broad age group"),
                ("children", "working_age", "old_age"),
                PERSONS,
            ),
            Chart(
                "dependency", _("Old-age dependency ratio"), ("old_age_dependency_ratio",), PERCENT
            ),
        ),
        compute=_compute,
    )
)
