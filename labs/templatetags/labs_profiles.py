"""`{% profile_sources profile as sources %}`: a country profile's sources, each with the
figure it is for, for learners (labs/includes/profile_sources.html)."""

from django import template

from ..models import CountryProfile
from ..profiles import SOURCE_LABELS

register = template.Library()


@register.simple_tag
def profile_sources(profile) -> list[tuple[str, str]]:
    """[(figure, source)] of the sources given; none for the engine's built-in profile."""
    if not isinstance(profile, CountryProfile):
        return []
    return [
        (str(label), getattr(profile, name).strip())
        for name, label in SOURCE_LABELS.items()
        if getattr(profile, name, "").strip()
    ]
