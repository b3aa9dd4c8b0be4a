"""One multi-row INSERT for a submit's responses: the one fenced fast path of the submit.

Measured (bench/assessments.py, docs/decisions/assessments-quiz-integrity.md): `bulk_create`
of a 20-question submit spends about 2 ms of CPU building its SQL (each value of each row is
prepared through the insert compiler), which alone took the submit request from about 2x to
about 3x its baseline, at the goal's edge. Here the same values are prepared by each field's
own public `get_db_prep_save`, with the columns from the model's metadata; nothing else is
hand-written. Identifiers are quoted the SQL-standard way ("..."), which SQLite and
PostgreSQL both accept. `tests/assessments/test_fast_insert.py` checks the rows equal what
`bulk_create` writes. No signal is sent, as with `bulk_create`; ids are not read back.
"""

from django.db import connection
from django.utils import timezone

from ..models import Response

_FIELDS = [f for f in Response._meta.concrete_fields if not f.primary_key]
_BATCH = 200  # rows per statement: far below every backend's parameter limit


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def responses_insert(responses: list[Response]) -> None:
    """Insert these new responses in one statement per 200 rows; `saved_at` is set to now,
    as `auto_now` does."""
    now = timezone.now()
    for response in responses:
        response.saved_at = now
    table = _quoted(Response._meta.db_table)
    columns = ", ".join(_quoted(str(f.column)) for f in _FIELDS)
    row = "(" + ", ".join(["%s"] * len(_FIELDS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(responses), _BATCH):
            batch = responses[start : start + _BATCH]
            params = [
                field.get_db_prep_save(getattr(response, field.attname), connection)
                for response in batch
                for field in _FIELDS
            ]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(batch))}",  # noqa: S608 - names from the model
                params,
            )
