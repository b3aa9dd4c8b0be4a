"""Template tags of the assessments app."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def h5p_latest_result(context, package):
    """The learner's latest self-reported result for an H5P package, or None."""
    request = context.get("request")
    if request is None or package is None:
        return None
    return selectors.h5p_latest_result(user=request.user, package=package)
