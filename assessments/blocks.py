"""Question blocks of a QuizPage, and their conversion to grading specs.

Editors write questions as StreamField blocks; `question_specs` turns a quiz revision's
StreamValue into the immutable `grading.Question` specs the grader works on. Each question is
identified by its block id, which survives edits and revisions.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .calculated import model_choices, question_from_block
from .calculated_checks import block_errors
from .grading import Kind, Option, Question

PROMPT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]
SCORING_CHOICES = [
    ("partial", _("Partial credit")),
    ("all_or_nothing", _("All or nothing")),
]


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Option"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(label=_("Feedback when chosen"), required=False, max_length=1000)


class QuestionBlock(blocks.StructBlock):
    """Fields every question has."""

    prompt = blocks.RichTextBlock(label=_("Question"), features=PROMPT_FEATURES)
    points = blocks.DecimalBlock(
        label=_("Points"), default=Decimal(1), min_value=0, max_digits=6, decimal_places=2
    )
    explanation = blocks.RichTextBlock(
        label=_("Explanation"),
        required=False,
        features=PROMPT_FEATURES,
        help_text=_("Shown with the feedback, when the quiz's feedback policy allows."),
    )

    def _error(self, value, name, message):
        raise StructBlockValidationError(block_errors={name: ValidationError(message)})


class SingleChoiceBlock(QuestionBlock):
    options = blocks.ListBlock(OptionBlock(), min_num=2, label=_("Options"))

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for o in value["options"] if o["correct"]) != 1:
            self._error(value, "options", _("Mark exactly one option as correct."))
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleResponseBlock(QuestionBlock):
    options = blocks.ListBlock(OptionBlock(), min_num=2, label=_("Options"))
    scoring = blocks.ChoiceBlock(choices=SCORING_CHOICES, default="partial", label=_("Scoring"))
    penalty_percent = blocks.IntegerBlock(
        required=False,
        min_value=0,
        max_value=100,
        label=_(
            # xgettext:no-python-format
            "Penalty per wrong pick (% of the points)"
        ),
        help_text=_(
            "With partial credit. Leave empty to take away as much as one right pick earns, "
            "so that ticking every box earns nothing."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        if not any(o["correct"] for o in value["options"]):
            self._error(value, "options", _("Mark at least one option as correct."))
        return value

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple response")


class TrueFalseBlock(QuestionBlock):
    answer = blocks.ChoiceBlock(
        choices=[("true", _("True")), ("false", _("False"))], label=_("The statement is")
    )
    feedback_true = blocks.CharBlock(
        required=False, max_length=1000, label=_("Feedback when answered True")
    )
    feedback_false = blocks.CharBlock(
        required=False, max_length=1000, label=_("Feedback when answered False")
    )

    class Meta:
        icon = "help"
        label = _("True or false")


def _tolerance():
    return blocks.DecimalBlock(
        label=_("Tolerance"),
        default=Decimal(0),
        min_value=0,
        max_digits=20,
        decimal_places=6,
        help_text=_("Answers within answer ± tolerance are right (edges included)."),
    )


def _tolerance_kind():
    return blocks.ChoiceBlock(
        choices=[
            ("absolute", _("Absolute (same unit as the answer)")),
            (
                "relative",
                # xgettext:no-python-format
                _("Relative (% of the answer)"),
            ),
        ],
        default="absolute",
        label=_("Tolerance is"),
    )


def _unit():
    return blocks.CharBlock(
        required=False,
        max_length=20,
        label=_("Unit"),
        help_text=_(
            # xgettext:no-python-format
            "Shown next to the answer box, e.g. % or USD million; learners may type it."
        ),
    )


class NumericBlock(QuestionBlock):
    answer = blocks.DecimalBlock(label=_("Answer"), max_digits=20, decimal_places=6)
    tolerance = _tolerance()
    tolerance_kind = _tolerance_kind()
    unit = _unit()

    class Meta:
        icon = "order"
        label = _("Numeric")


class VariableBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        label=_("Name"),
        max_length=30,
        help_text=_("Letters, digits and _, starting with a letter: rate, pensioners."),
    )
    minimum = blocks.DecimalBlock(label=_("Minimum"), max_digits=18, decimal_places=6)
    maximum = blocks.DecimalBlock(label=_("Maximum"), max_digits=18, decimal_places=6)
    decimals = blocks.IntegerBlock(
        label=_("Decimals"),
        default=0,
        min_value=0,
        max_value=6,
        help_text=_("Drawn values have this many decimals."),
    )


class ModelInputBlock(blocks.StructBlock):
    assumption = blocks.CharBlock(
        label=_("Model assumption"), max_length=40, help_text=_("The assumption's name.")
    )
    variable = blocks.CharBlock(
        label=_("Variable"), required=False, max_length=30, help_text=_("A variable's name…")
    )
    value = blocks.DecimalBlock(
        label=_("or a fixed value"), required=False, max_digits=18, decimal_places=6
    )


class CalculatedBlock(QuestionBlock):
    """A numeric question whose numbers are drawn per attempt (see assessments.calculated)."""

    prompt = blocks.RichTextBlock(
        label=_("Question"),
        features=PROMPT_FEATURES,
        help_text=_(
            "Write {name} where a variable's drawn value should appear, e.g. "
            "“The replacement rate is {rate} percent.” Learners see the number written the "
            "way their language writes numbers. Every variable must appear."
        ),
    )
    variables = blocks.ListBlock(
        VariableBlock(),
        min_num=1,
        max_num=10,
        label=_("Variables"),
        help_text=_("Each attempt draws every variable's value between its minimum and maximum."),
    )
    answer_source = blocks.ChoiceBlock(
        choices=[
            ("formula", _("A formula over the variables")),
            ("model", _("A model of the actuarial labs")),
        ],
        default="formula",
        label=_("The answer is computed by"),
    )
    formula = blocks.CharBlock(
        required=False,
        max_length=300,
        label=_("Formula"),
        help_text=_(
            "For example rate * pensioners / contributors. Numbers, variables, + - * / ** and "
            "brackets, and the functions min, max, round, abs, sqrt, exp and log."
        ),
    )
    model = blocks.ChoiceBlock(choices=model_choices, required=False, label=_("Model"))
    output = blocks.CharBlock(
        required=False, max_length=40, label=_("Model output"), help_text=_("The output's name.")
    )
    year = blocks.IntegerBlock(
        required=False,
        min_value=1900,
        max_value=2300,
        label=_("Year"),
        help_text=_("The year whose value is the answer; empty for a single-number output."),
    )
    assumptions = blocks.ListBlock(
        ModelInputBlock(),
        min_num=0,
        default=[],
        label=_("Model assumptions"),
        help_text=_("Assumptions not listed keep the model's default."),
    )
    answer_decimals = blocks.IntegerBlock(
        label=_("Decimals of the answer"),
        default=2,
        min_value=0,
        max_value=6,
        help_text=_(
            "The computed answer is rounded to this many decimals; tolerance applies around it."
        ),
    )
    tolerance = _tolerance()
    tolerance_kind = _tolerance_kind()
    unit = _unit()

    def clean(self, value):
        value = super().clean(value)
        errors = block_errors(value)
        if errors:
            raise StructBlockValidationError(
                block_errors={name: ValidationError(message) for name, message in errors.items()}
            )
        return value

    class Meta:
        icon = "table"
        label = _("Calculated (numbers drawn per attempt)")


class ShortTextBlock(QuestionBlock):
    accepted = blocks.ListBlock(
        blocks.CharBlock(max_length=200),
        min_num=1,
        label=_("Accepted answers"),
        help_text=_("Compared without regard to case, character width or extra spaces."),
    )

    class Meta:
        icon = "pilcrow"
        label = _("Short text")


class PairBlock(blocks.StructBlock):
    premise = blocks.CharBlock(max_length=300, label=_("Item"))
    match = blocks.CharBlock(max_length=300, label=_("Its match"))


class MatchingBlock(QuestionBlock):
    pairs = blocks.ListBlock(PairBlock(), min_num=2, label=_("Pairs"))
    distractors = blocks.ListBlock(
        blocks.CharBlock(max_length=300),
        min_num=0,
        default=[],
        label=_("Wrong matches to choose from"),
    )
    scoring = blocks.ChoiceBlock(choices=SCORING_CHOICES, default="partial", label=_("Scoring"))

    class Meta:
        icon = "link"
        label = _("Matching")


class OrderingBlock(QuestionBlock):
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=300),
        min_num=2,
        label=_("Items in the right order"),
    )
    scoring = blocks.ChoiceBlock(
        choices=[
            ("partial", _("Partial credit (each item in its place)")),
            ("all_or_nothing", _("All or nothing")),
        ],
        default="partial",
        label=_("Scoring"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Ordering")


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_response = MultipleResponseBlock()
    true_false = TrueFalseBlock()
    numeric = NumericBlock()
    calculated = CalculatedBlock()
    short_text = ShortTextBlock()
    matching = MatchingBlock()
    ordering = OrderingBlock()


def _source(rich) -> str:
    return getattr(rich, "source", rich) or ""


def _options(value) -> tuple[Option, ...]:
    return tuple(
        Option(text=o["text"], correct=bool(o["correct"]), feedback=o.get("feedback") or "")
        for o in value["options"]
    )


def question_spec(block_type: str, value, block_id: str) -> Question:
    """One question block as a grading spec."""
    common = {
        "id": str(block_id),
        "kind": block_type,
        "prompt": _source(value["prompt"]),
        "points": Decimal(value.get("points") or 0),
        "explanation": _source(value.get("explanation")),
    }
    if block_type == Kind.SINGLE:
        return Question(**common, options=_options(value))
    if block_type == Kind.MULTIPLE:
        penalty = value.get("penalty_percent")
        return Question(
            **common,
            options=_options(value),
            scoring=value.get("scoring") or "partial",
            penalty=None if penalty in (None, "") else Decimal(penalty) / 100,
        )
    if block_type == Kind.TRUE_FALSE:
        return Question(
            **common,
            answer_bool=value["answer"] == "true",
            feedback_true=value.get("feedback_true") or "",
            feedback_false=value.get("feedback_false") or "",
        )
    if block_type == Kind.NUMERIC:
        return Question(
            **common,
            number=Decimal(value["answer"]),
            tolerance=Decimal(value.get("tolerance") or 0),
            tolerance_kind=value.get("tolerance_kind") or "absolute",
            unit=value.get("unit") or "",
        )
    if block_type == Kind.CALCULATED:
        return question_from_block(common, value)
    if block_type == Kind.SHORT_TEXT:
        return Question(**common, accepted=tuple(value["accepted"]))
    if block_type == Kind.MATCHING:
        return Question(
            **common,
            pairs=tuple((p["premise"], p["match"]) for p in value["pairs"]),
            distractors=tuple(value.get("distractors") or ()),
            scoring=value.get("scoring") or "partial",
        )
    if block_type == Kind.ORDERING:
        return Question(
            **common, items=tuple(value["items"]), scoring=value.get("scoring") or "partial"
        )
    raise ValueError(f"unknown question type {block_type!r}")


def question_specs(stream_value) -> list[Question]:
    """Every question of a quiz body, in the editor's order."""
    return [question_spec(child.block_type, child.value, child.id) for child in stream_value]
