"""What every model declares, and how its assumptions are checked before it runs.

Labels and messages are English source strings marked with `gettext_noop`, so that
`makemessages` collects them; the Django side translates them when it shows them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from .profile import Profile

# Output units the Django side shows as they are, except MONEY: the profile's currency.
PERSONS = "persons"
PERCENT = "%"
YEARS = "years"
MONEY = "money"


def gettext_noop(message: str) -> str:
    """Marks a string for translation without translating it (Django is not imported here)."""
    return message


@dataclass(frozen=True)
class Param:
    """One assumption a model takes: its range bounds every run (no 10,000-year horizon)."""

    name: str
    label: str
    unit: str
    default: float
    minimum: float
    maximum: float
    step: float = 1.0
    integer: bool = False
    help: str = ""
    # A share (0-1) field of the Profile whose value, in %, is the default for this profile
    # (e.g. "coverage"); `default` is used when no profile is given. See `defaults()`.
    profile_default: str = ""


@dataclass(frozen=True)
class Output:
    """One result: a series (one value per projection year) or a scalar."""

    name: str
    label: str
    unit: str
    scalar: bool = False


@dataclass(frozen=True)
class Chart:
    """Series drawn together on one chart (they share a unit)."""

    name: str
    title: str
    outputs: tuple[str, ...]
    unit: str


@dataclass
class Result:
    years: tuple[int, ...]
    series: dict[str, tuple[float, ...]] = field(default_factory=dict)
    scalars: dict[str, float | None] = field(default_factory=dict)

    def value(self, output: str, year: int | None = None) -> float | None:
        """A scalar output, or a series' value in `year` (None outside the projection)."""
        if output in self.scalars:
            return self.scalars[output]
        values = self.series[output]
        if year is None or year not in self.years:
            return None
        return values[self.years.index(year)]


class AssumptionError(ValueError):
    """Assumptions a model refuses: `errors` maps a parameter name (or "" for the whole
    scenario) to an English message; `__str__` joins them."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.errors.items()))


class Model(Protocol):
    slug: str
    title: str
    summary: str
    params: tuple[Param, ...]
    outputs: tuple[Output, ...]
    charts: tuple[Chart, ...]

    def run(self, profile: Profile, values: Mapping[str, float]) -> Result: ...


def default_for(param: Param, profile: Profile | None = None) -> float:
    """`param`'s starting value: from the profile when it names a profile field (kept within
    the range), else its fixed default."""
    if profile is None or not param.profile_default:
        return param.default
    share = getattr(profile, param.profile_default)
    if not isinstance(share, int | float) or not math.isfinite(share):
        return param.default
    value = min(max(share * 100, param.minimum), param.maximum)
    return round(value) if param.integer else round(value, 6)


def defaults(model: Model, profile: Profile | None = None) -> dict[str, float]:
    """Every parameter's starting value for `profile` (see `default_for`)."""
    return {p.name: default_for(p, profile) for p in model.params}


def validate(
    model: Model, raw: Mapping[str, object], profile: Profile | None = None
) -> dict[str, float]:
    """Every parameter of `model` as a finite number within its range; a missing one takes its
    default (for `profile`, when given). Raises AssumptionError naming each bad parameter
    (unknown names are refused)."""
    errors: dict[str, str] = {}
    known = {p.name for p in model.params}
    for name in raw:
        if name not in known:
            errors[name] = gettext_noop("This model has no such assumption.")
    values: dict[str, float] = {}
    for p in model.params:
        value = raw.get(p.name, default_for(p, profile))
        try:
            number = float(str(value).strip().replace(",", ".")) if value != "" else math.nan
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            errors[p.name] = gettext_noop("Enter a number.")
        elif not p.minimum <= number <= p.maximum:
            errors[p.name] = gettext_noop("Enter a value between the minimum and the maximum.")
        elif p.integer and number != int(number):
            errors[p.name] = gettext_noop("Enter a whole number.")
        else:
            values[p.name] = int(number) if p.integer else number
    if errors:
        raise AssumptionError(errors)
    return values


@dataclass
class FunctionModel:
    """A `Model` whose arithmetic is one function `compute(profile, values) -> Result`."""

    slug: str
    title: str
    summary: str
    params: tuple[Param, ...]
    outputs: tuple[Output, ...]
    charts: tuple[Chart, ...]
    compute: Callable[[Profile, Mapping[str, float]], Result]

    def run(self, profile: Profile, values: Mapping[str, float]) -> Result:
        result = self.compute(profile, values)
        check_finite(result)
        return result


def check_finite(result: Result) -> None:
    """No NaN or infinity leaves a model: AssumptionError instead."""
    numbers = [v for values in result.series.values() for v in values]
    numbers += [v for v in result.scalars.values() if v is not None]
    if not all(math.isfinite(v) for v in numbers):
        raise AssumptionError(
            {"": gettext_noop("These assumptions give numbers too large to compute.")}
        )
