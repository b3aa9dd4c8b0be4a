"""The learner's forms: the exercise's adjustable assumptions, a scenario's name, an answer.

The inputs are checked three times over: Django's number field (a number, finite), the
learner's range the editor set, and the model's own `validate` (which refuses anything a run
could not take). Every message is translated.
"""

from __future__ import annotations

import math

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .engine.base import AssumptionError
from .exercise import TASK_ANSWER, Exercise

# A number typed by a person: anything longer is not one (and is not parsed).
NUMBER_MAX_LENGTH = 32


class ExerciseForm(forms.Form):
    """One number field per adjustable assumption, named after it; empty keeps the start."""

    def __init__(self, exercise: Exercise, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise = exercise
        for a in exercise.adjustable():
            p = a.param
            self.fields[a.name] = forms.FloatField(
                label=_(p.label),
                required=False,
                min_value=a.minimum,
                max_value=a.maximum,
                help_text=_(p.help) if p.help else "",
                initial=a.value,
                widget=forms.NumberInput(attrs={"step": "1" if p.integer else f"{p.step:g}"}),
            )

    def clean(self):
        cleaned = super().clean()
        for a in self.exercise.adjustable():
            raw = self.data.get(self.add_prefix(a.name), "")
            if isinstance(raw, str) and len(raw) > NUMBER_MAX_LENGTH:
                self.add_error(a.name, _("Enter a number."))
                continue
            value = cleaned.get(a.name)
            if value is None:
                continue
            if not math.isfinite(value):
                self.add_error(a.name, _("Enter a number."))
            elif a.param.integer and value != int(value):
                self.add_error(a.name, _("Enter a whole number."))
        return cleaned

    def learner_values(self) -> dict[str, float]:
        """The adjustable values the learner gave (valid form only); the rest keep the start."""
        return {
            a.name: (int(v) if a.param.integer else v)
            for a in self.exercise.adjustable()
            if (v := self.cleaned_data.get(a.name)) is not None
        }

    def run(self):
        """The model's result on these inputs, or None with the model's refusals added to the
        form (a combination the model refuses although each value is in its range)."""
        if not self.is_valid():
            return None
        try:
            return self.exercise.run(self.learner_values())
        except AssumptionError as exc:
            for name, message in exc.errors.items():
                self.add_error(name if name in self.fields else None, message)
            return None


class ScenarioForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Scenario name"),
        max_length=100,
        required=True,
        error_messages={"required": gettext_lazy("Name your scenario.")},
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Replace my scenario of the same name"), required=False
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Name your scenario."))
        return name


class AnswerForm(forms.Form):
    answer = forms.FloatField(
        label=gettext_lazy("Your answer"),
        required=True,
        error_messages={"required": gettext_lazy("Type your answer.")},
    )

    def clean_answer(self):
        value = self.cleaned_data["answer"]
        raw = self.data.get(self.add_prefix("answer"), "")
        if not math.isfinite(value) or len(str(raw)) > NUMBER_MAX_LENGTH:
            raise forms.ValidationError(_("Enter a number."))
        return value


def answer_form_for(exercise: Exercise, data=None) -> AnswerForm | None:
    return AnswerForm(data) if exercise.task_kind == TASK_ANSWER else None
