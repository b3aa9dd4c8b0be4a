"""Views of the project package: the learner's dashboard, profile and the health check."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve as static_serve
from wagtail import hooks

from .forms import ProfileForm
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


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("profile")
        from django.conf import settings

        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.cleaned_data["preferred_language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response
    return render(request, "learning/profile.html", {"form": form})


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
    """Public media for `make run` (DEBUG only): Django's static serve, sandboxed."""
    response = static_serve(request, path, document_root=document_root)
    response["Content-Security-Policy"] = MEDIA_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response
