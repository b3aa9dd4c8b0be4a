"""The engine's tests need no database: plain functions on plain data (`profile`,
`make_profile`). Trainers', profiles' and personal-data tests use a toy model (`toy_model`)
and exercise blocks written into lessons as raw JSON, as the lesson block stores them."""

import dataclasses
import json
import uuid

import pytest
from django.utils import timezone
from wagtail import blocks

from courses.models import LessonPage
from labs.engine import registry
from labs.engine.base import Chart, Output, Param, Result
from labs.engine.illustrative import PROFILE
from labs.models import Scenario, TaskResult
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course
from tests.factories.courses import lessons

YEARS = tuple(range(2025, 2031))


class ToyModel:
    """total(year) = rate x base x (year - 2024); peak = total in the last year."""

    slug = "toy"
    title = "Toy model"
    summary = "A model for tests."
    params = (
        Param("rate", "Contribution rate", "%", 2.0, 0.0, 10.0, step=0.5),
        Param("base", "Base", "persons", 5.0, 0.0, 100.0),
        Param("horizon", "Horizon", "years", 6, 1, 50, integer=True),
    )
    outputs = (
        Output("total", "Total cost", "USD"),
        Output("peak", "Peak cost", "USD", scalar=True),
    )
    charts = (Chart("cost", "Cost", ("total",), "USD"),)

    def run(self, profile, values):
        series = tuple(values["rate"] * values["base"] * (y - 2024) for y in YEARS)
        return Result(years=YEARS, series={"total": series}, scalars={"peak": series[-1]})


@pytest.fixture
def toy_model(monkeypatch):
    """The toy model in the registry, for this test only."""
    monkeypatch.setitem(registry.MODELS, "toy", ToyModel())
    return registry.MODELS["toy"]


@pytest.fixture
def profile():
    return PROFILE


@pytest.fixture
def make_profile():
    """The illustrative profile with some fields replaced."""

    def make(**changes):
        return dataclasses.replace(PROFILE, **changes)

    return make


@pytest.fixture
def exercise_block_type(monkeypatch):
    """Lesson bodies keep `model_exercise` blocks only when the block type exists (Wagtail drops
    unknown types when it reads a body). Until the lesson block lands, a stand-in holds them:
    trainers' reads use the raw JSON only."""
    child_blocks = LessonPage._meta.get_field("body").stream_block.child_blocks
    if "model_exercise" not in child_blocks:
        stand_in = blocks.StaticBlock()
        stand_in.set_name("model_exercise")
        monkeypatch.setitem(child_blocks, "model_exercise", stand_in)


def exercise_block(
    *,
    title="Find the rate",
    model="toy",
    task_kind="target",
    output="total",
    year=2030,
    adjustable=("rate",),
    values=None,
    profile=None,
    block_id=None,
):
    values = values or {"rate": 2.0, "base": 5.0}
    return {
        "type": "model_exercise",
        "id": block_id or str(uuid.uuid4()),
        "value": {
            "model": model,
            "profile": profile,
            "title": title,
            "task": "<p>Keep the cost under 100.</p>",
            "assumptions": [
                {
                    "type": "item",
                    "id": str(uuid.uuid4()),
                    "value": {
                        "name": name,
                        "value": value,
                        "adjustable": name in adjustable,
                        "minimum": None,
                        "maximum": None,
                    },
                }
                for name, value in values.items()
            ],
            "charts": [],
            "task_kind": task_kind,
            "output": output,
            "year": year,
            "comparison": "at_most",
            "target": 100.0,
            "tolerance": None,
            "required_values": [],
            "required": False,
        },
    }


def put_blocks(lesson, *blocks):
    """Append raw exercise blocks to a lesson's body (its other blocks kept)."""
    raw = [dict(block) for block in lesson.body.raw_data] + list(blocks)
    lesson.body = json.dumps(raw)
    lesson.save(clean=False)
    return [block["id"] for block in blocks]


def save_scenario(user, lesson, block_id, name="Mine", **values):
    return Scenario.objects.create(
        user=user, page=lesson, block_id=block_id, model="toy", name=name, values=values
    )


def task_result(user, lesson, block_id, *, passed):
    return TaskResult.objects.create(
        user=user,
        page=lesson,
        block_id=block_id,
        passed=passed,
        tries=1,
        passed_at=timezone.now() if passed else None,
    )


@pytest.fixture
def course(home_page):
    return make_course(title="Actuarial planning", modules=1, steps_per_module=3)


@pytest.fixture
def lesson(course):
    return lessons(course)[0]


@pytest.fixture
def cohort(course, trainer):
    return cf.cohort(course=course, trainer=trainer)


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client
