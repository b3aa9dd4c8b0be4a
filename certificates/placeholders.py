"""The placeholders a certificate template's title and body may use, checked and filled."""

from string import Formatter

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = {
    "learner_name": _("the learner's name as issued"),
    "course_title": _("the course title"),
    "date": _("the date of issue"),
    "hours": _("the hours of learning"),
    "grade": _("the final grade"),
    "issuer": _("the issuing organisation"),
    "code": _("the verification code"),
}


def placeholders_help() -> str:
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def placeholders_check(text: str) -> None:
    """Raise ValidationError naming every placeholder that is unknown or malformed."""
    try:
        parsed = list(Formatter().parse(text or ""))
    except ValueError:
        raise ValidationError(
            _(
                "Unbalanced braces. Use {placeholder} with a name from: %(names)s; write {{ or }} "
                "for a literal brace."
            ),
            params={"names": placeholders_help()},
            code="malformed",
        ) from None
    unknown = []
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            unknown.append(
                "{%s}"
                % (field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))
            )
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(unknown)s. Allowed: %(names)s."),
            params={"unknown": ", ".join(unknown), "names": placeholders_help()},
            code="unknown_placeholder",
        )


def placeholders_fill(text: str, values: dict) -> str:
    """HTML: the text escaped, its placeholders replaced by escaped values."""
    escaped = {name: escape(values.get(name, "")) for name in PLACEHOLDERS}
    return escape(text).format_map(escaped)
