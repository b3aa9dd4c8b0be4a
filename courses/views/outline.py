"""The course outline as rows of data for `courses/includes/outline_module.html`.

The markup lives in the template; only the per-step decisions (done, locked or to do; linked
or not; "10 min · optional") are made here, once per step, because the template engine's cost
grows with the tags it evaluates per step and a course may hold 200 steps. Figures:
docs/decisions/courses-routing.md.
"""

from typing import TypedDict

from django.utils.translation import gettext as _

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
