"""The course outline as rows of data for `courses/includes/outline_module.html`, and each
module rendered from them, from the cache.

The markup lives in the template; only the per-step decisions (done, locked or to do; linked
or not; "10 min · optional") are made here, once per step, because the template engine's cost
grows with the tags it evaluates per step and a course may hold 200 steps. A module's HTML
depends only on its row and the interface language, so it is cached under a digest of both:
learners at the same point of a module share it, and a learner who completes a step misses
the cache for that one module. Figures: docs/decisions/courses-routing.md.
"""

import hashlib
from typing import TypedDict

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# In the keys: bumped whenever outline_module.html or the rows change.
KEY_VERSION = 1

# Dictionaries rather than objects: the template engine tries a key before an attribute, and
# the failed key costs an exception per variable (a tenth of the outline's time here).


class StepRow(TypedDict):
    title: str
    url: str  # empty: not linked (not enrolled, or locked)
    state: str  # "done", "locked" or "todo"
    detail: str


class ModuleRow(TypedDict):
    pk: int
    title: str
    summary: str
    locked_reason: str
    steps: list[StepRow]


def outline_rows(outline, progress) -> list[ModuleRow]:
    enrolled = progress.enrollment is not None
    details: dict[tuple[int, bool], str] = {}
    rows = []
    for module in outline.modules:
        steps = []
        for step in module.steps:
            if step.pk in progress.completed_step_ids:
                state = "done"
            elif step.pk in progress.locked_step_ids:
                state = "locked"
            else:
                state = "todo"
            key = (step.estimated_minutes, step.is_required)
            if key not in details:
                detail = _("%(minutes)s min") % {"minutes": step.estimated_minutes}
                details[key] = detail if step.is_required else f"{detail} · {_('optional')}"
            url = step.url if enrolled and state != "locked" else ""
            steps.append(StepRow(title=step.title, url=url, state=state, detail=details[key]))
        rows.append(
            ModuleRow(
                pk=module.pk,
                title=module.title,
                summary=module.summary,
                locked_reason=progress.module_locks.get(module.pk, ""),
                steps=steps,
            )
        )
    return rows


def outline_modules_html(rows: list[ModuleRow]) -> list[SafeString]:
    """Each module of the outline as HTML: one cache read for all of them, and the template
    rendered only for the modules missing from the cache."""
    language = get_language() or ""
    keys = [_module_key(row, language) for row in rows]
    found = cache.get_many(keys)
    missing = {}
    for key, row in zip(keys, rows, strict=True):
        if key not in found:
            missing[key] = found[key] = render_to_string(
                "courses/includes/outline_module.html",
                {"module": row, "done_label": _("Completed:"), "locked_label": _("Locked:")},
            )
    if missing:
        cache.set_many(missing, 3600)
    return [mark_safe(found[key]) for key in keys]  # noqa: S308 - rendered by the template


def _module_key(row: ModuleRow, language: str) -> str:
    """The cache key of a module's HTML: everything it shows (the row) and the language its
    labels are in."""
    digest = hashlib.sha256(repr((language, row)).encode()).hexdigest()
    return f"courses:outline-module:v{KEY_VERSION}:{digest}"
