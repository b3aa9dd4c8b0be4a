"""Template tags of the site shell about languages."""

from django import template

from ..shown_language import shown_language

register = template.Library()


@register.simple_tag
def content_language(page):
    """`{% content_language page as content_lang %}`: the language `page`'s content is shown
    in (code, dir, falls_back, name, interface_name), or None when there is no page."""
    return shown_language(page)
