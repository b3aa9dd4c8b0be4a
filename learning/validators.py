"""Validators shared by every app: one definition each, so that a form, a model and a service
refuse the same values with the same message."""

import unicodedata
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Names that the system's time-zone database lists but that are not places: "localtime" and
# "posixrules" follow the server's own settings, "Factory" is a placeholder.
NOT_TIME_ZONES = frozenset({"localtime", "posixrules", "Factory"})
TIME_ZONES = tuple(sorted(zoneinfo.available_timezones() - NOT_TIME_ZONES))
_TIME_ZONE_SET = frozenset(TIME_ZONES)


def validate_time_zone(value: str) -> None:
    if value not in _TIME_ZONE_SET:
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def validate_single_line(value: str) -> None:
    """Refuse line breaks and other control characters in a one-line text (a name or a
    subject that ends up in an e-mail header, where a line break would split the header)."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in value or ""):
        raise ValidationError(
            _("Write this on one line, without line breaks or control characters."),
            code="control_characters",
        )
