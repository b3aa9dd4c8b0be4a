"""`{% zoned_time moment zone %}`: a time of a cohort in the zone chosen by cohorts/zones.py,
with the zone named, in a <time> element that carries the instant with its offset."""

from django import template
from django.utils.html import format_html

from ..zones import format_in

register = template.Library()


@register.simple_tag
def zoned_time(moment, zone, fmt: str = "DATETIME_FORMAT"):
    if not moment:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        moment.astimezone(zone).isoformat(),
        format_in(moment, zone, fmt),
    )
