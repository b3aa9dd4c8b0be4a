"""Demo courses: the three course families, written from public facts for real teaching.

`load(*, stdout)` is idempotent: every page is looked up by its slug under its parent and
created (and published) only when missing; existing pages are never changed. The content is
in Markdown files under `content/en/` (read by `files.py`; the format is in
docs/decisions/courses-demo-content-files.md); the builder below is short.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from wagtail import hooks

from casestudies.models import CaseStudyPage
from learning.demo import home_page_ensure

from ..models import CourseIndexPage, CoursePage, LessonPage, ModulePage, Topic
from ..services import step_complete
from . import files
from .translations import load_translations

__all__ = ["load", "load_translations", "step_finish_for_demo"]

# Lessons that cite a demo case study (casestudies.demo runs first): lesson slug -> cases.
CITATIONS = {
    "the-coverage-gap": [
        ("china-pension-coverage-expansion", "How a very large country extended old-age coverage."),
    ],
    "registries-and-beneficiary-management": [
        ("openimis-open-source-insurance-management", "Open-source beneficiary management in use."),
    ],
    "identity-payments-and-interoperability": [
        ("rwanda-digital-backbone-social-protection", "A national digital backbone in practice."),
    ],
}


def _child(parent, model, fields):
    """The child of `parent` with `fields["slug"]`; created and published only if missing."""
    page = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if page is not None:
        return page, False
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _topic(fields):
    found = Topic.objects.filter(Q(slug=fields["slug"]) | Q(name=fields["name"])).first()
    return found or Topic.objects.create(**fields)


@transaction.atomic
def load(*, stdout) -> None:
    topics = {fields["slug"]: _topic(fields) for fields in files.read_topics()}
    index_fields, course_folders = files.read_index()
    index, _ = _child(home_page_ensure(), CourseIndexPage, index_fields)
    for data in files.read_courses(course_folders):
        fields = {**data.fields, "topic": topics[data.topic]}
        course, created = _child(index, CoursePage, fields)
        added = 0
        for module_data in data.modules:
            module, new = _child(course, ModulePage, module_data.fields)
            added += new
            for lesson_fields in module_data.lessons:
                added += _child(module, LessonPage, lesson_fields)[1]
        status = "created" if created else f"{added} missing pages added" if added else "unchanged"
        stdout.write(f"Course {course.title!r}: {status}.")
    _cite_case_studies(index)


def _cite_case_studies(index) -> None:
    """Add the case-study cards of CITATIONS to lessons that have none yet (idempotent)."""
    for lesson in LessonPage.objects.descendant_of(index).filter(slug__in=CITATIONS):
        if any(block.block_type == "case_study" for block in lesson.body):
            continue
        cases = {
            c.slug: c
            for c in CaseStudyPage.objects.live().filter(
                slug__in=[slug for slug, _ in CITATIONS[lesson.slug]]
            )
        }
        blocks = [
            ("case_study", {"case_study": cases[slug], "note": note})
            for slug, note in CITATIONS[lesson.slug]
            if slug in cases
        ]
        if blocks:
            for block in blocks:
                lesson.body.append(block)
            lesson.save_revision().publish()


def step_finish_for_demo(*, user, step) -> bool:
    """Finish one step for a demo learner the way a learner would; False if it cannot be.

    A step that completes through its own result (a quiz) is passed by the app that owns it,
    through the `demo_step_pass` hook (`fn(user=, step=) -> bool | None`); the others are
    marked complete. Never a shortcut: demo certificates are earned like real ones.
    """
    step = step.specific
    try:
        if not step.completes_through_own_result():
            step_complete(user=user, step=step)
            return True
        # Every app passes its own activities (a lesson may require several kinds).
        outcomes = [fn(user=user, step=step) for fn in hooks.get_hooks("demo_step_pass")]
        return True in outcomes and False not in outcomes
    except (PermissionDenied, ValidationError):
        return False
