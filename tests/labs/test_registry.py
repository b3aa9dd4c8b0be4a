"""Every model is registered, declares what it produces, and runs on the demo profile."""

import ast
import math
from pathlib import Path

import pytest

from labs.engine import registry
from labs.engine.base import AssumptionError, Model, defaults, validate

SLUGS = ["population", "payg", "social_pension", "child_benefit", "health_premium"]
ROOT = Path(__file__).resolve().parents[2]


def test_every_model_is_registered():
    assert sorted(registry.MODELS) == sorted(SLUGS)
    with pytest.raises(LookupError):
        registry.get("no-such-model")


@pytest.mark.parametrize("slug", SLUGS)
def test_model_declarations_are_consistent(slug):
    model: Model = registry.get(slug)
    names = [p.name for p in model.params]
    assert len(names) == len(set(names))
    for p in model.params:
        assert p.minimum <= p.default <= p.maximum, p.name
        assert p.label and p.label[0].isupper()
    outputs = {o.name: o for o in model.outputs}
    for chart in model.charts:
        assert chart.outputs and all(name in outputs for name in chart.outputs)
        assert all(outputs[name].unit == chart.unit for name in chart.outputs)
        assert not any(outputs[name].scalar for name in chart.outputs)
    assert validate(model, {}) == {p.name: p.default for p in model.params}


@pytest.mark.parametrize("slug", SLUGS)
def test_model_runs_on_the_demo_profile_with_its_defaults(profile, slug):
    model = registry.get(slug)
    result = registry.run(slug, profile, {})
    assert set(result.series) == {o.name for o in model.outputs if not o.scalar}
    assert set(result.scalars) == {o.name for o in model.outputs if o.scalar}
    horizon = validate(model, {})["horizon"]
    assert result.years == tuple(range(profile.base_year, profile.base_year + horizon + 1))
    for values in result.series.values():
        assert len(values) == len(result.years)
        assert all(isinstance(v, float) and math.isfinite(v) for v in values)
    assert result.value(next(iter(result.series)), 1900) is None


@pytest.mark.parametrize("slug", SLUGS)
def test_every_assumption_at_its_bounds_stays_finite_or_is_refused(profile, slug):
    model = registry.get(slug)
    for p in model.params:
        for bound in (p.minimum, p.maximum):
            try:
                result = registry.run(slug, profile, {p.name: bound})
            except AssumptionError as error:  # e.g. coverage 0: a clear message
                assert error.errors and all(m.endswith(".") for m in error.errors.values())
                continue
            numbers = [v for values in result.series.values() for v in values]
            assert all(math.isfinite(v) for v in numbers), (p.name, bound)


def test_strings_from_forms_are_accepted(profile):
    result = registry.run("payg", profile, {"contribution_rate": " 14,5 ", "horizon": "10"})
    assert result.series["contribution_rate"][0] == 14.5


def test_defaults_follow_the_profile(make_profile):
    assert defaults(registry.get("payg"), make_profile(coverage=2.0))["coverage"] == 100
    assert defaults(registry.get("payg"))["coverage"] == 25


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path", [*sorted((ROOT / "labs" / "engine").glob("*.py")), ROOT / "labs" / "charts.py"]
)
def test_engine_and_charts_do_not_import_django(path):
    roots = {name.split(".")[0] for name in _imports(path)}
    assert not roots & {"django", "wagtail"}
    assert roots <= {"__future__", "collections", "dataclasses", "typing", "math", "numpy",
                     "hashlib", "re", "html", "labs"}  # fmt: skip
