from .pages import (
    CaseStudyCountry,
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyRelatedPage,
    CaseStudySource,
    KeyFigure,
)
from .search import CaseStudySearchText
from .taxonomy import LifeCycleRisk, PopulationGroup, ProgrammeType, Theme

__all__ = [
    "CaseStudyCountry",
    "CaseStudyIndexPage",
    "CaseStudyPage",
    "CaseStudyRelatedPage",
    "CaseStudySearchText",
    "CaseStudySource",
    "KeyFigure",
    "LifeCycleRisk",
    "PopulationGroup",
    "ProgrammeType",
    "Theme",
]
