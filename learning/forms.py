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


class AccountDeleteForm(forms.Form):
    """The learner deletes their own account: their password again, and a confirmation."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password


class UserEraseForm(forms.Form):
    """An administrator erases a person on request: the reason goes to the audit log."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “Erasure requested by e-mail on 3 March, ticket 123”."),
    )
    confirm = forms.BooleanField(
        label=_("Erase this person's personal data. This cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for erasing this account."))
        return reason
