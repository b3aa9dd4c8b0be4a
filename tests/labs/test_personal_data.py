"""A learner's scenarios and task results in their personal-data archive, and what erasure
does to them (the `personal_data_export` and `user_erasing` hooks)."""

import io
import json
import zipfile

import pytest
from django.utils import timezone

from labs.models import Scenario, TaskResult
from learning.personal_data import archive_write, erasing_run, export_parts
from learning.services import user_erase
from tests.factories.users import UserFactory

from .conftest import exercise_block, put_blocks, save_scenario, task_result

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("toy_model", "exercise_block_type")]


@pytest.fixture
def records(lesson):
    (block_id,) = put_blocks(lesson, exercise_block())
    me, other = UserFactory(full_name="Me"), UserFactory(full_name="Other")
    save_scenario(me, lesson, block_id, "My cautious plan", rate=1.5)
    save_scenario(other, lesson, block_id, "Their plan", rate=3)
    task_result(me, lesson, block_id, passed=True)
    task_result(other, lesson, block_id, passed=False)
    return me, other, lesson, block_id


def test_the_archive_holds_my_scenarios_and_task_results_only(records):
    me, _other, lesson, block_id = records
    parts = dict(export_parts(user=me))
    scenarios = json.loads(parts["labs/scenarios.json"])
    assert [(s["name"], s["values"], s["page__title"]) for s in scenarios] == [
        ("My cautious plan", {"rate": 1.5}, lesson.title)
    ]
    results = parts["labs/task_results.csv"].decode("utf-8-sig").splitlines()
    assert len(results) == 2  # the header and my one result
    assert "passed" in results[0] and block_id in results[1] and "True" in results[1]


def test_the_archive_has_the_files_even_when_empty(lesson):
    nobody = UserFactory()
    parts = dict(export_parts(user=nobody))
    assert json.loads(parts["labs/scenarios.json"]) == []
    assert "labs/task_results.csv" in parts


def test_erasing_deletes_my_scenarios_and_keeps_task_results(records):
    me, other, lesson, block_id = records
    counts = erasing_run(user=me)
    assert counts["labs.scenarios_deleted"] == 1
    assert not Scenario.objects.filter(user=me).exists()
    assert Scenario.objects.filter(user=other).count() == 1
    # Kept, tied to the (then anonymised) account: completion and the cohort's figures.
    assert TaskResult.objects.filter(user=me, passed=True).exists()
    assert TaskResult.objects.filter(user=other).exists()


def test_the_whole_erasure_service_runs_the_hook(records, administrator):
    me, _other, _lesson, _block = records
    user_erase(user=me, actor=administrator, reason="Asked by e-mail")
    assert not Scenario.objects.filter(user_id=me.pk).exists()
    assert TaskResult.objects.filter(user_id=me.pk).count() == 1


def test_the_archive_written_as_a_zip_has_the_labs_files(records):
    me = records[0]
    target = io.BytesIO()
    names = archive_write(user=me, target=target, now=timezone.now())
    assert "labs/scenarios.json" in names
    with zipfile.ZipFile(io.BytesIO(target.getvalue())) as archive:
        assert "My cautious plan" in archive.read("labs/scenarios.json").decode()
