"""Reads for trainers: the model exercises of a course, their learners' saved scenarios side
by side (the model run on each shown scenario), and lab tasks in the progress matrix.

Nothing here knows cohorts (labs sits below them): the caller passes the learners it may show
(a trainer's cohort members, found by the cohorts app's permission-checking selectors) and
every read is limited to them. Functions take keyword-only, typed arguments.
"""

from .comparison import (
    EXPORT_LIMIT,
    PER_PAGE,
    Comparison,
    ComparisonRow,
    LearnerChoice,
    ScenarioColumn,
    comparison_export,
    exercise_profile,
    scenario_comparison,
)
from .exercises import (
    ExerciseRef,
    course_exercise,
    course_exercises,
    exercises_in,
    scenario_counts,
)
from .scores import task_items, task_scores

__all__ = [
    "EXPORT_LIMIT",
    "PER_PAGE",
    "Comparison",
    "ComparisonRow",
    "ExerciseRef",
    "LearnerChoice",
    "ScenarioColumn",
    "comparison_export",
    "course_exercise",
    "course_exercises",
    "exercise_profile",
    "exercises_in",
    "scenario_comparison",
    "scenario_counts",
    "task_items",
    "task_scores",
]
