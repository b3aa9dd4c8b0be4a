"""Labs' demo content: the illustrative country profile (made-up but plausible figures for a
lower-middle-income country, labelled as such), as a snippet editors can copy and learners'
exercises can name. Idempotent."""

from django.db import transaction

from .models import CountryProfile


def ensure_illustrative_profile() -> CountryProfile:
    """The snippet of the engine's illustrative profile, created once: an editor's later
    changes to it are kept when the demo is loaded again."""
    from .engine.illustrative import PROFILE  # noqa: PLC0415 (importing it registers models)

    existing = CountryProfile.objects.filter(name=PROFILE.name).first()
    if existing is not None:
        return existing
    profile = CountryProfile(
        name=PROFILE.name,
        illustrative=True,
        base_year=PROFILE.base_year,
        currency=PROFILE.currency,
        population={
            "male": [float(v) for v in PROFILE.population_male],
            "female": [float(v) for v in PROFILE.population_female],
        },
        total_fertility=PROFILE.total_fertility,
        life_expectancy_male=PROFILE.life_expectancy_male,
        life_expectancy_female=PROFILE.life_expectancy_female,
        net_migration=PROFILE.net_migration,
        labour_force_participation=PROFILE.labour_force_participation,
        coverage=PROFILE.coverage,
        average_wage=PROFILE.average_wage,
        gdp=PROFILE.gdp,
        government_revenue=PROFILE.government_revenue,
        poverty_line=PROFILE.poverty_line,
    )
    profile.full_clean()
    with transaction.atomic():
        profile.save()
    return profile


def load(*, stdout) -> None:
    profile = ensure_illustrative_profile()
    stdout.write(f"  labs: country profile “{profile.name}” (illustrative).")
