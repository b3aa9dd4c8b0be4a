from .pages import (
    CaseStudyCountry,
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyRelatedPage,
    CaseStudySource,
    KeyFigure,
)
from .taxonomy import LifeCycleRisk, PopulationGroup, ProgrammeType, Theme

__all__ = [
    "CaseStudyCountry",
    "CaseStudyIndexPage",
    "CaseStudyPage",
    "CaseStudyRelatedPage",
    "CaseStudySource",
    "KeyFigure",
    "LifeCycleRisk",
    "PopulationGroup",
    "ProgrammeType",
    "Theme",
]
