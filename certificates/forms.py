from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from courses.hooks import course_staff_scope_for
from courses.models import CoursePage
from learning.locales import default_locale_id
from learning.roles import is_administrator

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
        help_text=_(
            "We compare its fingerprint (SHA-256) with the one we issued; a copy saved again "
            "by another program is checked through the signed credential it carries."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    code = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        # Shown beside the code lookup form, whose field is also named "code": ids of its own.
        kwargs.setdefault("auto_id", "id_pdf_check_%s")
        super().__init__(*args, **kwargs)

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
    """Issue by hand. `staff` is the person issuing: a trainer chooses among the courses and
    the participants of the cohorts they run; only an administrator may issue without the
    course's rules, and then must say why (the reason goes to the audit log)."""

    email = forms.EmailField(label=_("Learner's e-mail"))
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    enforce_rules = forms.BooleanField(
        label=_("Only if the learner meets the course's rules"), required=False, initial=True
    )
    reason = forms.CharField(
        label=_("Reason for issuing without the rules"),
        help_text=_("Required when the box above is unticked; kept in the audit log."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)

        self.scope = course_staff_scope_for(staff)
        self.administrator = is_administrator(staff)
        self.fields["course"].queryset = (
            CoursePage.objects.live()
            .filter(self.scope.courses_q("pk"), locale_id=default_locale_id())
            .order_by("title")
        )
        if not self.administrator:
            del self.fields["enforce_rules"]
            del self.fields["reason"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None and self.administrator:
            raise forms.ValidationError(_("No account has this e-mail address."))
        if user is None:
            # The same answer as for an account outside the trainer's cohorts (see clean):
            # a trainer does not learn which addresses have accounts.
            raise forms.ValidationError(self.OUTSIDE_SCOPE)
        self.cleaned_data["user"] = user
        return email

    OUTSIDE_SCOPE = _("None of the participants of your cohorts of this course has this e-mail.")

    def clean(self):
        data = super().clean()
        user, course = data.get("user"), data.get("course")
        outside = (
            user is not None
            and course is not None
            and not self.administrator
            and not self.scope.covers_learner(user_id=user.pk, course_id=course.pk)
        )
        if outside:
            self.add_error("email", self.OUTSIDE_SCOPE)
        if self.administrator:
            data["reason"] = (data.get("reason") or "").strip()
            if not data.get("enforce_rules") and not data["reason"]:
                self.add_error(
                    "reason", _("Say why this certificate is issued without the course's rules.")
                )
        else:
            data["enforce_rules"], data["reason"] = True, ""
        return data


class ReissueForm(forms.Form):
    learner_name = forms.CharField(label=_("Name as it should be printed"), max_length=255)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
