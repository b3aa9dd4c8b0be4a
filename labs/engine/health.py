"""Health-insurance premium: expected claims per member from utilisation and unit costs by age,
a loading for administration and contingencies, and the premium that balances each year.

Members are the same share of the population at every age, so the claims per member follow
the ageing of the projected population. Unit costs are shares of GDP per head (so that one
default fits every profile's currency) and grow with real medical inflation.
See docs/labs-models.md ("Health-insurance premium").
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from . import registry
from .base import (
    MONEY,
    PERSONS,
    AssumptionError,
    Chart,
    FunctionModel,
    Output,
    Param,
    Result,
    gettext_noop,
)
from .demography import AGES
from .population import project, series
from .profile import Profile
from .units import OF_CLAIMS, OF_GDP_PER_HEAD, OF_POPULATION

_ = gettext_noop

# Default utilisation per person per year by age band (illustrative, not a country's data):
# (first age, last age, outpatient visits, inpatient days).
UTILISATION = (
    (0, 4, 3.0, 0.35),
    (5, 14, 1.5, 0.10),
    (15, 44, 2.0, 0.30),
    (45, 64, 3.0, 0.55),
    (65, 100, 4.5, 1.40),
)


def _by_age(column: int) -> np.ndarray:
    rates = np.zeros(AGES)
    for band in UTILISATION:
        rates[band[0] : band[1] + 1] = band[column]
    return rates


VISITS_BY_AGE = _by_age(2)
DAYS_BY_AGE = _by_age(3)

PARAMS = (
    Param("horizon", _("Projection horizon"), _("years"), 10, 1, 30, integer=True),
    Param(
        "outpatient_cost", _("Cost of an outpatient visit"), OF_GDP_PER_HEAD, 1.5, 0,
        20, step=0.1,
    ),
    Param(
        "inpatient_cost", _("Cost of a day in hospital"), OF_GDP_PER_HEAD, 5, 0, 100,
        step=0.1,
    ),
    Param(
        "loading", _("Loading"), OF_CLAIMS, 15, 0, 100, step=0.5,
        help=_("Added to the expected claims for administration and contingencies."),
    ),
    Param("medical_inflation", _("Real medical inflation"), _("% per year"), 2, -5, 15, step=0.1),
    Param(
        "membership", _("Members"), OF_POPULATION, 25, 1, 100, step=0.5,
        profile_default="coverage",
    ),
)  # fmt: skip


def _compute(profile: Profile, values: Mapping[str, float]) -> Result:
    if not (math.isfinite(profile.gdp) and profile.gdp > 0):
        raise AssumptionError({"gdp": _("GDP must be above zero.")})
    projection = project(profile, values)
    people = projection.both
    total = projection.total
    gdp_per_head = profile.gdp / total[0]
    per_person = (
        VISITS_BY_AGE * values["outpatient_cost"] + DAYS_BY_AGE * values["inpatient_cost"]
    ) / 100
    growth = (1 + values["medical_inflation"] / 100) ** np.arange(len(total))
    claims = gdp_per_head * growth * (people * per_person[None, :]).sum(axis=1) / total
    premium = claims * (1 + values["loading"] / 100)
    members = total * values["membership"] / 100
    return Result(
        years=projection.years,
        series={
            "claims_per_member": series(claims),
            "premium_per_member": series(premium),
            "total_claims": series(claims * members),
            "members": series(members),
        },
        scalars={"premium_first_year": float(premium[0])},
    )


MODEL = registry.register(
    FunctionModel(
        slug="health_premium",
        title=_("Health-insurance premium"),
        summary=_(
            "Expected claims per member from how often each age group uses care and what it "
            "costs, plus a loading: the premium that balances the year, as the members age."
        ),
        params=PARAMS,
        outputs=(
            Output("claims_per_member", _("Expected claims per member"), MONEY),
            Output("premium_per_member", _("Premium per member"), MONEY),
            Output("total_claims", _("Total claims"), MONEY),
            Output("members", _("Members"), PERSONS),
            Output("premium_first_year", _("Premium in the first year"), MONEY, scalar=True),
        ),
        charts=(
            Chart(
                "premium",
                _("Claims and premium per member"),
                ("claims_per_member", "premium_per_member"),
                MONEY,
            ),  # noqa: E501
            Chart("members", _("Members"), ("members",), PERSONS),
        ),  # fmt: skip
        compute=_compute,
    )
)
