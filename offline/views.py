"""Views of the offline app: the web app manifest, the service worker, the offline page, a
course's download list and the replay of what was done offline."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from allauth.core import ratelimit
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from courses.models import CoursePage
from learning.safeinput import json_body

from . import selectors, services

THEME_COLOUR = "#0b5cab"  # --brand in learning/static/css/socle.css
ICONS = (("offline/icons/icon-192.png", "192x192"), ("offline/icons/icon-512.png", "512x512"))
# The service worker's code and what it precaches: the offline page and the site's shell.
SW_MAIN = "offline/sw-main.js"
SHELL = (
    "css/socle.css",
    "offline/offline.css",
    "offline/queue.js",
    "offline/app.js",
    "assessments/h5p-embed.js",
    *(path for path, _size in ICONS),
)
WORKBOX = {
    f"workbox-{name}": f"vendor/workbox/{name}/workbox-{name}.prod.js"
    for name in ("core", "routing", "strategies", "precaching")
} | {"workbox-sw": "vendor/workbox/sw/workbox-sw.js"}
SYNC_LIMIT = 512 * 1024
# allauth's limiter; the rate is the "offline_sync" entry of ACCOUNT_RATE_LIMITS (per account).
SYNC_RATE_ACTION = "offline_sync"


@lru_cache(maxsize=64)
def _digest(path: str) -> str:
    """A short hash of a static file's content (its revision in the precache)."""
    found = finders.find(path)
    if not isinstance(found, str):
        return ""
    with open(found, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:12]


def _version() -> str:
    parts = [_digest(p) for p in (SW_MAIN, *SHELL, *(w for w in WORKBOX.values()))]
    return hashlib.sha256("".join(parts).encode()).hexdigest()[:12]


@login_not_required
@require_GET
def manifest(request):
    body = {
        "name": _("Socle: learning for social protection"),
        "short_name": "Socle",
        "description": _("Courses for the people who design, finance and run social protection."),
        "start_url": reverse("dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": "any"}
            for path, sizes in ICONS
        ]
        + [
            {
                "src": static(ICONS[1][0]),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            }
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@login_not_required
@require_GET
def service_worker(request):
    """/sw.js at the root, so that its scope is the whole site. Browsers check it for updates
    at each visit; it must never come from a cache (no-cache), and its version changes with
    any file it precaches or imports."""
    version = _version()
    config = {
        "version": version,
        "offlineUrl": reverse("offline:page"),
        "staticUrl": static(""),
        "workbox": {name: static(path) for name, path in WORKBOX.items()},
        "precache": [
            {"url": reverse("offline:page"), "revision": f"{version}-{request.LANGUAGE_CODE}"}
        ]
        + [{"url": static(path), "revision": _digest(path)} for path in SHELL],
    }
    body = (
        "/* Socle's service worker: its code is in offline/sw-main.js (Workbox). */\n"
        f"self.socleOffline = {json.dumps(config)};\n"
        f"importScripts({json.dumps(static(SW_MAIN))});\n"
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_GET
def offline_page(request):
    """What a page that is not on the device shows without a connection (precached)."""
    panel = {"list_url_pattern": reverse("offline:course_files", args=[0])}
    return render(request, "offline/offline.html", {"panel": panel})


@never_cache
@require_GET
def course_files(request, course_id: int):
    """Every URL of the course the learner's device must fetch, with sizes and a version."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in first.")}, status=403)
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    download = selectors.course_download(user=request.user, course=course)
    if download is None:
        return JsonResponse({"error": _("Enrol in this course first.")}, status=403)
    return JsonResponse(download.as_json())


@never_cache
@require_POST
def sync(request):
    """Replay a batch of actions recorded offline (services.replay_batch). A malformed batch
    is refused whole (400) and nothing is written."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in first.")}, status=403)
    if not ratelimit.consume(request, action=SYNC_RATE_ACTION, user=request.user):
        too_many = JsonResponse(
            {"error": _("Too many replays in a short time; wait a minute and retry.")}, status=429
        )
        too_many["Retry-After"] = "60"
        return too_many
    try:
        items = services.replay_parse(json_body(request, max_bytes=SYNC_LIMIT))
        results = services.replay_batch(request=request, items=items)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    except PermissionDenied as exc:
        return JsonResponse({"error": str(exc)}, status=403)
    return JsonResponse({"results": results})
