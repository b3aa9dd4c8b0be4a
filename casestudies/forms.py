"""The proposal form for contributors outside the editorial team. Plain text only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from learning.validators import validate_single_line

from .models import Theme
from .models.pages import MAX_YEAR, MIN_YEAR

TEXTAREA = {"rows": 5}


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=[validate_single_line])
    summary = forms.CharField(
        label=_("Summary"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=list(countries),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("One or several countries."),
    )
    year_start = forms.IntegerField(
        label=_("Started in (year)"), min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    year_end = forms.IntegerField(
        label=_("Ended in (year)"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        required=False,
        help_text=_("Leave empty if the practice is ongoing."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    context = forms.CharField(
        label=_("Context"), widget=forms.Textarea(attrs=TEXTAREA), max_length=5000
    )
    challenge = forms.CharField(
        label=_("Challenge"), widget=forms.Textarea(attrs=TEXTAREA), max_length=5000
    )
    approach = forms.CharField(
        label=_("Approach"), widget=forms.Textarea(attrs=TEXTAREA), max_length=5000
    )
    results = forms.CharField(
        label=_("Results"), widget=forms.Textarea(attrs=TEXTAREA), max_length=5000, required=False
    )
    lessons_learned = forms.CharField(
        label=_("Lessons learned"),
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=5000,
        required=False,
    )
    sources = forms.CharField(
        label=_("Sources"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
        help_text=_("One per line: a title or a web address."),
    )
    note = forms.CharField(
        label=_("Note to the editors"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("year_start"), data.get("year_end")
        if start and end and end < start:
            raise ValidationError({"year_end": _("The period cannot end before it starts.")})
        return data
