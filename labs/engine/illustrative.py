"""An illustrative country: made-up but plausible figures for a lower-middle-income country.

No figure here is a real statistic. The age structure is that of a stable population growing
2.4 % a year under this engine's life tables (e0 68 for men, 72 for women), rounded to
thousands; money is in a fictitious currency unit (FCU).
"""

from __future__ import annotations

from .base import gettext_noop
from .profile import Profile

PROFILE = Profile(
    name=gettext_noop("Illustrative country (fictitious)"),
    base_year=2025,
    currency="FCU",
    # Persons by five-year age group, 0-4 .. 95-99, 100+ (about 30 million in all).
    population_male=(
        2_151_000, 1_875_000, 1_653_000, 1_456_000, 1_282_000, 1_128_000, 991_000,
        869_000, 759_000, 659_000, 567_000, 480_000, 397_000, 315_000,
        236_000, 159_000, 92_000, 41_000, 12_000, 2_000, 0,
    ),
    population_female=(
        2_071_000, 1_813_000, 1_600_000, 1_412_000, 1_245_000, 1_098_000, 966_000,
        849_000, 745_000, 650_000, 563_000, 482_000, 405_000, 330_000,
        256_000, 184_000, 117_000, 61_000, 23_000, 6_000, 1_000,
    ),
    total_fertility=3.0,
    life_expectancy_male=68.0,
    life_expectancy_female=72.0,
    net_migration=-20_000.0,
    labour_force_participation=0.6,
    coverage=0.25,
    average_wage=6_000.0,  # per worker per year
    gdp=120_000_000_000.0,  # 4,000 per person
    government_revenue=21_600_000_000.0,  # 18 % of GDP
    poverty_line=1_200.0,  # per person per year
    illustrative=True,
)  # fmt: skip
