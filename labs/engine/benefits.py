"""Costing a non-contributory benefit, as the ILO's Rapid Assessment Protocol does: a social
pension (everyone from an age) and a universal child benefit (every child under an age).

cost = eligible population x take-up x benefit x (1 + administrative cost), in money (real
terms: prices of the base year, so no inflation) and as % of GDP and of government revenue.
See docs/labs-models.md ("Costing a non-contributory benefit").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np

from . import registry
from .base import (
    MONEY,
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
from .demography import Projection
from .population import project, series
from .profile import Profile
from .units import COST_OF_GDP, COST_OF_REVENUE, OF_BENEFITS, OF_ELIGIBLE, OF_POVERTY_LINE

_ = gettext_noop

COMMON = (
    Param("horizon", _("Projection horizon"), _("years"), 10, 1, 50, integer=True),
    Param(
        "benefit", _("Benefit level"), OF_POVERTY_LINE, 30, 0, 200, step=1,
        help=_("Benefit per beneficiary per year, as a share of the poverty line."),
    ),
    Param("take_up", _("Take-up"), OF_ELIGIBLE, 85, 0, 100, step=1),
    Param("admin_cost", _("Administrative cost"), OF_BENEFITS, 5, 0, 30, step=0.5),
    Param(
        "gdp_growth", _("Real GDP growth"), _("% per year"), 4, -10, 15, step=0.1,
        help=_("Government revenue stays the same share of GDP."),
    ),
)  # fmt: skip

OUTPUTS = (
    Output("beneficiaries", _("Beneficiaries"), PERSONS),
    Output("cost", _("Cost"), MONEY),
    Output("cost_pct_gdp", COST_OF_GDP, PERCENT),
    Output("cost_pct_revenue", COST_OF_REVENUE, PERCENT),
)
CHARTS = (
    Chart("cost_share", _("Cost as a share of GDP and of revenue"), ("cost_pct_gdp", "cost_pct_revenue"), PERCENT),  # noqa: E501
    Chart("beneficiaries", _("Beneficiaries"), ("beneficiaries",), PERSONS),
    Chart("cost", _("Cost"), ("cost",), MONEY),
)  # fmt: skip


def _check(profile: Profile) -> None:
    errors = {}
    for name, message in (
        ("gdp", _("GDP must be above zero.")),
        ("government_revenue", _("Government revenue must be above zero.")),
    ):
        value = getattr(profile, name)
        if not (math.isfinite(value) and value > 0):
            errors[name] = message
    if not (math.isfinite(profile.poverty_line) and profile.poverty_line >= 0):
        errors["poverty_line"] = _("The poverty line must be zero or more.")
    if errors:
        raise AssumptionError(errors)


def costing(
    profile: Profile, values: Mapping[str, float], eligible: Callable[[Projection], np.ndarray]
) -> Result:
    """The costing of a benefit paid to `eligible(projection)` persons each year."""
    _check(profile)
    projection = project(profile, values)
    beneficiaries = eligible(projection) * values["take_up"] / 100
    benefit = values["benefit"] / 100 * profile.poverty_line
    cost = beneficiaries * benefit * (1 + values["admin_cost"] / 100)
    gdp = profile.gdp * (1 + values["gdp_growth"] / 100) ** np.arange(len(cost))
    revenue = gdp * profile.government_revenue / profile.gdp
    return Result(
        years=projection.years,
        series={
            "beneficiaries": series(beneficiaries),
            "cost": series(cost),
            "cost_pct_gdp": series(100 * cost / gdp),
            "cost_pct_revenue": series(100 * cost / revenue),
        },
    )


def _social_pension(profile: Profile, values: Mapping[str, float]) -> Result:
    return costing(profile, values, lambda p: p.between(int(values["eligibility_age"])))


def _child_benefit(profile: Profile, values: Mapping[str, float]) -> Result:
    return costing(profile, values, lambda p: p.between(0, int(values["age_limit"]) - 1))


SOCIAL_PENSION = registry.register(
    FunctionModel(
        slug="social_pension",
        title=_("Costing a social pension"),
        summary=_(
            "What a non-contributory pension for everyone from an age costs, in money and as "
            "a share of GDP and of government revenue, year by year."
        ),
        params=(
            *COMMON[:2],
            Param("eligibility_age", _("Eligibility age"), _("years"), 65, 50, 80, integer=True),
            *COMMON[2:],
        ),
        outputs=OUTPUTS,
        charts=CHARTS,
        compute=_social_pension,
    )
)

CHILD_BENEFIT = registry.register(
    FunctionModel(
        slug="child_benefit",
        title=_("Costing a universal child benefit"),
        summary=_(
            "What a benefit for every child under an age costs, in money and as a share of "
            "GDP and of government revenue, year by year."
        ),
        params=(
            *COMMON[:2],
            Param(
                "age_limit",
                _("Children under"),
                _("years"),
                6,
                1,
                18,
                integer=True,
                help=_("Children are eligible until this birthday."),
            ),
            *COMMON[2:],
        ),  # fmt: skip
        outputs=OUTPUTS,
        charts=CHARTS,
        compute=_child_benefit,
    )
)
