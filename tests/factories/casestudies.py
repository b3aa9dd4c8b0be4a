"""Factories of the case-study library, built through its services."""

import itertools

from casestudies import services
from casestudies.models import LifeCycleRisk, PopulationGroup, ProgrammeType, Theme

_seq = itertools.count(1)


def case_library(home_page):
    return services.library_ensure(parent=home_page, intro="<p>Good practices.</p>")


def terms(model, *slugs):
    return list(model.objects.filter(slug__in=slugs, locale__language_code="en"))


def case_study(index, *, publish=True, themes=(), types=(), risks=(), groups=(), **kwargs):
    n = next(_seq)
    defaults = {
        "title": f"Case study {n}",
        "summary": f"Summary of case study {n}.",
        "countries": ["LA"],
        "year_start": 2015,
        "year_end": 2020,
        "context": f"<p>Context of case {n}.</p>",
    }
    defaults.update(kwargs)
    return services.case_study_create(
        index=index,
        publish=publish,
        themes=terms(Theme, *themes),
        programme_types=terms(ProgrammeType, *types),
        risks=terms(LifeCycleRisk, *risks),
        population_groups=terms(PopulationGroup, *groups),
        **defaults,
    )
