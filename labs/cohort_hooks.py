"""What labs adds to the admin and to other apps through their hooks: the country-profile
snippets, lab tasks in the cohorts' progress matrix, and the learner's scenarios and task
results in the personal-data archive and erasure. Imported by labs/wagtail_hooks.py."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .personal_data import personal_data_export as export
from .personal_data import user_erasing as erase
from .profiles import LabsSnippets
from .trainer import task_items, task_scores

register_snippet(LabsSnippets)


@hooks.register("cohort_step_scores")
def lab_task_scores_for_cohorts(*, user_ids, step_ids):
    """A lesson with graded model exercises: the share of its tasks the learner passed (%),
    for learners who tried at least one (cohorts' progress matrix)."""
    return task_scores(user_ids=user_ids, step_ids=step_ids)


@hooks.register("cohort_graded_items")
def lab_tasks_for_gradebooks(*, course_id, step_ids, user_ids):
    """Each graded model task as a column of cohorts' gradebooks."""
    return task_items(course_id=course_id, step_ids=step_ids, user_ids=user_ids)


@hooks.register("personal_data_export")
def personal_data_export(*, user):
    return export(user=user)


@hooks.register("user_erasing")
def user_erasing(*, user):
    return erase(user=user)
