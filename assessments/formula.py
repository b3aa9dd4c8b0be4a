"""Editors' formulas for calculated questions: checked, then evaluated with `simpleeval`.

A formula is arithmetic over the question's variables: numbers, `+ - * / **`, brackets and
the functions `min, max, round, abs, sqrt, exp, log`. Nothing else parses: no attribute
access, no strings, no comparisons, no keyword arguments, no other names. The syntax tree is
checked before `simpleeval` sees the formula, and `**` works on floats (`math.pow`), so
`9 ** 9 ** 9` overflows at once instead of building a huge integer.

Pure Python; messages are translated when raised (they reach the editor's form).
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Mapping

from django.utils.translation import gettext as _
from simpleeval import InvalidExpression, SimpleEval

MAX_LENGTH = 300
MAX_NODES = 200


def _round(value, digits=0):
    digits = int(digits)
    if not 0 <= digits <= 10:
        raise ValueError("round() takes 0 to 10 digits")
    return round(float(value), digits)


def _pow(base, exponent):
    return math.pow(float(base), float(exponent))


def _min(*values):
    return min(float(v) for v in values)


def _max(*values):
    return max(float(v) for v in values)


FUNCTIONS = {
    "min": _min,
    "max": _max,
    "round": _round,
    "abs": abs,
    "sqrt": math.sqrt,
    "exp": math.exp,
    "log": math.log,
}
# How many values each function takes (min and max: two or more).
ARITY = {"min": (2, 20), "max": (2, 20), "round": (1, 2), "abs": (1, 1)}
ARITY.update({name: (1, 1) for name in ("sqrt", "exp", "log")})

OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: _pow,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}
_ALLOWED: tuple[type[ast.AST], ...] = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Constant,
    ast.Name,
    ast.Call,
    ast.Load,
    *OPERATORS,
)


class FormulaError(ValueError):
    """A formula that cannot be used; the message is for the editor."""


def _forbidden() -> FormulaError:
    return FormulaError(
        _(
            "Use only numbers, variables, + - * / **, brackets and the functions "
            "min, max, round, abs, sqrt, exp and log."
        )
    )


def _check_node(node: ast.AST, names: set[str]) -> None:
    if not isinstance(node, _ALLOWED):
        raise _forbidden()
    if isinstance(node, ast.Constant) and (
        isinstance(node.value, bool) or not isinstance(node.value, int | float)
    ):
        raise _forbidden()
    if isinstance(node, ast.Name) and node.id not in names:
        raise FormulaError(
            _("The formula uses %(name)s, which is no variable.") % {"name": node.id}
        )
    if isinstance(node, ast.Call):
        func = node.func.id if isinstance(node.func, ast.Name) else ""
        if func not in FUNCTIONS or node.keywords:
            raise _forbidden()
        low, high = ARITY[func]
        if not low <= len(node.args) <= high:
            raise FormulaError(
                _("%(function)s() takes from %(low)s to %(high)s values.")
                % {"function": func, "low": low, "high": high}
            )


def check(formula: str, names: set[str]) -> ast.Expression:
    """The formula's syntax tree if it is allowed arithmetic over `names`; FormulaError if not."""
    text = (formula or "").strip()
    if not text:
        raise FormulaError(_("Write the formula that computes the answer."))
    if len(text) > MAX_LENGTH:
        raise FormulaError(_("Keep the formula under %(n)s characters.") % {"n": MAX_LENGTH})
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise FormulaError(_("The formula cannot be read; check its brackets and signs.")) from exc
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise FormulaError(_("The formula is too long."))
    # A called function's name is checked with its call, not as a variable.
    functions = {id(n.func) for n in nodes if isinstance(n, ast.Call)}
    for node in nodes:
        if id(node) not in functions:
            _check_node(node, names)
    return tree


def evaluate(formula: str, values: Mapping[str, float]) -> float:
    """The formula's value for these variables; FormulaError (with the reason) if it fails or
    is not a finite number."""
    check(formula, set(values))
    evaluator = SimpleEval(
        operators=OPERATORS, functions=FUNCTIONS, names={k: float(v) for k, v in values.items()}
    )
    try:
        result = evaluator.eval(formula.strip())
        number = float(result)
    except ZeroDivisionError as exc:
        raise FormulaError(_("it divides by zero")) from exc
    except OverflowError as exc:
        raise FormulaError(_("it gives a number too large to use")) from exc
    except (ValueError, ArithmeticError) as exc:
        raise FormulaError(
            _("it is undefined there (a square root or logarithm of a negative number?)")
        ) from exc
    except (TypeError, InvalidExpression) as exc:  # pragma: no cover - check() rules these out
        raise _forbidden() from exc
    if not math.isfinite(number):
        raise FormulaError(_("it gives a number too large to use"))
    return number
