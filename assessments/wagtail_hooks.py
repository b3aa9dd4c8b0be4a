"""Admin registration and extension points of the assessments app."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin_views import H5PPackageViewSet
from .demo import quiz_pass_for_demo
from .gradebook import graded_items
from .h5p.blocks import H5P_BLOCK, H5PBlock
from .models import QuizPage
from .personal_data import personal_data_export as export
from .personal_data import user_erasing as erase
from .selectors import (
    attempts_for_dashboard,
    h5p_completion_unmet,
    h5p_results_for,
    h5p_step_unmet,
    quiz_grades_for,
)

register_snippet(H5PPackageViewSet)


@hooks.register("lesson_body_blocks")
def h5p_lesson_block():
    """H5P activities in lesson bodies (read once, when the lesson's StreamField is built)."""

    return [(H5P_BLOCK, H5PBlock())]


@hooks.register("learner_dashboard_panels")
def assessment_results_panel(request):
    """The learner's latest quiz attempts and H5P results on /dashboard/."""
    if not request.user.is_authenticated:
        return None

    attempts = attempts_for_dashboard(user=request.user, limit=5)
    results = h5p_results_for(user=request.user, limit=5)
    if not attempts and not results:
        return None
    return {
        "template": "assessments/panels/results.html",
        "order": 40,
        "attempts": attempts,
        "h5p_results": results,
    }


@hooks.register("course_completion_requirements")
def h5p_required_activities(user, course):
    """A course may require H5P activities: editors tick "required" on the lesson block."""
    return h5p_completion_unmet(user=user, course=course)


@hooks.register("step_completion_requirements")
def h5p_required_in_step(user, step):
    """A lesson's required H5P activities: its step completes once they are passed too."""
    return h5p_step_unmet(user=user, step=step)


@hooks.register("cohort_step_scores")
def quiz_scores_for_cohorts(*, user_ids, step_ids):
    return quiz_grades_for(user_ids=user_ids, step_ids=step_ids)


@hooks.register("programme_quiz_scores")
def quiz_scores_for_programmes(*, user_ids, step_ids):
    """Programme reports average quiz grades only (not lab tasks): the same grades as the
    cohorts' progress matrix, for the steps that are quizzes."""
    return quiz_grades_for(user_ids=user_ids, step_ids=step_ids)


@hooks.register("demo_step_pass")
def pass_quiz_for_demo(*, user, step):
    """Demo data: a quiz step is finished by a real, fully right attempt."""
    if isinstance(step, QuizPage):
        return quiz_pass_for_demo(user=user, quiz=step)
    return None


@hooks.register("personal_data_export")
def personal_data_export(*, user):
    return export(user=user)


@hooks.register("user_erasing")
def user_erasing(*, user):
    return erase(user=user)


@hooks.register("cohort_graded_items")
def graded_items_for_cohorts(*, course_id, step_ids, user_ids):
    """Quizzes (by their grading method) and required H5P activities in cohorts' gradebooks."""
    return graded_items(course_id=course_id, step_ids=step_ids, user_ids=user_ids)
