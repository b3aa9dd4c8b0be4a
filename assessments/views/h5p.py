"""H5P: the player document, its files, and the xAPI and state endpoints.

Every response carries `X-Content-Type-Options: nosniff`, same-origin framing only and a
restrictive Content-Security-Policy. Content files are only served to someone who may open a
page that places the package.
"""

from __future__ import annotations

import mimetypes

from allauth.core import ratelimit
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learning.safeinput import json_body

from .. import selectors, services
from ..h5p import store
from ..h5p.validation import LIBRARY_FOLDER
from ..models import H5PPackage

# h5p-standalone (3.8.x) starts its content frame with one fixed inline script,
# `H5PIntegration = window.parent.H5PIntegration; ...`; it is allowed by its hash and nothing
# else inline may run. The browser test fails if an upgrade changes it.
H5P_STANDALONE_BOOTSTRAP = "'sha256-8CniZYrnO46q7MvZ3m08Wom1HH/ZhyXmm29kBKTV1rk='"
PLAYER_CSP = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' {H5P_STANDALONE_BOOTSTRAP}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
# Files are data: nothing in them may run, even when opened directly.
FILE_CSP = (
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'self'; sandbox; "
    "frame-ancestors 'self'"
)
LIBRARY_CSP = "default-src 'none'; frame-ancestors 'self'"
BODY_LIMIT = 64 * 1024
# allauth's limiter; the rate is the "h5p_xapi" entry of ACCOUNT_RATE_LIMITS (per account).
XAPI_RATE_ACTION = "h5p_xapi"
TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json"}


def _harden(response: HttpResponse, csp: str) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Content-Security-Policy"] = csp
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _package_and_page(request, package_uuid, page_id):
    package = get_object_or_404(H5PPackage, uuid=package_uuid)
    page = selectors.h5p_page_for(request=request, package=package, page_id=page_id)
    if page is None:
        raise PermissionDenied(_("You may not open this activity."))
    return package, page


def _file(path, content_type=None) -> FileResponse:
    guessed = TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    return FileResponse(
        open(path, "rb"), content_type=content_type or guessed or "application/octet-stream"
    )  # noqa: SIM115


@login_required
@require_GET
def player(request, package_uuid, page_id):
    package, page = _package_and_page(request, package_uuid, page_id)
    base = reverse("assessments:h5p_player", args=[package.uuid, page.pk])
    state = selectors.h5p_state_for(user=request.user, package=package)
    config = {
        "contentId": str(package.uuid),
        "h5pJsonPath": f"{base}files",
        "librariesPath": reverse("assessments:h5p_libraries").rstrip("/"),
        "frameJs": static("vendor/h5p/frame.bundle.js"),
        "frameCss": static("vendor/h5p/styles/h5p.css"),
        "xapiUrl": f"{base}xapi/",
        "stateUrl": f"{base}state/",
        "objectIri": f"{settings.SITE_URL.rstrip('/')}{base}",
        "previousState": state,
        "csrfToken": get_token(request),
    }
    response = render(
        request,
        "assessments/h5p_player.html",
        {"package": package, "page": page, "config": config},
    )
    response["Cache-Control"] = "private, no-store"
    return _harden(response, PLAYER_CSP)


@login_required
@require_GET
def content_file(request, package_uuid, page_id, path):
    package, _page = _package_and_page(request, package_uuid, page_id)
    if path != "h5p.json" and not path.startswith("content/"):
        raise Http404
    target = store.resolve_file(store.content_dir(package.uuid), path)
    if target is None:
        raise Http404
    response = _file(target)
    response["Cache-Control"] = "private, max-age=300"
    return _harden(response, FILE_CSP)


@login_required
@require_GET
def library_file(request, key, path):
    # Libraries are shared code every learner's browser runs; they hold nothing personal.
    if not LIBRARY_FOLDER.match(key):
        raise Http404
    target = store.resolve_file(store.library_dir(key), path)
    if target is None:
        raise Http404
    response = _file(target)
    response["Cache-Control"] = "private, max-age=3600"
    return _harden(response, LIBRARY_CSP)


def _error(exc: ValidationError | PermissionDenied, status=400) -> JsonResponse:
    messages = getattr(exc, "messages", None) or [str(exc)]
    return JsonResponse({"error": " ".join(messages)}, status=status)


def _api_login(request):
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in first."}, status=403)
    return None


@require_POST
def xapi(request, package_uuid, page_id):
    """Receive one xAPI statement from the player (CSRF token in X-CSRFToken)."""
    if denied := _api_login(request):
        return denied
    if not ratelimit.consume(request, action=XAPI_RATE_ACTION, user=request.user):
        too_many = JsonResponse(
            {"error": _("Too many activity reports in a short time; wait a minute and retry.")},
            status=429,
        )
        too_many["Retry-After"] = "60"
        return _harden(too_many, LIBRARY_CSP)
    try:
        package, page = _package_and_page(request, package_uuid, page_id)
        statement = json_body(request, max_bytes=BODY_LIMIT)
        result = services.h5p_statement_record(
            user=request.user, package=package, page=page, statement=statement
        )
    except ValidationError as exc:
        return _harden(_error(exc), LIBRARY_CSP)
    except PermissionDenied as exc:
        return _harden(_error(exc, status=403), LIBRARY_CSP)
    body = {"stored": True, "result": None}
    if result is not None:
        body["result"] = {
            "id": result.pk,
            "score": str(result.score_raw),
            "max": str(result.score_max),
            "self_reported": result.self_reported,
        }
    return _harden(JsonResponse(body, status=201), LIBRARY_CSP)


@require_POST
def state(request, package_uuid, page_id):
    """Save the player's state ({"state": "<JSON string>"}) so the learner can resume."""
    if denied := _api_login(request):
        return denied
    package, _page = _package_and_page(request, package_uuid, page_id)
    try:
        data = json_body(request, max_bytes=BODY_LIMIT).get("state")
        if data is not None and not isinstance(data, str):
            raise ValidationError(_("state must be a JSON string."))
        services.h5p_state_save(user=request.user, package=package, data=data)
    except ValidationError as exc:
        return _harden(_error(exc), LIBRARY_CSP)
    return _harden(HttpResponse(status=204), LIBRARY_CSP)
