"""Services of the assessments app (state changes). Import from here."""

from .h5p import (
    h5p_package_create,
    h5p_package_delete,
    h5p_state_save,
    h5p_statement_record,
)

__all__ = [
    "h5p_package_create",
    "h5p_package_delete",
    "h5p_state_save",
    "h5p_statement_record",
]
