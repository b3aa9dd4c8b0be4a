from django import forms
from django.utils.translation import gettext_lazy as _

from .aggregates import DIMENSIONS, dimension_labels


class ReportFilterForm(forms.Form):
    """The report's filters (GET): one choice per dimension, among the values the programme
    holds. An unknown value is refused with the field's message, never ignored."""

    def __init__(self, data, *, choices: dict[str, list[tuple[str, str]]]):
        super().__init__(data, auto_id="filter_%s")
        labels = dimension_labels()
        for dimension in DIMENSIONS:
            self.fields[dimension] = forms.ChoiceField(
                label=labels[dimension],
                required=False,
                choices=[("", _("All"))] + choices.get(dimension, []),
            )

    def filters(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}
