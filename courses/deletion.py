"""Deleting a source page must not silently take learners' records or translations with it.

Records (enrolments, step progress, reflections) point at the source page and cascade with
it; wagtail-localize's translations would be left without a source. An editor who deletes
such a page gets a clear message instead and can unpublish it (docs/decisions/
learning-translating-content.md)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from learning.locales import is_source

from .models import Enrollment, Reflection, StepProgress


def page_delete_refusal(page: Page) -> str:
    """Why `page` (with its subpages) may not be deleted; empty when it may."""
    if not is_source(page):
        return ""
    subtree = Page.objects.filter(path__startswith=page.path, depth__gte=page.depth)
    ids = subtree.values("pk")
    has_records = (
        Enrollment.objects.filter(course_id__in=ids).exists()
        or StepProgress.objects.filter(Q(step_id__in=ids) | Q(course_id__in=ids)).exists()
        or Reflection.objects.filter(lesson_id__in=ids).exists()
    )
    if has_records:
        return _(
            "“%(title)s” cannot be deleted: learners have records on it or its subpages. "
            "Unpublish it instead."
        ) % {"title": page.title}
    translated = (
        Page.objects.filter(translation_key__in=subtree.values("translation_key"), live=True)
        .exclude(locale_id=page.locale_id)
        .filter(alias_of__isnull=True)
        .exists()
    )
    if translated:
        return _(
            "“%(title)s” cannot be deleted: it or a subpage has published translations. "
            "Unpublish or delete the translations first."
        ) % {"title": page.title}
    return ""
