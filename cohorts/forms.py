"""Forms of the cohorts app. They parse input; the services apply the rules."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import CoursePage
from learning.locales import default_locale_id
from learning.roles import Role
from learning.validators import TIME_ZONES, validate_single_line

from .importing import MAX_IMPORT_BYTES
from .models import Cohort, LiveSession
from .services.sessions import live_session_window_check, local_to_utc


class DateInput(forms.DateInput):
    input_type = "date"


class CohortForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=[(z, z) for z in TIME_ZONES])

    class Meta:
        model = Cohort
        fields = [
            "course",
            "name",
            "trainers",
            "start_date",
            "end_date",
            "time_zone",
            "capacity",
            "enrollment_mode",
            "enrollment_opens",
            "enrollment_closes",
            "pacing",
            "presence_percent",
            "attendance_threshold",
            "certificate_template",
            "inactivity_days",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "enrollment_opens": DateInput(),
            "enrollment_closes": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        # A cohort follows the source course (records attach to it), once per course.
        self.fields["course"].queryset = (
            CoursePage.objects.live().filter(locale_id=default_locale_id()).order_by("title")
        )
        self.fields["trainers"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.TRAINER)
            .distinct()
            .order_by("full_name")
        )
        self.fields["trainers"].required = False
        self.fields["trainers"].help_text = _(
            "Co-trainers see and run this cohort too. You stay a trainer of cohorts you create."
        )
        if self.instance.pk:
            self.fields["course"].disabled = True


class LiveSessionForm(forms.ModelForm):
    join_url = forms.URLField(
        label=pgettext_lazy("the address of a video call", "Join link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("BigBlueButton, Jitsi, Zoom or any other link."),
        widget=forms.URLInput(attrs={"dir": "ltr"}),  # an address reads left to right
    )
    recording_url = forms.URLField(
        label=_("Recording link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )
    starts_local = forms.DateTimeField(
        label=_("Start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    class Meta:
        model = LiveSession
        fields = [
            "title",
            "description",
            "duration_minutes",
            "join_url",
            "materials",
            "recording_url",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "materials": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, cohort: Cohort, **kwargs):
        self.cohort = cohort
        super().__init__(*args, **kwargs)
        self.fields["starts_local"].help_text = _("In the cohort's time zone, %(zone)s.") % {
            "zone": cohort.time_zone
        }
        if self.instance.pk:
            self.initial["starts_local"] = self.instance.starts_at.astimezone(cohort.tz).replace(
                tzinfo=None
            )
        # Put the start first: trainers think "when" before "how long".
        self.order_fields(["title", "starts_local", "duration_minutes"])

    def clean_starts_local(self):
        value = self.cleaned_data["starts_local"]
        naive = value.replace(tzinfo=None)
        try:
            aware = local_to_utc(cohort=self.cohort, naive=naive)
            live_session_window_check(aware)
            return aware
        except (ValidationError, OverflowError) as exc:
            if isinstance(exc, OverflowError):
                raise forms.ValidationError(_("This date is out of range.")) from exc
            raise forms.ValidationError(exc.messages) from exc


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not on the field: formatted per request, so it follows the reader's language.
        self.fields["file"].help_text = _("At most %(mb)s MB.") % {
            "mb": MAX_IMPORT_BYTES // (1024 * 1024)
        }

    def read(self) -> tuple[str, bytes]:
        upload = self.cleaned_data["file"]
        # Read one byte past the limit so that the parser reports an oversized file.
        return upload.name, upload.read(MAX_IMPORT_BYTES + 1)


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, validators=[validate_single_line]
    )
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, validators=[validate_single_line])
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class GradeOverrideForm(forms.Form):
    """A trainer's grade instead of the computed one; the service checks it again."""

    score = forms.DecimalField(
        label=_("Grade (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Kept with the grade and in the audit log; the learner's results stay."),
    )
