"""The model exercise's hooks (loaded by wagtail_hooks): it joins the lesson body, its
required tasks count toward course completion, and demo learners pass them by a real run."""

from wagtail import hooks

from .blocks import MODEL_EXERCISE_BLOCK, ModelExerciseBlock
from .lesson_demo import exercise_pass_for_demo
from .selectors import exercise_completion_unmet, exercise_step_unmet


@hooks.register("lesson_body_blocks")
def model_exercise_lesson_block():
    """Model exercises in lesson bodies (read once, when the lesson's StreamField is built)."""
    return [(MODEL_EXERCISE_BLOCK, ModelExerciseBlock())]


@hooks.register("course_completion_requirements")
def model_exercises_required(user, course):
    """A course may require model exercises: editors tick "required" on the lesson block."""
    return exercise_completion_unmet(user=user, course=course)


@hooks.register("step_completion_requirements")
def model_exercises_required_in_step(user, step):
    """A lesson's required model exercises: its step completes once they are passed too."""
    return exercise_step_unmet(user=user, step=step)


@hooks.register("demo_step_pass")
def pass_exercises_for_demo(*, user, step):
    """Demo data: a lesson whose required exercises are passed by a real, graded run."""
    return exercise_pass_for_demo(user=user, step=step)
