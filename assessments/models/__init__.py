"""Models of the assessments app: H5P (h5p.py) and native quizzes (quiz.py)."""

from .h5p import H5PLibrary, H5PPackage, H5PResult, H5PState, H5PStatement
from .quiz import (
    Attempt,
    AttemptState,
    GradingMethod,
    OverduePolicy,
    QuizPage,
    Response,
    RevealPolicy,
)

__all__ = [
    "Attempt",
    "AttemptState",
    "GradingMethod",
    "H5PLibrary",
    "H5PPackage",
    "H5PResult",
    "H5PState",
    "H5PStatement",
    "OverduePolicy",
    "QuizPage",
    "Response",
    "RevealPolicy",
]
