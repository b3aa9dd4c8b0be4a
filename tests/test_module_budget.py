"""tools/module_budget.py, run as `make lint` runs it, on a small tree made for each test."""

import subprocess
import sys
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "module_budget.py"

CONFIG = """
[tool.module_budget]
limit = 10
paths = ["app"]
exclude = ["*/migrations/*", "*/demo.py"]

[tool.module_budget.exceptions]
"app/big.py" = 14
"""


def _module(path: Path, lines: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"x{i} = {i}\n" for i in range(lines)), encoding="utf-8")


def _run(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(TOOL), str(root)], capture_output=True, text=True, check=False
    )


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    _module(tmp_path / "app" / "small.py", 10)
    _module(tmp_path / "app" / "big.py", 14)
    _module(tmp_path / "app" / "migrations" / "0001_initial.py", 50)
    _module(tmp_path / "app" / "demo.py", 50)
    _module(tmp_path / "other" / "huge.py", 50)  # not a checked folder
    return tmp_path


def test_a_tree_within_budget_passes(tree):
    result = _run(tree)
    assert result.returncode == 0, result.stdout
    assert "within its budget" in result.stdout


def test_a_module_that_grows_past_the_budget_fails(tree):
    _module(tree / "app" / "small.py", 11)
    result = _run(tree)
    assert result.returncode == 1
    assert "app/small.py: 11 lines, over the budget of 10" in result.stdout


def test_a_new_module_in_a_subpackage_is_checked(tree):
    _module(tree / "app" / "views" / "trainer.py", 30)
    result = _run(tree)
    assert result.returncode == 1
    assert "app/views/trainer.py: 30 lines" in result.stdout


def test_an_exception_may_not_grow_past_its_ceiling(tree):
    _module(tree / "app" / "big.py", 15)
    result = _run(tree)
    assert result.returncode == 1
    assert "app/big.py: 15 lines, over its ceiling of 14" in result.stdout


def test_an_exception_may_shrink(tree):
    _module(tree / "app" / "big.py", 12)
    assert _run(tree).returncode == 0


def test_an_exception_back_within_budget_must_leave_the_list(tree):
    _module(tree / "app" / "big.py", 9)
    result = _run(tree)
    assert result.returncode == 1
    assert "app/big.py: 9 lines, back within 10: drop it" in result.stdout


def test_an_exception_whose_module_is_gone_must_leave_the_list(tree):
    (tree / "app" / "big.py").unlink()
    result = _run(tree)
    assert result.returncode == 1
    assert "app/big.py: listed as an exception but gone" in result.stdout
