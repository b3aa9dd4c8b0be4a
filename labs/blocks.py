"""The "model exercise" block of a lesson's body (courses' `lesson_body_blocks` hook).

The editor picks a model, sets the starting assumptions (the rest keep the model's defaults),
says which ones the learner may change and within what range, and may set a graded task. The
block's admin form checks all of it against the chosen model's own specs.

The learner-independent part (the form at the starting assumptions and their results) is
rendered once per page-tree version and language; the learner's saved scenarios and task
result are added per request (`labs/templates/labs/blocks/model_exercise.html`).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from .engine import registry
from .exercise import AT_LEAST, AT_MOST, MODEL_EXERCISE_BLOCK, TASK_ANSWER, TASK_NONE, TASK_TARGET

__all__ = ["MODEL_EXERCISE_BLOCK", "ModelExerciseBlock"]

# A task's year: projections start around today and run 50 years at most.
YEAR_MIN, YEAR_MAX = 1950, 2200


# The engine's models (labs/engine/). A static list, so that the lesson body's migration
# names no function of labs (courses may not import labs); `clean` checks the registry.
MODEL_CHOICES = [
    ("population", gettext_lazy("Population projection")),
    ("payg", gettext_lazy("Pay-as-you-go pension scheme")),
    ("social_pension", gettext_lazy("Costing a social pension")),
    ("child_benefit", gettext_lazy("Costing a child benefit")),
    ("health_premium", gettext_lazy("Health insurance premium")),
]


class AssumptionBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=gettext_lazy("Assumption"), max_length=60, help_text=gettext_lazy("Its name.")
    )
    value = blocks.FloatBlock(label=gettext_lazy("Starting value"))
    adjustable = blocks.BooleanBlock(
        label=gettext_lazy("The learner may change it"), required=False
    )
    minimum = blocks.FloatBlock(label=gettext_lazy("Learner's minimum"), required=False)
    maximum = blocks.FloatBlock(label=gettext_lazy("Learner's maximum"), required=False)

    class Meta:
        icon = "cog"
        label = gettext_lazy("Assumption")


class RequiredValueBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=gettext_lazy("Assumption"), max_length=60)
    value = blocks.FloatBlock(label=gettext_lazy("Value"))

    class Meta:
        icon = "cog"


class ModelExerciseBlock(blocks.StructBlock):
    model = blocks.ChoiceBlock(choices=MODEL_CHOICES, label=gettext_lazy("Model"))
    profile = SnippetChooserBlock(
        "labs.CountryProfile",
        label=gettext_lazy("Country profile"),
        required=False,
        help_text=gettext_lazy("The illustrative profile when empty."),
    )
    title = blocks.CharBlock(label=gettext_lazy("Title"), max_length=200)
    task = blocks.RichTextBlock(
        label=gettext_lazy("Task"),
        features=["bold", "italic", "ol", "ul", "link"],
        help_text=gettext_lazy("What the learner is asked to do."),
    )
    assumptions = blocks.ListBlock(AssumptionBlock(), label=gettext_lazy("Assumptions"))
    charts = blocks.ListBlock(
        blocks.CharBlock(max_length=60),
        label=gettext_lazy("Charts to show"),
        required=False,
        help_text=gettext_lazy("Chart names; all of the model's charts when empty."),
    )
    task_kind = blocks.ChoiceBlock(
        choices=[
            (TASK_NONE, gettext_lazy("No graded task")),
            (TASK_TARGET, gettext_lazy("Reach a target")),
            (TASK_ANSWER, gettext_lazy("Give a value")),
        ],
        required=False,
        label=gettext_lazy("Graded task"),
    )
    output = blocks.CharBlock(label=gettext_lazy("Output graded"), max_length=60, required=False)
    year = blocks.IntegerBlock(label=gettext_lazy("Year"), required=False)
    every_year = blocks.BooleanBlock(
        label=gettext_lazy("In every year up to that year"),
        required=False,
        help_text=gettext_lazy("For a target: it must hold from the first year on, not only then."),
    )
    comparison = blocks.ChoiceBlock(
        choices=[(AT_LEAST, gettext_lazy("at least")), (AT_MOST, gettext_lazy("at most"))],
        required=False,
        label=gettext_lazy("Comparison"),
    )
    target = blocks.FloatBlock(label=gettext_lazy("Target"), required=False)
    tolerance = blocks.FloatBlock(
        label=gettext_lazy("Tolerance (absolute)"), required=False, min_value=0
    )
    required_values = blocks.ListBlock(
        RequiredValueBlock(),
        label=gettext_lazy("Inputs the answer is for"),
        required=False,
    )
    required = blocks.BooleanBlock(
        label=gettext_lazy("Required to complete the lesson"),
        required=False,
        help_text=gettext_lazy("The lesson is completed once the learner passes the task."),
    )

    class Meta:
        icon = "table"
        label = gettext_lazy("Model exercise")
        template = "labs/blocks/model_exercise.html"

    def clean(self, value):
        value = super().clean(value)
        try:
            model = registry.get(value.get("model") or "")
        except LookupError:
            raise StructBlockValidationError(
                block_errors={"model": ValidationError(_("Choose a model."))}
            ) from None
        errors = {}
        if found := _assumption_errors(model, value.get("assumptions") or []):
            errors["assumptions"] = found
        if found := _required_value_errors(model, value.get("required_values") or []):
            errors["required_values"] = found
        charts = {c.name for c in model.charts}
        if any(name not in charts for name in value.get("charts") or []):
            errors["charts"] = ValidationError(
                _("This model's charts are: %(names)s.") % {"names": ", ".join(sorted(charts))}
            )
        errors.update(_task_errors(model, value))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        from .views.render import exercise_block_context  # noqa: PLC0415 (views import blocks)

        context = super().get_context(value, parent_context=parent_context)
        context.update(exercise_block_context(value, parent_context or {}))
        return context


def _assumption_errors(model, rows) -> ListBlockValidationError | None:
    params = {p.name: p for p in model.params}
    errors = {}
    seen = set()
    for index, row in enumerate(rows):
        name = (row.get("name") or "").strip()
        param = params.get(name)
        found = {}
        if param is None:
            found["name"] = ValidationError(
                _("This model has no assumption named “%(name)s”. Its assumptions are: %(names)s.")
                % {"name": name, "names": ", ".join(params)}
            )
        elif name in seen:
            found["name"] = ValidationError(_("This assumption is listed twice."))
        else:
            found.update(_range_errors(param, row))
        seen.add(name)
        if found:
            errors[index] = StructBlockValidationError(block_errors=found)
    return ListBlockValidationError(block_errors=errors) if errors else None


def _range_errors(param, row) -> dict:
    found = {}
    low, high = row.get("minimum"), row.get("maximum")
    bounds = {"min": f"{param.minimum:g}", "max": f"{param.maximum:g}"}
    outside = _("Stay within the model's range, %(min)s to %(max)s.") % bounds
    if not param.minimum <= row.get("value") <= param.maximum:
        found["value"] = ValidationError(outside)
    if low is not None and not param.minimum <= low <= param.maximum:
        found["minimum"] = ValidationError(outside)
    if high is not None and not param.minimum <= high <= param.maximum:
        found["maximum"] = ValidationError(outside)
    if low is not None and high is not None and low > high and "maximum" not in found:
        found["maximum"] = ValidationError(_("The maximum is below the minimum."))
    start = row.get("value")
    outside_learner = (low is not None and start < low) or (high is not None and start > high)
    if row.get("adjustable") and not found and outside_learner:
        found["value"] = ValidationError(_("Start within the learner's range."))
    return found


def _required_value_errors(model, rows) -> ListBlockValidationError | None:
    params = {p.name: p for p in model.params}
    errors = {}
    for index, row in enumerate(rows):
        param = params.get((row.get("name") or "").strip())
        if param is None:
            errors[index] = StructBlockValidationError(
                block_errors={"name": ValidationError(_("This model has no such assumption."))}
            )
        elif not param.minimum <= row.get("value") <= param.maximum:
            errors[index] = StructBlockValidationError(
                block_errors={
                    "value": ValidationError(
                        _("Stay within the model's range, %(min)s to %(max)s.")
                        % {"min": f"{param.minimum:g}", "max": f"{param.maximum:g}"}
                    )
                }
            )
    return ListBlockValidationError(block_errors=errors) if errors else None


def _task_errors(model, value) -> dict:
    kind = value.get("task_kind") or TASK_NONE
    if kind == TASK_NONE:
        if value.get("required"):
            # The lesson would complete through a result that can never come.
            return {
                "required": ValidationError(
                    _("Only an exercise with a graded task can be required.")
                )
            }
        return {}
    errors = {}
    outputs = {o.name: o for o in model.outputs}
    output = outputs.get((value.get("output") or "").strip())
    year = value.get("year")
    if output is None:
        errors["output"] = ValidationError(
            _("This model's outputs are: %(names)s.") % {"names": ", ".join(outputs)}
        )
    elif not output.scalar and year is None:
        errors["year"] = ValidationError(_("Give the year of the output to grade."))
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        errors["year"] = ValidationError(
            _("Give a year between %(min)s and %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX}
        )
    if kind == TASK_TARGET:
        if value.get("target") is None:
            errors["target"] = ValidationError(_("Give the target to reach."))
        if not value.get("comparison"):
            errors["comparison"] = ValidationError(_("Say whether to reach at least or at most."))
    if kind == TASK_ANSWER and value.get("tolerance") is None:
        errors["tolerance"] = ValidationError(_("Give the tolerance of a right answer."))
    return errors
