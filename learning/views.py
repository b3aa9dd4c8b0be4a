"""Views of the project package: the learner's dashboard, profile and the health check."""

import logging

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language
from django.views.static import serve as static_serve
from wagtail import hooks

from . import services
from .forms import AccountDeleteForm, ProfileForm
from .selectors import health_report

logger = logging.getLogger(__name__)


@login_required
def dashboard(request):
    # Each app contributes a panel through the `learner_dashboard_panels` hook:
    # callable(request) -> {"template": ..., "order": int, **context} or None.
    panels = []
    for fn in hooks.get_hooks("learner_dashboard_panels"):
        panel = fn(request)
        if panel:
            panels.append(panel)
    panels.sort(key=lambda p: p.get("order", 100))
    return render(request, "learning/dashboard.html", {"panels": panels})


def set_language(request):
    """Django's language switch; a signed-in user's choice also becomes their preferred
    language, which certificates and e-mail are printed in (the profile sets both too)."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.preferred_language_set(user=request.user, language=request.POST.get("language"))
    return response


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("profile")

        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.cleaned_data["preferred_language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response
    return render(request, "learning/profile.html", {"form": form})


# allauth's limiter on the shared cache; the rate is ACCOUNT_RATE_LIMITS["personal_data_export"].
EXPORT_RATE_ACTION = "personal_data_export"
DELETE_RATE_ACTION = "account_delete"
SELF_DELETE_REASON = "Account deleted by the account holder"


@never_cache
@login_required
@require_POST
def personal_data_export(request):
    """The learner's own archive, streamed from a temporary file; nothing is kept in media."""
    if not ratelimit.consume(request, action=EXPORT_RATE_ACTION, user=request.user):
        return render(
            request,
            "learning/rate_limited.html",
            {
                "message": _(
                    "You have asked for your data several times already. "
                    "Please try again in an hour."
                )
            },
            status=429,
        )
    archive = services.personal_data_export(user=request.user, request=request)
    filename = f"socle-personal-data-{timezone.now():%Y-%m-%d}.zip"
    return FileResponse(
        archive, as_attachment=True, filename=filename, content_type="application/zip"
    )


@never_cache
@login_required
def account_delete(request):
    """The learner deletes their own account after re-entering their password."""
    # Wrong passwords count against ACCOUNT_RATE_LIMITS["account_delete"], so that a session
    # left open cannot be used to guess the password here.
    limit = {"action": DELETE_RATE_ACTION, "user": request.user}
    if request.method == "POST" and not ratelimit.consume(request, **limit, dry_run=True):
        return render(
            request,
            "learning/rate_limited.html",
            {"message": _("Too many wrong passwords. Please try again in an hour.")},
            status=429,
        )
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and not form.is_valid() and "password" in form.errors:
        ratelimit.consume(request, **limit)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_erase(
                user=request.user, actor=request.user, reason=SELF_DELETE_REASON, request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("/")
    status = 400 if form.errors else 200
    return render(request, "learning/account_delete.html", {"form": form}, status=status)


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static icon
    (resolved per request, so that it follows the hashed name collectstatic gives it)."""
    return HttpResponsePermanentRedirect(static("img/favicon.png"))


@never_cache
@require_GET
def healthz(request):
    report = health_report()
    status = 200 if all(v["ok"] for v in report.values()) else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "unavailable", "checks": report}, status=status
    )


# What the development server sends with public media: the file is data, never a page of the
# site (an SVG or HTML document opened at its /media/ URL runs no script in the site's origin).
MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'self'; sandbox"


@login_not_required
def media_serve(request, path, document_root=None):
    """Public media when no proxy serves it (`make run`, `make serve`): sandboxed static serve."""
    response = static_serve(request, path, document_root=document_root)
    response["Content-Security-Policy"] = MEDIA_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response
