"""Services of the assessments app (state changes). Import from here."""

from .h5p import (
    LibraryUpdateUnconfirmed,
    h5p_package_create,
    h5p_package_delete,
    h5p_state_save,
    h5p_statement_record,
)
from .quiz import (
    AttemptClosed,
    AttemptConflict,
    AttemptNotFound,
    attempt_start,
    attempt_submit,
    attempts_close_all_overdue,
    attempts_close_overdue,
    quiz_grade,
    response_save,
)

__all__ = [
    "AttemptClosed",
    "AttemptConflict",
    "AttemptNotFound",
    "attempt_start",
    "attempt_submit",
    "attempts_close_all_overdue",
    "attempts_close_overdue",
    "LibraryUpdateUnconfirmed",
    "h5p_package_create",
    "h5p_package_delete",
    "h5p_state_save",
    "h5p_statement_record",
    "quiz_grade",
    "response_save",
]
