"""allauth forms of our own (kept apart from learning.forms, which allauth's forms import)."""

from allauth.account.forms import ResetPasswordForm
from django.core.exceptions import ValidationError


class PasswordResetForm(ResetPasswordForm):
    """Answers the same for an address with an account and one without.

    With ACCOUNT_PREVENT_ENUMERATION off (sign-up keeps its clear "already registered"
    message), allauth's form would say "not assigned to any user account". This one accepts
    every well-formed address; the mailbox owner gets either the reset link or allauth's
    "no account here" message, so only they learn which (docs/decisions/
    0003-account-enumeration.md).
    """

    def clean_email(self) -> str:
        self.users = None
        try:
            return super().clean_email()
        except ValidationError:
            if self.users is None:  # refused before the look-up: a real input error
                raise
            # No account: allauth's "unknown e-mail" error, which we do not show.
            return self.cleaned_data["email"]
