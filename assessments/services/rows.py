"""The statements on the submit path, written without the query compiler.

Submitting a 20-question attempt is one locked read of the attempt, one read of its saved
responses, one insert of its responses and one update of the attempt. Built through the ORM,
they cost more than the whole baseline request of the benchmark (a bare view doing
one insert): the compiler rebuilds the same SQL on every call, and `bulk_create` prepares every
value of every row. Here the SQL is built once per database from the models' own metadata,
values go both ways through each field's own conversion methods (time zones, JSON, decimals,
UUIDs), and nothing else is hand-written. No signal is sent for these rows (none listens), as
with `bulk_create` and `QuerySet.update`. See docs/decisions/assessments-quiz-integrity.md.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.transaction import TransactionManagementError
from wagtail.models import Revision

from ..models import Attempt, QuizPage, Response

# What the services read of the quiz under an attempt's lock: its settings, not the page (the
# page itself is loaded only when a passed attempt completes the step).
LOCKED_QUIZ_FIELDS = (
    "pass_mark",
    "grace_period_seconds",
    "overdue_policy",
    "grading_method",
    "feedback_policy",
)

_ATTEMPT_FIELDS = list(Attempt._meta.concrete_fields)
_QUIZ_FIELDS = [QuizPage._meta.get_field(name) for name in LOCKED_QUIZ_FIELDS]
_REVISION_CREATED = Revision._meta.get_field("created_at")
_READ_FIELDS = [*_ATTEMPT_FIELDS, *_QUIZ_FIELDS, _REVISION_CREATED]
_INSERT_FIELDS = [f for f in Response._meta.concrete_fields if not f.primary_key]


def _converters(field) -> list:
    """What the ORM applies to a value the database returns for this field."""
    return connection.ops.get_db_converters(field.cached_col) + field.get_db_converters(connection)


@cache
def _read_sql(vendor: str, by: str, with_user: bool) -> str:
    qn = connection.ops.quote_name
    columns = [f"a.{qn(f.column)}" for f in _ATTEMPT_FIELDS]
    columns += [f"q.{qn(f.column)}" for f in _QUIZ_FIELDS]
    columns.append(f"r.{qn(_REVISION_CREATED.column)}")
    where = [f"a.{qn(Attempt._meta.get_field(by).column)} = %s"]
    if with_user:
        where.append(f"a.{qn(Attempt._meta.get_field('user').column)} = %s")
    sql = (
        f"SELECT {', '.join(columns)} FROM {qn(Attempt._meta.db_table)} a "  # noqa: S608 - names from the models
        f"INNER JOIN {qn(QuizPage._meta.db_table)} q "
        f"ON q.{qn(QuizPage._meta.pk.column)} = a.{qn(Attempt._meta.get_field('quiz').column)} "
        f"INNER JOIN {qn(Revision._meta.db_table)} r "
        f"ON r.{qn(Revision._meta.pk.column)} = a.{qn(Attempt._meta.get_field('revision').column)} "
        f"WHERE {' AND '.join(where)}"
    )
    if connection.features.has_select_for_update:
        # Only the attempt's row: locking the quiz page too would queue every learner of the
        # quiz behind each other, and behind the editor publishing it.
        of = ("a",) if connection.features.has_select_for_update_of else ()
        sql += " " + connection.ops.for_update_sql(of=of)
    return sql


class NotFound(Exception):
    pass


def attempt_locked(attempt: Attempt | uuid.UUID | str | int, *, user=None) -> Attempt:
    """The attempt, its row locked until the transaction ends, with its quiz's settings.

    `attempt.quiz` holds only LOCKED_QUIZ_FIELDS (others load on access, one query each, as
    with `.only()`); `attempt.revision` holds its id and creation time (the key of the
    question cache). Raises NotFound for no such attempt (of this user, when given).
    """
    if not connection.in_atomic_block:
        raise TransactionManagementError("attempt_locked() needs a transaction.")
    if isinstance(attempt, Attempt):
        by, key = "id", attempt.pk
    elif isinstance(attempt, int):
        by, key = "id", attempt
    else:
        by = "uuid"
        try:
            key = Attempt._meta.get_field("uuid").get_db_prep_value(attempt, connection)
        except ValidationError as exc:
            raise NotFound from exc
    params = [key] if user is None else [key, user.pk]
    with connection.cursor() as cursor:
        cursor.execute(_read_sql(connection.vendor, by, user is not None), params)
        row = cursor.fetchone()
    if row is None:
        raise NotFound
    values = []
    for value, field in zip(row, _READ_FIELDS, strict=True):
        # (per call: converters are bound to this thread's connection)
        for convert in _converters(field):
            value = convert(value, field.cached_col, connection)
        values.append(value)
    n = len(_ATTEMPT_FIELDS)
    found = Attempt.from_db(connection.alias, [f.attname for f in _ATTEMPT_FIELDS], values[:n])
    quiz_values = values[n : n + len(_QUIZ_FIELDS)]
    found.quiz = QuizPage.from_db(
        connection.alias,
        ["id", "page_ptr_id", *LOCKED_QUIZ_FIELDS],
        [found.quiz_id, found.quiz_id, *quiz_values],
    )
    found.revision = Revision.from_db(
        connection.alias, ["id", "created_at"], [found.revision_id, values[-1]]
    )
    if user is not None:
        found.user = user
    return found


@cache
def _update_sql(vendor: str, names: tuple[str, ...]) -> str:
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(Attempt._meta.get_field(n).column)} = %s" for n in names)
    pk = qn(Attempt._meta.pk.column)
    return f"UPDATE {qn(Attempt._meta.db_table)} SET {sets} WHERE {pk} = %s"  # noqa: S608 - names from the model


def attempt_update(attempt: Attempt, names: tuple[str, ...]) -> None:
    """Write these fields of the (locked) attempt in one UPDATE."""
    fields = [Attempt._meta.get_field(n) for n in names]
    params = [f.get_db_prep_save(getattr(attempt, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(_update_sql(connection.vendor, names), [*params, attempt.pk])


_RESPONSE_FIELDS = list(Response._meta.concrete_fields)


@cache
def _responses_sql(vendor: str) -> str:
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in _RESPONSE_FIELDS)
    attempt_column = qn(Response._meta.get_field("attempt").column)
    return f"SELECT {columns} FROM {qn(Response._meta.db_table)} WHERE {attempt_column} = %s"  # noqa: S608 - names from the model


def responses_of(attempt: Attempt) -> list[Response]:
    """The attempt's saved responses (read under its lock, so no other write is in between)."""
    with connection.cursor() as cursor:
        cursor.execute(_responses_sql(connection.vendor), [attempt.pk])
        found = cursor.fetchall()
    if not found:
        return []
    converters = [_converters(f) for f in _RESPONSE_FIELDS]
    names = [f.attname for f in _RESPONSE_FIELDS]
    responses = []
    for row in found:
        values = []
        for value, field, convert in zip(row, _RESPONSE_FIELDS, converters, strict=True):
            for fn in convert:
                value = fn(value, field.cached_col, connection)
            values.append(value)
        response = Response.from_db(connection.alias, names, values)
        response.attempt = attempt
        responses.append(response)
    return responses


def responses_insert(responses: list[Response], *, now: datetime) -> None:
    """One multi-row INSERT of new responses, saved at `now` (ids are not read back).

    The same values `bulk_create` writes, each prepared by its field's own method, the
    attempt id and the time once for all rows.
    """
    fields = _INSERT_FIELDS
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    prepared: dict[tuple, object] = {}

    def prep(field, value):
        try:
            key = (field.attname, value)
            if key not in prepared:
                prepared[key] = field.get_db_prep_save(value, connection)
            return prepared[key]
        except TypeError:  # unhashable (the JSON answer): prepared every time
            return field.get_db_prep_save(value, connection)

    for response in responses:
        response.saved_at = now
    size = connection.ops.bulk_batch_size(fields, responses) or len(responses)
    with connection.cursor() as cursor:
        for start in range(0, len(responses), size):
            batch = responses[start : start + size]
            cursor.execute(
                f"INSERT INTO {qn(Response._meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
                f"VALUES {', '.join([row] * len(batch))}",
                [prep(f, getattr(r, f.attname)) for r in batch for f in fields],
            )
