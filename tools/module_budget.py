"""Check that no Python module grows past the line budget (400 lines by default).

A module that grows past about 400 lines becomes a package (docs/architecture.md). The
budget, the folders checked, what is left out (migrations, demo content) and today's
exceptions, each with the ceiling it may not pass, are read from `[tool.module_budget]` in
the pyproject.toml of the folder checked. Exceptions can only shrink: one over its ceiling
fails, and so does one that is back under the budget or gone (drop it from the list).

    python tools/module_budget.py [ROOT]

Standard library only, so that it runs before anything is installed. Exit status 1 and one
line per problem when a check fails.
"""

from __future__ import annotations

import fnmatch
import sys
import tomllib
from pathlib import Path


def _lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _line in f)


def check(root: Path) -> list[str]:
    """The problems found under `root` (empty when the budget holds)."""
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    budget = config.get("tool", {}).get("module_budget", {})
    limit = int(budget.get("limit", 400))
    excluded = list(budget.get("exclude", []))
    exceptions = {str(k): int(v) for k, v in budget.get("exceptions", {}).items()}
    problems = []
    for folder in budget.get("paths", []):
        for path in sorted((root / folder).rglob("*.py")):
            name = path.relative_to(root).as_posix()
            if any(fnmatch.fnmatch(name, pattern) for pattern in excluded):
                continue
            size = _lines(path)
            ceiling = exceptions.get(name, limit)
            if size > ceiling:
                kind = "its ceiling" if name in exceptions else "the budget"
                problems.append(
                    f"{name}: {size} lines, over {kind} of {ceiling}: split it into a package"
                )
    for name in sorted(exceptions):
        path = root / name
        if not path.is_file():
            problems.append(f"{name}: listed as an exception but gone: drop it from the list")
        elif _lines(path) <= limit:
            problems.append(
                f"{name}: {_lines(path)} lines, back within {limit}: drop it from the exceptions"
            )
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else ".").resolve()
    problems = check(root)
    for problem in problems:
        print(problem)
    if not problems:
        print("module budget: every module within its budget")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
