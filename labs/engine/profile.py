"""A country's starting point for every model (the Django side builds it from a snippet)."""

from __future__ import annotations

from dataclasses import dataclass

# Five-year age groups 0-4, 5-9, ..., 95-99, and 100+: 21 groups.
AGE_GROUPS = 21


@dataclass(frozen=True)
class Profile:
    name: str
    base_year: int
    currency: str
    # Persons by five-year age group (AGE_GROUPS values each).
    population_male: tuple[float, ...]
    population_female: tuple[float, ...]
    total_fertility: float  # children per woman
    life_expectancy_male: float  # at birth, years
    life_expectancy_female: float
    net_migration: float  # persons per year (negative: emigration)
    labour_force_participation: float  # share of people aged 15-64 in the labour force, 0-1
    coverage: float  # share of the labour force contributing to the pension scheme, 0-1
    average_wage: float  # per worker per year, in `currency`
    gdp: float  # per year, in `currency`
    government_revenue: float  # per year, in `currency`
    poverty_line: float  # per person per year, in `currency`
    illustrative: bool = True  # made-up figures (the demo); real ones carry sources
