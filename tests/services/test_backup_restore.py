"""Backup and restore on PostgreSQL (pg_dump/pg_restore): the procedure of docs/operations.md."""

import pytest

from tests.learning import backup_scenario
from tests.learning.test_backup_restore import site  # noqa: F401 - the same learner and course

pytestmark = pytest.mark.services


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_damage_restore_brings_everything_back_exactly_on_postgresql(
    site,  # noqa: F811
    tmp_path,
):
    backup_scenario.run(tmp_path=tmp_path, **site)
