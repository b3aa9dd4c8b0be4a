"""Which required H5P activities a learner has passed: per lesson and per course, counting
the packages a lesson's translations place in the same required block."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import LessonPage
from learning.locales import source_page

from .h5p.blocks import H5P_BLOCK
from .models import H5PResult


def _passing():
    """A self-reported result passes with success, or with full marks when it does not say."""
    return Q(success=True) | Q(success__isnull=True, scaled__gte=1)


def h5p_passed_pairs(*, user, pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of these (lesson id, package id) pairs, those the learner passed *in that lesson*.

    A result reported through another page that places the same package does not count.
    """
    if not pairs:
        return set()
    found = (
        H5PResult.objects.filter(
            user=user,
            page_id__in={page for page, _pkg in pairs},
            package_id__in={pkg for _page, pkg in pairs},
        )
        .filter(_passing())
        .values_list("page_id", "package_id")
        .distinct()
    )
    return set(found) & set(pairs)


def h5p_required_packages(page) -> list[int]:
    """Packages of the H5P activities a lesson marks "required", in body order (none for a
    page that is no lesson)."""
    required_blocks = getattr(page, "required_blocks", None)
    if required_blocks is None:
        return []
    return [value.get("package") for kind, value in required_blocks() if kind == H5P_BLOCK]


def h5p_required_choices(lesson) -> list[set[int]]:
    """For each required H5P block of the (source) lesson, the packages that satisfy it: the
    source's, and those its translations place in the same block (a translation keeps the
    block's id and may choose another package). One query when the lesson requires any."""
    required = {
        block.get("id"): {block["value"].get("package")}
        for block in getattr(getattr(lesson, "body", None), "raw_data", []) or []
        if isinstance(block, dict)
        and block.get("type") == H5P_BLOCK
        and isinstance(block.get("value"), dict)
        and block["value"].get("required")
    }
    if not required:
        return []
    for body in (
        LessonPage.objects.filter(translation_key=lesson.translation_key)
        .exclude(pk=lesson.pk)
        .values_list("body", flat=True)
    ):
        for block in body.raw_data if hasattr(body, "raw_data") else body or []:
            if isinstance(block, dict) and block.get("id") in required:
                value = block.get("value")
                if isinstance(value, dict) and isinstance(value.get("package"), int):
                    required[block["id"]].add(value["package"])
    return list(required.values())


def h5p_step_unmet(*, user, step) -> list[str]:
    """Messages for the lesson's required H5P activities the learner has not passed in it
    (in any of its languages: results are recorded on the source lesson)."""
    step = source_page(step)
    choices = h5p_required_choices(step)
    if not choices:
        return []
    pairs = {(step.pk, pkg) for packages in choices for pkg in packages}
    passed = {pkg for _page, pkg in h5p_passed_pairs(user=user, pairs=list(pairs))}
    missing = sum(1 for packages in choices if not packages & passed)
    if not missing:
        return []
    return [
        ngettext(
            "Pass the interactive activity in this lesson.",
            "Pass the %(n)s interactive activities in this lesson.",
            missing,
        )
        % {"n": missing}
    ]


def h5p_completion_unmet(*, user, course) -> list[str]:
    """Messages for H5P activities a course requires that the learner has not passed."""
    course = source_page(course)
    required: list[tuple[int, set[int], str]] = []
    lessons = (
        LessonPage.objects.live()
        .descendant_of(course)
        .only("id", "title", "body", "translation_key")
    )
    for lesson in lessons:
        # Any package a translation places in a required block passes it too.
        required.extend((lesson.pk, pkgs, lesson.title) for pkgs in h5p_required_choices(lesson))
    if not required:
        return []
    passed = h5p_passed_pairs(
        user=user, pairs=[(page, pkg) for page, pkgs, _t in required for pkg in pkgs]
    )
    return [
        _("Complete the interactive activity in “%(lesson)s”.") % {"lesson": title}
        for page, pkgs, title in required
        if not any((page, pkg) in passed for pkg in pkgs)
    ]
