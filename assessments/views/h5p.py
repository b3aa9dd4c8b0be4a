"""H5P: the player document, its files, and the xAPI and state endpoints.

Every response carries `X-Content-Type-Options: nosniff`, same-origin framing only and a
restrictive Content-Security-Policy. Files come from the private storage (learning.storage),
never from a public URL. Content files are only served to someone who may open a page that
places the package.
"""

from __future__ import annotations

from functools import wraps

from allauth.core import ratelimit
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learning.safeinput import json_body
from learning.storage import private_file_response

from .. import selectors, services
from ..h5p import store
from ..h5p.validation import LIBRARY_FOLDER
from ..models import H5PLibrary, H5PPackage

# h5p-standalone (3.8.x) starts its content frame with one fixed inline script,
# `H5PIntegration = window.parent.H5PIntegration; ...`; it is allowed by its hash and nothing
# else inline may run. The browser test fails if an upgrade changes it.
H5P_STANDALONE_BOOTSTRAP = "'sha256-8CniZYrnO46q7MvZ3m08Wom1HH/ZhyXmm29kBKTV1rk='"
# The one exception to the site-wide policy (settings CONTENT_SECURITY_POLICY): the player
# document needs inline styles and the bootstrap above. Its content frame is about:blank,
# written by the player, so no URL may be framed at all (`frame-src 'none'`): package files
# are never loaded as documents in the site's origin.
PLAYER_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", H5P_STANDALONE_BOOTSTRAP],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'none'"],
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}
# Files are data: nothing in them may run, even when opened directly. `sandbox` without
# `allow-scripts` or `allow-same-origin`: an SVG or XHTML file opened at its URL is an inert
# document in an opaque origin. Types that are not media, fonts, JSON, CSS or JS are
# attachments as well (learning.storage.private_file_response).
FILE_CSP = (
    "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
    "font-src 'self' data:; sandbox; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
LIBRARY_CSP = "default-src 'none'; sandbox; frame-ancestors 'self'; base-uri 'none'"
API_CSP = "default-src 'none'; frame-ancestors 'none'"
BODY_LIMIT = 64 * 1024
# allauth's limiter; the rate is the "h5p_xapi" entry of ACCOUNT_RATE_LIMITS (per account).
XAPI_RATE_ACTION = "h5p_xapi"


def _harden(response: HttpResponse, csp: str | None) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "SAMEORIGIN"
    if csp is not None:
        response["Content-Security-Policy"] = csp
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _package_and_page(request, package_uuid, page_id):
    package = get_object_or_404(H5PPackage, uuid=package_uuid)
    page = selectors.h5p_page_for(request=request, package=package, page_id=page_id)
    if page is None:
        raise PermissionDenied(_("You may not open this activity."))
    return package, page


def _signed_in(view):
    """Files are fetched by the player, not opened by people: 403, not a sign-in redirect."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied("Sign in first.")
        return view(request, *args, **kwargs)

    return wrapper


def _file(name: str | None) -> HttpResponse:
    if name is None:
        raise Http404
    try:
        return private_file_response(name)
    except FileNotFoundError as exc:
        raise Http404 from exc


@login_required
@require_GET
@csp_replace(PLAYER_CSP)
def player(request, package_uuid, page_id):
    package, page = _package_and_page(request, package_uuid, page_id)
    base = reverse("assessments:h5p_player", args=[package.uuid, page.pk])
    state = selectors.h5p_state_for(user=request.user, package=package)
    config = {
        "contentId": str(package.uuid),
        "pageId": page.pk,
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
    return _harden(response, None)


@_signed_in
@require_GET
def content_file(request, package_uuid, page_id, path):
    package, _page = _package_and_page(request, package_uuid, page_id)
    if path != "h5p.json" and not path.startswith("content/"):
        raise Http404
    response = _file(store.file_name(store.content_prefix(package.uuid), path))
    response["Cache-Control"] = "private, max-age=300"
    return _harden(response, FILE_CSP)


@_signed_in
@require_GET
def library_file(request, key, path):
    # Libraries are shared code every learner's browser runs; they hold nothing personal.
    match = LIBRARY_FOLDER.match(key)
    if not match:
        raise Http404
    patch = (
        H5PLibrary.objects.filter(
            machine_name=match["name"],
            major_version=int(match["major"]),
            minor_version=int(match["minor"]),
        )
        .values_list("patch_version", flat=True)
        .first()
    )
    if patch is None:
        raise Http404
    response = _file(store.file_name(store.library_prefix(key, patch), path))
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
        return _harden(too_many, API_CSP)
    try:
        package, page = _package_and_page(request, package_uuid, page_id)
        statement = json_body(request, max_bytes=BODY_LIMIT)
        result = services.h5p_statement_record(
            user=request.user, package=package, page=page, statement=statement
        )
    except ValidationError as exc:
        return _harden(_error(exc), API_CSP)
    except PermissionDenied as exc:
        return _harden(_error(exc, status=403), API_CSP)
    body = {"stored": True, "result": None}
    if result is not None:
        body["result"] = {
            "id": result.pk,
            "score": str(result.score_raw),
            "max": str(result.score_max),
            "self_reported": result.self_reported,
        }
    return _harden(JsonResponse(body, status=201), API_CSP)


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
        return _harden(_error(exc), API_CSP)
    return _harden(HttpResponse(status=204), API_CSP)
