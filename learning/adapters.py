"""allauth adapters: new accounts get their profile, the Learner role and their language;
failed logins lock the attacker, not the account; TOTP QR codes are drawn with segno."""

import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import segno
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils import translation

from .forms import PROFILE_FIELDS
from .mfa import mfa_required_for
from .net import client_ip
from .services import user_assign_default_role
from .tasks import send_email

# The actions of ACCOUNT_RATE_LIMITS that count failed sign-ins (docs/decisions/
# learning-login-limits.md). "login_failed" is keyed on the (address, account) pair; allauth's
# MFA code checks reuse it keyed on the account, which is what a second factor wants.
PAIR = "login_failed"
ACCOUNT = "login_failed_account"
ADDRESS = "login_failed_address"


def login_keys(request, email: str) -> dict[str, str]:
    """The limiter keys of a sign-in attempt for `email` from this request's client address."""
    email = (email or "").strip().lower()
    return {PAIR: f"{client_ip(request)}|{email}", ACCOUNT: email}


def login_failures_clear(request, *, email: str) -> None:
    """Forget the failures of this address on this account (after a password reset)."""
    ratelimit.clear(request, action=PAIR, key=login_keys(request, email)[PAIR])


@dataclass(frozen=True)
class SiteIdentity:
    """What allauth's e-mails call `current_site`: the platform's name and its host.

    django.contrib.sites is not installed, so allauth would otherwise get a RequestSite (the
    request's host as its name) or, through this adapter before, nothing at all."""

    name: str
    domain: str


def site_identity() -> SiteIdentity:
    return SiteIdentity(
        name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc or "localhost"
    )


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's limits key on the same address as Socle's own (learning.net)."""
        return client_ip(request)

    def pre_authenticate(self, request, **credentials):
        """Refuse a guess when its pair, its account or its address has failed too often.

        The pair is consumed here (one atomic step of allauth's limiter, so parallel guesses
        cannot all slip through) and cleared again on success. The account and address
        counters only look here; `authentication_failed` records a failure in them.
        """
        keys = login_keys(request, credentials.get("email", ""))
        allowed = (
            ratelimit.consume(request, action=ACCOUNT, key=keys[ACCOUNT], dry_run=True)
            and ratelimit.consume(request, action=ADDRESS, dry_run=True)
            and ratelimit.consume(request, action=PAIR, key=keys[PAIR])
        )
        if not allowed:
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user:
            # The password is known at this address: its earlier typos stop counting.
            # The account-wide and address-wide failures stay, so a success does not reset
            # a distributed or sprayed attack.
            ratelimit.clear(
                request, action=PAIR, key=login_keys(request, credentials.get("email", ""))[PAIR]
            )
        return user

    def authentication_failed(self, request, **credentials):
        keys = login_keys(request, credentials.get("email", ""))
        ratelimit.consume(request, action=ACCOUNT, key=keys[ACCOUNT])
        ratelimit.consume(request, action=ADDRESS)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        for field in PROFILE_FIELDS:
            if field in form.cleaned_data:
                setattr(user, field, form.cleaned_data[field])
        if commit:
            user.full_clean(exclude=["password"])
            user.save()
            user_assign_default_role(user=user)
        return user

    def login(self, request, user):
        super().login(request, user)
        if user.preferred_language:
            translation.activate(user.preferred_language)

    def send_mail(self, template_prefix, email, context):
        """Render allauth's message here, send it from a Celery worker (eager in the default).

        The context starts as allauth's own does (the request, the address, the site), so
        that its templates' "Hello from {{ site_name }}!" names the platform."""
        ctx = {"request": self.request, "email": email, "current_site": site_identity()}
        ctx.update(context)
        msg = self.render_mail(template_prefix, email, ctx)
        html = next(
            (c for c, mime in getattr(msg, "alternatives", []) if mime == "text/html"), None
        )
        send_email.delay(
            subject=msg.subject,
            body=msg.body,
            to=list(msg.to),
            from_email=msg.from_email,
            html=html,
            headers=dict(msg.extra_headers),
        )


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The set-up QR code, drawn by segno as the certificates' codes are (no qrcode)."""
        # A whole SVG document (with its namespace): allauth shows it as a data: URI image.
        buffer = io.BytesIO()
        segno.make(url, error="m").save(
            buffer, kind="svg", scale=4, xmldecl=False, title=settings.WAGTAIL_SITE_NAME
        )
        return buffer.getvalue().decode("utf-8")

    def can_delete_authenticator(self, authenticator) -> bool:
        """Staff who must use MFA cannot remove their last factor (recovery codes aside)."""
        if not mfa_required_for(authenticator.user):
            return True
        others = (
            type(authenticator)
            .objects.filter(user_id=authenticator.user_id)
            .exclude(pk=authenticator.pk)
            .exclude(type=authenticator.Type.RECOVERY_CODES)
        )
        return others.exists()
