"""The editor's checks of a calculated question (its block's `clean()`).

Each problem gets a message on its field: a bad or repeated variable name, a range with no
value, a placeholder that names no variable, a formula that does not parse or uses what is
not allowed, a model, output, year or assumption the engine does not know, and an answer that
cannot be computed at the corners of the ranges (a division by zero, a model refusing the
values). A draw inside the ranges can still fail; attempts then draw again
(`calculated.draw`).
"""

from __future__ import annotations

import itertools
import keyword
import re
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from labs.engine import registry

from .calculated import (
    FORMULA,
    MODEL,
    PLACEHOLDER,
    Calculation,
    CalculationError,
    answer_for,
    calculation_from_block,
)
from .formula import FUNCTIONS, FormulaError, check

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,29}$")
RESERVED = set(FUNCTIONS) | set(keyword.kwlist)
# Corners tried at most: every corner when there are few, else the lowest and highest values
# of all variables together; the middle of the ranges always.
FORMULA_CORNERS = 1024
MODEL_CORNERS = 8


def _source(rich) -> str:
    return getattr(rich, "source", rich) or ""


def _variable_errors(calc: Calculation) -> list[str]:
    problems = []
    seen: set[str] = set()
    for v in calc.variables:
        if not NAME.match(v.name) or v.name in RESERVED:
            problems.append(
                _(
                    "“%(name)s” cannot name a variable: use letters, digits and _, starting "
                    "with a letter (not a function name such as min or log)."
                )
                % {"name": v.name}
            )
        elif v.name in seen:
            problems.append(_("Two variables are called %(name)s.") % {"name": v.name})
        seen.add(v.name)
        if v.minimum > v.maximum:
            problems.append(_("The minimum of %(name)s is above its maximum.") % {"name": v.name})
        elif v.steps()[0] > v.steps()[1]:
            problems.append(
                _("No value with %(n)s decimals lies between the minimum and maximum of %(name)s.")
                % {"n": v.decimals, "name": v.name}
            )
    return problems


def _placeholder_errors(value, names: set[str]) -> dict[str, str]:
    errors = {}
    shown = set()
    for field in ("prompt", "explanation"):
        found = PLACEHOLDER.findall(_source(value.get(field)))
        shown |= set(found)
        unknown = sorted(set(found) - names)
        if unknown:
            errors[field] = _("{%(name)s} names no variable.") % {"name": unknown[0]}
    hidden = sorted(names - set(PLACEHOLDER.findall(_source(value.get("prompt")))))
    if hidden and "prompt" not in errors:
        errors["prompt"] = _(
            "Show every variable in the question: write {%(name)s} where its value goes."
        ) % {"name": hidden[0]}
    return errors


def _model_errors(calc: Calculation) -> dict[str, str]:
    model = registry.MODELS.get(calc.model)
    if model is None:
        return {"model": _("Choose the model that computes the answer.")}
    errors = {}
    outputs = {o.name: o for o in model.outputs}
    output = outputs.get(calc.output)
    if output is None:
        errors["output"] = _("This model has no output “%(name)s”. Its outputs: %(names)s.") % {
            "name": calc.output,
            "names": ", ".join(outputs),
        }
    elif not output.scalar and calc.year is None:
        errors["year"] = _("Give the year whose value is the answer.")
    params = {p.name for p in model.params}
    problems = []
    seen: set[str] = set()
    for assumption, variable, fixed in calc.inputs:
        if assumption not in params:
            problems.append(
                _("The model has no assumption “%(name)s”. Its assumptions: %(names)s.")
                % {"name": assumption, "names": ", ".join(sorted(params))}
            )
        elif assumption in seen:
            problems.append(_("%(name)s is given twice.") % {"name": assumption})
        seen.add(assumption)
        if bool(variable) == (fixed is not None):
            problems.append(
                _("Give %(name)s either a variable or a fixed value.") % {"name": assumption}
            )
        elif variable and variable not in calc.names:
            problems.append(_("%(name)s is no variable.") % {"name": variable})
    if problems:
        errors["assumptions"] = " ".join(problems)
    return errors


def corners(calc: Calculation) -> list[dict[str, Decimal]]:
    """The values the editor's check computes the answer for."""
    ends = []
    for v in calc.variables:
        low, high = v.steps()
        ends.append((v.name, v.value(low), v.value(high), v.value((low + high) // 2)))
    budget = MODEL_CORNERS if calc.source == MODEL else FORMULA_CORNERS
    if 2 ** len(ends) <= budget:
        found = [
            dict(zip([e[0] for e in ends], combo, strict=True))
            for combo in itertools.product(*[(e[1], e[2]) for e in ends])
        ]
    else:
        found = [{e[0]: e[1] for e in ends}, {e[0]: e[2] for e in ends}]
    found.append({e[0]: e[3] for e in ends})
    return found


def _corner_error(calc: Calculation) -> str:
    decimals = {v.name: v.decimals for v in calc.variables}
    for values in corners(calc):
        try:
            answer_for(calc, values)
        except CalculationError as exc:
            shown = ", ".join(
                f"{name} = {number_format(value, decimal_pos=decimals[name])}"
                for name, value in values.items()
            )
            return _("With %(values)s the answer cannot be computed: %(reason)s.") % {
                "values": shown,
                "reason": exc,
            }
    return ""


def block_errors(value) -> dict[str, str]:
    """Messages by field name for a calculated block's value; empty when it is sound."""
    calc = calculation_from_block(value)
    errors: dict[str, str] = {}
    problems = _variable_errors(calc)
    if problems:
        errors["variables"] = " ".join(problems)
    errors.update(_placeholder_errors(value, calc.names))
    if calc.source == FORMULA:
        try:
            check(calc.formula, calc.names)
        except FormulaError as exc:
            errors["formula"] = str(exc)
    else:
        errors.update(_model_errors(calc))
    if not errors:
        problem = _corner_error(calc)
        if problem:
            errors["formula" if calc.source == FORMULA else "assumptions"] = problem
    return errors
