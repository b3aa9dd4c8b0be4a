"""Pay-as-you-go pension scheme with a reserve fund, on top of the population projection.

Contributors, pensioners, expenditure, the PAYG cost rate, the reserve fund year by year, the
general average premium and the year the reserve runs out. Money is in real terms (prices of
the base year). Formulas and a worked example: docs/labs-models.md ("Pay-as-you-go pensions").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import registry
from .base import (
    MONEY,
    PERCENT,
    PERSONS,
    YEARS,
    AssumptionError,
    Chart,
    FunctionModel,
    Output,
    Param,
    Result,
    gettext_noop,
)
from .population import HORIZON, POPULATION_PARAMS, project, ratio_percent, series
from .profile import Profile
from .units import OF_AVERAGE_WAGE, OF_CONTRIBUTIONS, OF_COVERED_WAGES, OF_LABOUR_FORCE

_ = gettext_noop

PARAMS = (
    HORIZON,
    Param("retirement_age", _("Retirement age"), _("years"), 60, 50, 70, integer=True),
    Param(
        "contribution_rate", _("Contribution rate"), OF_COVERED_WAGES, 12, 0, 50,
        step=0.1,
    ),
    Param(
        "replacement_rate", _("Replacement rate"), OF_AVERAGE_WAGE, 40, 0, 100,
        step=0.5, help=_("A new pension as a share of the average wage of the year."),
    ),
    Param(
        "coverage", _("Coverage"), OF_LABOUR_FORCE, 25, 0, 100, step=0.5,
        profile_default="coverage", help=_("Share of the labour force contributing."),
    ),
    Param(
        "coverage_growth", _("Coverage growth"), _("percentage points per year"), 0, 0, 5,
        step=0.1, help=_("Coverage rises by this much each year, up to 100 %."),
    ),
    Param("wage_growth", _("Real wage growth"), _("% per year"), 2, -5, 10, step=0.1),
    Param(
        "indexation", _("Indexation"), _("share of wage growth"), 0.5, 0, 1, step=0.05,
        help=_(
            "Share of real wage growth passed on to pensions in payment (0: prices only, "
            "1: wages)."
        ),
    ),
    Param("investment_return", _("Real investment return"), _("% per year"), 3, -5, 15, step=0.1),
    Param("admin_cost", _("Administrative cost"), OF_CONTRIBUTIONS, 3, 0, 20, step=0.1),
    Param(
        "initial_reserve", _("Initial reserve"), _("years of expenditure"), 2, 0, 30, step=0.1,
        help=_("The reserve at the start, as a multiple of the first year's expenditure."),
    ),
    *POPULATION_PARAMS,
)  # fmt: skip


@dataclass(frozen=True)
class Flows:
    contributors: np.ndarray
    pensioners: np.ndarray
    wage_bill: np.ndarray  # covered wages
    expenditure: np.ndarray


def _check(profile: Profile, values: Mapping[str, float]) -> None:
    errors = {}
    if not (math.isfinite(profile.average_wage) and profile.average_wage > 0):
        errors["average_wage"] = _("The average wage must be above zero.")
    lfp = profile.labour_force_participation
    if not (math.isfinite(lfp) and 0 < lfp <= 1):
        errors["labour_force_participation"] = _(
            "Labour-force participation must be above 0 and at most 1."
        )
    if values["coverage"] <= 0:
        errors["coverage"] = _("Coverage must be above zero: a scheme needs contributors.")
    if errors:
        raise AssumptionError(errors)


def _coverage(values: Mapping[str, float], years: int) -> np.ndarray:
    """Coverage (0-1) in each year 0..years-1."""
    t = np.arange(years, dtype=np.float64)
    return np.minimum(1.0, (values["coverage"] + values["coverage_growth"] * t) / 100)


def flows(profile: Profile, values: Mapping[str, float]) -> Flows:
    """Contributors, pensioners, covered wage bill and pension expenditure, year by year."""
    _check(profile, values)
    projection = project(profile, values)
    people = projection.both
    years = len(projection.years)
    age = int(values["retirement_age"])
    lfp = profile.labour_force_participation
    coverage = _coverage(values, years)
    contributors = people[:, 15:age].sum(axis=1) * lfp * coverage
    # A pensioner aged a in year t was covered as the scheme covered workers in the year before
    # they retired, year t - (a - age) - 1 (before the base year: the base year's coverage).
    since = np.arange(people.shape[1] - age)  # years since retirement, ages age..100+
    worked = np.clip(np.arange(years)[:, None] - since[None, :] - 1, 0, None)
    covered = people[:, age:] * lfp * coverage[worked]
    pensioners = covered.sum(axis=1)
    growth = values["wage_growth"] / 100
    wage = profile.average_wage * (1 + growth) ** np.arange(years)
    # A pension in payment grows by indexation x wage growth; relative to the year's average
    # wage it falls by q per year since retirement.
    q = (1 + values["indexation"] * growth) / (1 + growth)
    relative = values["replacement_rate"] / 100 * q**since
    expenditure = wage * (covered * relative[None, :]).sum(axis=1)
    if not (np.all(contributors > 0) and np.all(pensioners > 0)):
        raise AssumptionError(
            {"": _("In some year the scheme has no contributors or no pensioners to count.")}
        )
    return Flows(contributors, pensioners, contributors * wage, expenditure)


def reserve_path(
    *, initial: float, contributions: np.ndarray, outgo: np.ndarray, rate: float
) -> np.ndarray:
    """Reserve at each year's end: R(t) = R(t-1) (1 + i) + (C(t) - B(t) - A(t)) (1 + i)^0.5
    (flows in mid-year), R(-1) = the initial reserve."""
    reserve = np.empty(len(contributions))
    previous = initial
    half = math.sqrt(1 + rate)
    for t in range(len(contributions)):
        previous = previous * (1 + rate) + (contributions[t] - outgo[t]) * half
        reserve[t] = previous
    return reserve


def general_average_premium(
    *, expenditure: np.ndarray, wage_bill: np.ndarray, initial: float, rate: float, admin: float
) -> float:
    """The constant contribution rate (%) that leaves the reserve at zero at the horizon:
    (PV(expenditure) - initial reserve) / ((1 - admin) PV(covered wages)), mid-year flows."""
    discount = (1 + rate) ** -(np.arange(len(expenditure)) + 0.5)
    pv_wages = float((wage_bill * discount).sum())
    return 100 * (float((expenditure * discount).sum()) - initial) / ((1 - admin) * pv_wages)


def _compute(profile: Profile, values: Mapping[str, float]) -> Result:
    f = flows(profile, values)
    rate = values["investment_return"] / 100
    admin = values["admin_cost"] / 100
    contributions = values["contribution_rate"] / 100 * f.wage_bill
    initial = values["initial_reserve"] * float(f.expenditure[0])
    reserve = reserve_path(
        initial=initial,
        contributions=contributions,
        outgo=f.expenditure + admin * contributions,
        rate=rate,
    )
    years = tuple(range(profile.base_year, profile.base_year + len(reserve)))
    below = np.flatnonzero(reserve < 0)
    return Result(
        years=years,
        series={
            "contributors": series(f.contributors),
            "pensioners": series(f.pensioners),
            "system_dependency_ratio": series(100 * f.pensioners / f.contributors),
            "payg_cost_rate": series(100 * f.expenditure / f.wage_bill),
            "contribution_rate": series(np.full(len(years), values["contribution_rate"])),
            "contributions": series(contributions),
            "expenditure": series(f.expenditure),
            "reserve": series(reserve),
            "reserve_ratio": series(
                ratio_percent(reserve, f.expenditure, _("No pension is paid in some year.")) / 100
            ),
        },
        scalars={
            "reserve_exhausted_year": float(years[below[0]]) if len(below) else None,
            "general_average_premium": general_average_premium(
                expenditure=f.expenditure,
                wage_bill=f.wage_bill,
                initial=initial,
                rate=rate,
                admin=admin,
            ),
        },
    )


MODEL = registry.register(
    FunctionModel(
        slug="payg",
        title=_("Pay-as-you-go pension scheme"),
        summary=_(
            "Contributors and pensioners from the population projection, the pay-as-you-go "
            "cost rate, the reserve fund year by year and the general average premium."
        ),
        params=PARAMS,
        outputs=(
            Output("contributors", _("Contributors"), PERSONS),
            Output("pensioners", _("Pensioners"), PERSONS),
            Output("system_dependency_ratio", _("System dependency ratio"), PERCENT),
            Output("payg_cost_rate", _("Pay-as-you-go cost rate"), PERCENT),
            Output("contribution_rate", _("Contribution rate"), PERCENT),
            Output("contributions", _("Contributions"), MONEY),
            Output("expenditure", _("Pension expenditure"), MONEY),
            Output("reserve", _("Reserve at the end of the year"), MONEY),
            Output("reserve_ratio", _("Reserve ratio"), YEARS),
            Output("reserve_exhausted_year", _("Year the reserve runs out"), "", scalar=True),
            Output("general_average_premium", _("General average premium"), PERCENT, scalar=True),
        ),
        charts=(
            Chart(
                "rates",
                _("Cost rate and contribution rate"),
                ("payg_cost_rate", "contribution_rate"),
                PERCENT,
            ),
            Chart("reserve", _("Reserve fund"), ("reserve",), MONEY),
            Chart(
                "flows", _("Contributions and expenditure"), ("contributions", "expenditure"), MONEY
            ),
            Chart(
                "dependency", _("System dependency ratio"), ("system_dependency_ratio",), PERCENT
            ),
        ),  # fmt: skip
        compute=_compute,
    )
)
