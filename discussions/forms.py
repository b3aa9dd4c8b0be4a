"""Forms of the discussions. The services clean and sanitise; these only carry the text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX, REASON_MAX, TITLE_MAX

BODY_HELP = _(
    "Plain text, or simple HTML: paragraphs, bold, italics, lists, quotes, code and links. "
    "Name a participant with @ and their full name to let them know."
)


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["dir"] = "auto"


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=BODY_MAX,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post? (optional)"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
