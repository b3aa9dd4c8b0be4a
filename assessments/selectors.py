"""Reads of the assessments app: who may see what, results for the dashboard."""

from __future__ import annotations

from wagtail.fields import StreamField
from wagtail.models import Page

from .models import H5PPackage, H5PResult, H5PState

H5P_BLOCK = "h5p"


def _walk_for_package(data, package_id: int) -> bool:
    if isinstance(data, dict):
        if data.get("type") == H5P_BLOCK:
            value = data.get("value")
            if isinstance(value, dict) and value.get("package") == package_id:
                return True
        return any(_walk_for_package(v, package_id) for v in data.values())
    if isinstance(data, list | tuple):
        return any(_walk_for_package(v, package_id) for v in data)
    return False


def page_embeds_package(page: Page, package: H5PPackage) -> bool:
    """Does a StreamField of this (specific) page place the package in an `h5p` block?"""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            stream = getattr(page, field.name)
            raw = list(getattr(stream, "raw_data", []) or [])
            if _walk_for_package(raw, package.pk):
                return True
    return False


def h5p_page_for(*, request, package: H5PPackage, page_id: int) -> Page | None:
    """The live page that places this package, if the requester may see it; else None.

    A learner may play a package only through a page they may open: a live page that embeds
    it, whose view restrictions admit them, and (inside a course) that they may study.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        return None
    page = page.specific
    if not page_embeds_package(page, package):
        return None
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            return None
    if not _may_study(user, page):
        return None
    return page


def _may_study(user, page: Page) -> bool:
    from courses.models import CoursePage, Enrollment

    course = CoursePage.objects.ancestor_of(page, inclusive=True).first()
    if course is None:
        return True
    if user.has_perm("wagtailadmin.access_admin") or user.has_perm("assessments.view_itemanalysis"):
        return True
    return Enrollment.objects.filter(user=user, course=course).exclude(status="withdrawn").exists()


def h5p_state_for(*, user, package: H5PPackage) -> str | None:
    return (
        H5PState.objects.filter(user=user, package=package).values_list("data", flat=True).first()
    )


def h5p_latest_result(*, user, package: H5PPackage) -> H5PResult | None:
    if not user.is_authenticated:
        return None
    return H5PResult.objects.filter(user=user, package=package).first()


def h5p_results_for(*, user, limit: int = 10) -> list[H5PResult]:
    return list(H5PResult.objects.filter(user=user).select_related("package", "page")[:limit])
