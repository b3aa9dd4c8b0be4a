"""A toy model and profile for the exercise tests: the block, views and services are tested
against the engine's contract, not against the real models' numbers."""

import sys
import types

import pytest

from courses.models import LessonPage
from courses.services import enrollment_create
from labs.engine import registry
from labs.engine.base import Chart, Output, Param, Result
from labs.engine.profile import AGE_GROUPS, Profile
from tests.factories import course_factories as cf

TOY_PROFILE = Profile(
    name="Toyland",
    base_year=2025,
    currency="TOY",
    population_male=tuple([1000.0] * AGE_GROUPS),
    population_female=tuple([1000.0] * AGE_GROUPS),
    total_fertility=2.1,
    life_expectancy_male=70,
    life_expectancy_female=74,
    net_migration=0,
    labour_force_participation=0.7,
    coverage=0.5,
    average_wage=1000,
    gdp=1e6,
    government_revenue=2e5,
    poverty_line=300,
)


class ToyModel:
    """A reserve that contributions feed and pensions drain; later retirement, fewer pensions."""

    slug = "toy"
    title = "Toy pension scheme"
    summary = "A reserve fund over 50 years."
    params = (
        Param("retirement_age", "Retirement age", "years", 60, 50, 70, step=1, integer=True),
        Param("contribution_rate", "Contribution rate", "%", 15, 0, 40, step=0.5),
        Param("interest", "Interest rate", "%", 0, 0, 10, step=0.5),
    )
    outputs = (
        Output("reserve", "Reserve fund", "TOY"),
        Output("cost_rate", "Cost rate", "%"),
        Output("depletion_year", "Year the reserve runs out", "year", scalar=True),
    )
    charts = (
        Chart("reserve", "Reserve fund", ("reserve",), "TOY"),
        Chart("cost_rate", "Cost rate", ("cost_rate",), "%"),
    )

    def run(self, profile, values):
        years = tuple(range(profile.base_year, profile.base_year + 51))
        reserve, reserves, costs, depleted = 5000.0, [], [], None
        for t, year in enumerate(years):
            benefits = (1000 + 20 * t) * (75 - values["retirement_age"]) / 15
            reserve = (
                reserve * (1 + values["interest"] / 100)
                + values["contribution_rate"] * 100
                - benefits
            )
            reserves.append(reserve)
            costs.append(benefits / 100)
            if reserve < 0 and depleted is None:
                depleted = year
        return Result(
            years=years,
            series={"reserve": tuple(reserves), "cost_rate": tuple(costs)},
            scalars={"depletion_year": depleted},
        )


@pytest.fixture(autouse=True)
def toy_model(monkeypatch):
    monkeypatch.setitem(registry.MODELS, "toy", ToyModel())
    try:
        import labs.engine.illustrative  # noqa: F401, PLC0415
    except ImportError:
        fake = types.ModuleType("labs.engine.illustrative")
        fake.PROFILE = TOY_PROFILE
        monkeypatch.setitem(sys.modules, "labs.engine.illustrative", fake)
    return registry.MODELS["toy"]


BLOCK_ID = "0f5c1a9e-1111-4c22-9a33-000000000001"


def exercise_value(**changes):
    value = {
        "model": "toy",
        "profile": None,
        "title": "Keep the reserve positive",
        "task": "<p>Find a contribution rate that keeps the reserve positive until 2060.</p>",
        "assumptions": [
            {
                "name": "retirement_age",
                "value": 60,
                "adjustable": True,
                "minimum": 55,
                "maximum": 67,
            },
            {
                "name": "contribution_rate",
                "value": 15,
                "adjustable": True,
                "minimum": 5,
                "maximum": 30,
            },
            {"name": "interest", "value": 0, "adjustable": False, "minimum": None, "maximum": None},
        ],
        "charts": [],
        "task_kind": "target",
        "output": "reserve",
        "year": 2060,
        "every_year": True,
        "comparison": "at_least",
        "target": 0,
        "tolerance": None,
        "required_values": [],
        "required": True,
    }
    value.update(changes)
    return value


def with_exercise(lesson, *, block_id=BLOCK_ID, **changes) -> LessonPage:
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "model_exercise", "id": block_id, "value": exercise_value(**changes)},
    ]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def course(home_page):
    return cf.course(title="Actuarial planning", modules=1, steps_per_module=2)


@pytest.fixture
def lesson(course):
    return with_exercise(cf.lessons(course)[0])


@pytest.fixture
def enrolled(learner, course):
    enrollment_create(user=learner, course=course)
    return learner


def url(lesson, name="exercise", *extra, block_id=BLOCK_ID):
    from django.urls import reverse  # noqa: PLC0415

    return reverse(f"labs:{name}", args=[lesson.pk, block_id, *extra])
