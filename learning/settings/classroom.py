"""The classroom server: a trainer's laptop serves a room over its Wi-Fi (`make serve`).

The embedded default (SQLite in WAL mode, eager tasks, local media, no other service), run by
gunicorn with several processes and threads instead of Django's development server. What
differs from `make run`, and why (docs/decisions/learning-classroom-server.md):
- DEBUG is off: phones on the network never see tracebacks or settings;
- one file-based cache that every gunicorn process shares, so rate limits, outline caches
  and check-in codes agree between processes (a local-memory cache would be one per process);
- a secret key generated once into var/ and kept, so sessions survive a restart;
- links in e-mails, QR codes and badges use the laptop's address on the network;
- static files from whitenoise, public media from the app (there is no proxy in the room).
"""

import os
import secrets
import socket
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, STORAGES, env

VAR = Path(env.path("SOCLE_VAR_DIR", default=BASE_DIR / "var"))


def local_secret_key(path: Path) -> str:
    """The key kept in `path`, made on first use (readable by its owner only)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def network_address() -> str:
    """This machine's address on its local network (no packet is sent), else loopback."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def classroom_site_url(environ: Mapping[str, str]) -> str:
    """SITE_URL when set; otherwise http://<network address>:<PORT>."""
    if environ.get("SITE_URL"):
        return environ["SITE_URL"]
    port = environ.get("PORT") or "8000"
    if not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise ImproperlyConfigured(f"PORT must be a TCP port number, not {port!r}.")
    return f"http://{network_address()}:{int(port)}"


DEBUG = False
SECRET_KEY = env("SECRET_KEY", default=None) or local_secret_key(VAR / "classroom-secret-key")
# Phones reach the laptop by whatever address the room's Wi-Fi gave it.
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
SITE_URL = classroom_site_url(os.environ)
WAGTAILADMIN_BASE_URL = SITE_URL
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
# Public media (images, H5P packages) served by the app, as inert data (learning/urls.py).
SOCLE_SERVE_MEDIA = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
