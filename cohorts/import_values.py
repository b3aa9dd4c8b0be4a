"""Reading one imported cell: a choice written in any of the platform's languages, and the
difference between a formula and text that merely starts like one.

Pure functions: the parser (cohorts/importing.py) calls them for each row.
"""

import re
import unicodedata
from functools import cache

from django.conf import settings
from django.db.models import TextChoices
from django.utils import translation


def fold(value: str) -> str:
    """A cell as it is compared: case, accents, punctuation and spacing set aside
    ("Institution de Sécurité-Sociale" and "institution de securite sociale" are one)."""
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[\W_]+", " ", bare.casefold()).split())


@cache
def _choice_index(choices: type[TextChoices]) -> dict[str, str]:
    """Every spelling of each choice: its code and its label in every offered language.

    The trainer's file does not follow the interface's language (a French interface and an
    English spreadsheet are common), so all languages are accepted whatever is active. A
    spelling that two choices share is dropped rather than guessed."""
    index: dict[str, str] = {}
    shared: set[str] = set()
    for value, label in choices.choices:
        spellings = {fold(str(value))}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                spellings.add(fold(str(label)))
        for spelling in spellings:
            if index.setdefault(spelling, value) != value:
                shared.add(spelling)
    for spelling in shared:
        del index[spelling]
    index.pop("", None)
    return index


def lookup_choice(value: str, choices: type[TextChoices]) -> str | None:
    """The choice's code for a cell holding its code or label in any language, else None."""
    return _choice_index(choices).get(fold(value))


# After a leading "+", "-" or "@", what makes a spreadsheet program run the cell: a function
# call, a DDE pipe or another sheet's reference, a cell reference, or arithmetic on numbers.
_FORMULA_BODY = re.compile(
    r"""
      [A-Za-z_][\w.]*\(
    | [|!]
    | ^\s*\$?[A-Za-z]{1,3}\$?\d+\b
    | ^\s*[\d.,]+\s*[-+*/^&%<>=]
    """,
    re.VERBOSE,
)


def is_real_formula(value: str) -> bool:
    """A cell that would run as a formula, not text such as "@SASSA" or "+Office".

    Such text is kept: the exports quote every cell starting with a formula character
    (learning.spreadsheets.neutralise). "=..." is always refused, as are tabs and carriage
    returns in front."""
    if not value:
        return False
    if value[0] in "=\t\r":
        return True
    if value[0] in "+-@":
        return bool(_FORMULA_BODY.search(value[1:]))
    return False
