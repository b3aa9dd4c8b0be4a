"""Multi-factor authentication is required of staff (trainers, editors, administrators).

allauth's MFA app does the factors (TOTP with recovery codes, WebAuthn); this module decides
who must have one and sends a staff member without one to set it up before any other page,
the Wagtail admin included. `SOCLE_MFA_REQUIRED_FOR_STAFF` turns it on (production).
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import Role, has_role

STAFF_ROLES = (Role.TRAINER, Role.CONTENT_EDITOR, Role.ADMINISTRATOR)
# The session remembers that this user needs nothing more, so a learner's pages cost no query.
_CLEARED = "socle_mfa_cleared"


def mfa_required_for(user) -> bool:
    """Whether this account must sign in with a second factor."""
    if not getattr(settings, "SOCLE_MFA_REQUIRED_FOR_STAFF", False):
        return False
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or any(has_role(user, role) for role in STAFF_ROLES)


def _exempt(path: str) -> bool:
    """Pages a staff member without MFA may still reach: setting it up, signing out."""
    allowed = (
        reverse("mfa_index"),
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        reverse("set_language"),
        reverse("healthz"),
        settings.STATIC_URL,
    )
    return path.startswith(allowed)


class StaffMFAMiddleware:
    """Sends a signed-in staff member without a second factor to the MFA set-up pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "SOCLE_MFA_REQUIRED_FOR_STAFF", False):
            return self.get_response(request)  # nothing to check, nothing written
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get(_CLEARED) != user.pk
            and not _exempt(request.path)
        ):
            if mfa_required_for(user) and not is_mfa_enabled(user):
                messages.warning(
                    request,
                    _(
                        "Your role needs two-factor authentication. Set up an authenticator "
                        "app or a security key to continue."
                    ),
                )
                return redirect("mfa_index")
            request.session[_CLEARED] = user.pk
        return self.get_response(request)
