"""Profile forms: the extra sign-up fields and the learner's own profile page."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import User
from .validators import TIME_ZONES

PROFILE_FIELDS = [
    "full_name",
    "country",
    "organisation",
    "organisation_type",
    "job_title",
    "sex",
    "preferred_language",
    "time_zone",
]

TIME_ZONE_CHOICES = [(tz, tz.replace("_", " ")) for tz in TIME_ZONES]


def _profile_fields() -> dict[str, forms.Field]:
    fields = forms.fields_for_model(User, fields=PROFILE_FIELDS)
    fields["full_name"].required = True
    fields["time_zone"] = forms.ChoiceField(
        label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="UTC"
    )
    fields["preferred_language"] = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial="en"
    )
    return fields


def clean_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError(_("Please enter your full name."))
    return name


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS).

    The values are written by AccountAdapter.save_user, so the account row is saved once,
    complete and validated.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in _profile_fields().items():
            self.fields[name] = field
        self.initial.setdefault("preferred_language", translation.get_language() or "en")

    def clean_full_name(self) -> str:
        return clean_name(self.cleaned_data["full_name"])

    def signup(self, request, user) -> None:
        """Required by allauth; nothing left to do (see the class docstring)."""


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )

    class Meta:
        model = User
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def clean_full_name(self) -> str:
        return clean_name(self.cleaned_data["full_name"])
