from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PDF_BYTES = 10 * 1024 * 1024


class CodeLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=80,
        help_text=_("As printed on the certificate; spaces, dashes and case do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class PdfCheckForm(forms.Form):
    pdf = forms.FileField(
        label=_("Certificate PDF"),
        help_text=_("We compute its fingerprint (SHA-256) and compare it with the one we issued."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    code = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB: no certificate is that large.")
            )
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload


class CredentialCheckForm(forms.Form):
    credential = forms.CharField(
        label=_("Open Badges credential (VC-JWT)"),
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        max_length=100_000,
    )


class IssueForm(forms.Form):
    email = forms.EmailField(label=_("Learner's e-mail"))
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    enforce_rules = forms.BooleanField(
        label=_("Only if the learner meets the course's rules"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import CoursePage

        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")

    def clean_email(self):
        from django.contrib.auth import get_user_model

        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        self.cleaned_data["user"] = user
        return email


class ReissueForm(forms.Form):
    learner_name = forms.CharField(label=_("Name as it should be printed"), max_length=255)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
