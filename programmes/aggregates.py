"""Programme figures from facts: filters, breakdowns by one dimension, and the suppression of
small groups (docs/decisions/programmes-partner-reports.md).

A group of fewer than MIN_GROUP people is suppressed, and so is its complement: while the
suppressed groups of a table are a single group, or together still fewer than MIN_GROUP people,
the smallest group still shown is suppressed too. Each table shows its total, so one hidden
group would be the total minus the others. A table whose total is under MIN_GROUP shows nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django_countries import countries

from casestudies.regions import Region
from learning.models import OrganisationType, Sex

from .reporting import Fact, not_given

MIN_GROUP = 5
DIMENSIONS = ("country", "region", "sex", "organisation_type", "year")
METRICS = ("enrolments", "completed", "certified", "attended")


def dimension_labels() -> dict[str, str]:
    return {
        "country": _("Country"),
        "region": _("Region"),
        "sex": _("Sex"),
        "organisation_type": _("Type of organisation"),
        "year": _("Year"),
    }


def value_labels() -> dict[str, Callable[[str], str]]:
    """For each dimension, the label of a stored value ("" is "Not given")."""
    names = {
        "country": {code: str(name) for code, name in countries},
        "region": {k: str(v) for k, v in Region.choices},
        "sex": {k: str(v) for k, v in Sex.choices},
        "organisation_type": {k: str(v) for k, v in OrganisationType.choices},
    }
    missing = not_given()

    def lookup(dimension):
        table = names.get(dimension)
        if table is None:
            return lambda value: str(value) if value != "" else missing
        return lambda value: table.get(value, missing) if value else missing

    return {dimension: lookup(dimension) for dimension in DIMENSIONS}


@dataclass
class Group:
    key: str
    label: str
    people: int = 0
    enrolments: int = 0
    completed: int = 0
    certified: int = 0
    attended: int = 0
    quiz: float | None = None  # the mean of the learners' average grades (%)
    quiz_people: int = 0
    suppressed: bool = False

    @property
    def quiz_shown(self) -> float | None:
        """The average quiz grade, unless fewer than MIN_GROUP people's grades make it."""
        if self.suppressed or self.quiz is None or self.quiz_people < MIN_GROUP:
            return None
        return round(self.quiz, 1)


@dataclass
class Breakdown:
    dimension: str
    label: str
    groups: list[Group] = field(default_factory=list)


def group_of(key: str, label: str, facts: Iterable[Fact]) -> Group:
    group = Group(key=key, label=label)
    people: set[int] = set()
    scored: dict[int, list[float]] = {}
    for fact in facts:
        people.add(fact.user_id)
        group.enrolments += 1
        group.completed += fact.completed
        group.certified += fact.certified
        group.attended += fact.attended
        if fact.quiz is not None:
            scored.setdefault(fact.user_id, []).append(fact.quiz)
    group.people = len(people)
    group.quiz_people = len(scored)
    if scored:
        group.quiz = sum(sum(v) / len(v) for v in scored.values()) / len(scored)
    return group


def suppress(groups: list[Group]) -> None:
    """Mark the small groups and their complements (see the module's docstring)."""
    hidden = [g for g in groups if 0 < g.people < MIN_GROUP]
    shown = sorted((g for g in groups if g not in hidden), key=lambda g: (g.people, g.label))
    while hidden and (len(hidden) == 1 or sum(g.people for g in hidden) < MIN_GROUP) and shown:
        hidden.append(shown.pop(0))
    for g in hidden:
        g.suppressed = True


def filter_facts(facts: list[Fact], filters: dict[str, str]) -> list[Fact]:
    """The facts matching every filter (dimension -> stored value, as text)."""
    active = {k: v for k, v in filters.items() if k in DIMENSIONS and v not in (None, "")}
    return [f for f in facts if all(str(getattr(f, k)) == str(v) for k, v in active.items())]


def breakdown(facts: list[Fact], dimension: str, label_of: Callable[[str], str]) -> Breakdown:
    buckets: dict[str, list[Fact]] = {}
    for fact in facts:
        buckets.setdefault(str(getattr(fact, dimension)), []).append(fact)
    groups = [group_of(key, label_of(key), rows) for key, rows in buckets.items()]
    if dimension == "year":
        groups.sort(key=lambda g: g.key)
    else:
        groups.sort(key=lambda g: (-g.people, g.label))
    suppress(groups)
    return Breakdown(dimension, dimension_labels()[dimension], groups)


@dataclass
class Report:
    total: Group
    breakdowns: list[Breakdown]
    too_small: bool  # fewer than MIN_GROUP people after the filters: nothing is shown

    @property
    def min_group(self) -> int:
        return MIN_GROUP


def programme_report(facts: list[Fact], filters: dict[str, str] | None = None) -> Report:
    facts = filter_facts(facts, filters or {})
    total = group_of("", _("All participants"), facts)
    if total.people < MIN_GROUP:
        total.suppressed = True
        return Report(total=total, breakdowns=[], too_small=True)
    labels = value_labels()
    return Report(
        total=total,
        breakdowns=[breakdown(facts, d, labels[d]) for d in DIMENSIONS],
        too_small=False,
    )


def filter_choices(facts: list[Fact]) -> dict[str, list[tuple[str, str]]]:
    """The values present in the programme, for the filter form: (stored value, label)."""
    labels = value_labels()
    choices = {}
    for dimension in DIMENSIONS:
        values = {str(getattr(f, dimension)) for f in facts}
        pairs = [(v, labels[dimension](v)) for v in values if v]
        choices[dimension] = sorted(pairs, key=lambda p: p[0] if dimension == "year" else p[1])
    return choices
