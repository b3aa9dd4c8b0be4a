"""The embedded default: SQLite, eager tasks, console e-mail, local media. No server to install."""

import os
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env


def dev_site_url(environ: Mapping[str, str]) -> str:
    """SITE_URL when set; otherwise the address `make run` serves on, PORT included, so that
    QR codes, e-mail links and badge URLs point at the running server."""
    if environ.get("SITE_URL"):
        return environ["SITE_URL"]
    port = environ.get("PORT") or "8000"
    if not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise ImproperlyConfigured(f"PORT must be a TCP port number, not {port!r}.")
    return f"http://127.0.0.1:{int(port)}"


DEBUG = env.bool("DEBUG", default=True)
# A fixed key is acceptable only here: dev never holds real data.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only-socle-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
# WebAuthn over plain http on the development server.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
SITE_URL = dev_site_url(os.environ)
WAGTAILADMIN_BASE_URL = SITE_URL
