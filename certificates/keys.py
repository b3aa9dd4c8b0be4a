"""The platform's Ed25519 signing key for Open Badges.

Production: the PEM in the environment variable OPENBADGES_SIGNING_KEY. Development and tests:
generated once into var/keys/ under the project (git-ignored) and reused. Never committed.
"""

import os
import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENV_VAR = "OPENBADGES_SIGNING_KEY"
_lock = threading.Lock()
_cache: dict = {}


def key_file() -> Path:
    return Path(
        getattr(
            settings,
            "OPENBADGES_KEY_FILE",
            settings.BASE_DIR / "var" / "keys" / "openbadges-ed25519.pem",
        )
    )


def _load_pem(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{ENV_VAR} must hold an Ed25519 private key (PEM).")
    return key


def _generate_file(path: Path) -> bytes:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two processes starting at once must not each write their own key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return pem


def signing_key() -> Ed25519PrivateKey:
    with _lock:
        if "key" not in _cache:
            pem = os.environ.get(ENV_VAR, "").strip()
            if pem:
                key = _load_pem(pem.encode())
            elif not settings.DEBUG and getattr(settings, "OPENBADGES_REQUIRE_ENV_KEY", False):
                raise ImproperlyConfigured(f"Set {ENV_VAR} to the platform's Ed25519 key (PEM).")
            else:
                path = key_file()
                key = _load_pem(path.read_bytes() if path.is_file() else _generate_file(path))
            _cache["key"] = key
        return _cache["key"]


def public_key_raw() -> bytes:
    return (
        signing_key()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def reset_cache() -> None:
    """Forget the loaded key (tests that switch keys)."""
    with _lock:
        _cache.clear()
