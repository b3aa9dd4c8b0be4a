"""The platform's Open Badges signing keys: one current ES256 (P-256) key, and the history.

Every key is known by its kid, the RFC 7638 thumbprint of its public JWK. The public half of
every key ever used is a `SigningKey` row, kept for as long as the site exists, so that
credentials signed with a retired key still verify (verification picks the key by kid). The
private half never enters the database:

- production: the PEM in the environment variable OPENBADGES_SIGNING_KEY, the same on every
  app server (settings set OPENBADGES_REQUIRE_ENV_KEY);
- elsewhere: one file per kid, `<OPENBADGES_KEY_DIR>/<kid>.pem` (mode 0600, default
  var/keys/openbadges/ under the project, git-ignored), created on first use and by
  `manage.py openbadges_rotate_key`.

Before ES256, credentials were signed with one Ed25519 key (EdDSA; in the environment
variable, or the file OPENBADGES_KEY_FILE). Its public key is recorded as a retired key the
first time keys are set up or rotated, so the tokens it signed keep verifying.
"""

import base64
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SigningAlgorithm, SigningKey

ENV_VAR = "OPENBADGES_SIGNING_KEY"
ROTATE_COMMAND = "manage.py openbadges_rotate_key"
_lock = threading.Lock()
_cache: dict = {}


@dataclass(frozen=True)
class ActiveKey:
    kid: str
    private_key: ec.EllipticCurvePrivateKey


def key_dir() -> Path:
    default = settings.BASE_DIR / "var" / "keys" / "openbadges"
    return Path(getattr(settings, "OPENBADGES_KEY_DIR", default))


def legacy_key_file() -> Path:
    """Where development kept the Ed25519 key before ES256."""
    default = settings.BASE_DIR / "var" / "keys" / "openbadges-ed25519.pem"
    return Path(getattr(settings, "OPENBADGES_KEY_FILE", default))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk_of(key) -> dict:
    """The public JWK (only the members RFC 7638 hashes) of a private or public key."""
    public = key.public_key() if hasattr(key, "public_key") else key
    if isinstance(public, ec.EllipticCurvePublicKey):
        numbers = public.public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": _b64(numbers.x.to_bytes(32, "big")),
            "y": _b64(numbers.y.to_bytes(32, "big")),
        }
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64(raw)}


def thumbprint(jwk: dict) -> str:
    """RFC 7638: SHA-256 of the required members, sorted, without white space."""
    required = ("crv", "kty", "x", "y") if jwk["kty"] == "EC" else ("crv", "kty", "x")
    canonical = json.dumps({name: jwk[name] for name in required}, separators=(",", ":"))
    return _b64(hashlib.sha256(canonical.encode()).digest())


def _load_pem(pem: bytes, source: str):
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"{source} holds no readable private key (PEM).") from error
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
        return key
    if isinstance(key, Ed25519PrivateKey):
        return key
    raise ImproperlyConfigured(f"{source} must hold a P-256 (ES256) private key (PEM).")


def private_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_private(path: Path, pem: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: never overwrite a key; mode 0600 from the start.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def _env_key():
    pem = os.environ.get(ENV_VAR, "").strip()
    if not pem:
        return None
    with _lock:
        if _cache.get("env_pem") != pem:
            _cache["env_key"] = _load_pem(pem.encode(), ENV_VAR)
            _cache["env_pem"] = pem
        return _cache["env_key"]


def _file_key(kid: str):
    with _lock:
        if kid not in _cache:
            path = key_dir() / f"{kid}.pem"
            if not path.is_file():
                raise ImproperlyConfigured(
                    f"The private key of the current Open Badges key {kid} is missing from "
                    f"{key_dir()}: restore it from a backup, or run {ROTATE_COMMAND}."
                )
            _cache[kid] = _load_pem(path.read_bytes(), str(path))
        return _cache[kid]


def legacy_public_key():
    """The Ed25519 key of earlier versions, if this site has it (environment or file)."""
    key = _env_key()
    if isinstance(key, Ed25519PrivateKey):
        return key.public_key()
    path = legacy_key_file()
    if path.is_file():
        key = _load_pem(path.read_bytes(), str(path))
        if isinstance(key, Ed25519PrivateKey):
            return key.public_key()
    return None


def legacy_import() -> None:
    """Record the Ed25519 key of earlier versions as a retired key (once), so the EdDSA
    tokens it signed still verify without it."""
    if SigningKey.objects.filter(algorithm=SigningAlgorithm.EDDSA).exists():
        return
    public = legacy_public_key()
    if public is None:
        return
    jwk = public_jwk_of(public)
    SigningKey.objects.get_or_create(
        kid=thumbprint(jwk),
        defaults={
            "algorithm": SigningAlgorithm.EDDSA,
            "public_jwk": jwk,
            "retired_at": timezone.now(),
        },
    )


def _register_current(jwk: dict):
    """Record `jwk` as the current key and retire the one before; returns the row."""
    kid = thumbprint(jwk)
    with transaction.atomic():
        now = timezone.now()
        SigningKey.objects.select_for_update().filter(retired_at__isnull=True).exclude(
            kid=kid
        ).update(retired_at=now)
        row, _created = SigningKey.objects.get_or_create(
            kid=kid, defaults={"algorithm": SigningAlgorithm.ES256, "public_jwk": jwk}
        )
    return row


def key_rotate(*, output: Path | None = None):
    """A new current ES256 key; the current one is retired (it still verifies what it
    signed). Its private key goes to the key folder, or to `output` when the environment
    variable holds the keys (production): put that file's content into OPENBADGES_SIGNING_KEY
    on every app server and restart them. Returns the new SigningKey."""
    legacy_import()
    key = ec.generate_private_key(ec.SECP256R1())
    jwk = public_jwk_of(key)
    kid = thumbprint(jwk)
    from_env = bool(os.environ.get(ENV_VAR, "").strip())
    if from_env != (output is not None):
        raise ImproperlyConfigured(
            f"{ENV_VAR} holds the signing key here: give a file for the new one (--output)."
            if from_env
            else f"The keys live in {key_dir()} here; --output is for sites that use {ENV_VAR}."
        )
    _write_private(Path(output) if from_env else key_dir() / f"{kid}.pem", private_pem(key))
    return _register_current(jwk)


def _require_env() -> bool:
    return not settings.DEBUG and getattr(settings, "OPENBADGES_REQUIRE_ENV_KEY", False)


def current_key() -> ActiveKey:
    """The key that signs now (generated on first use outside production)."""
    key = _env_key()
    if isinstance(key, Ed25519PrivateKey):
        legacy_import()
        raise ImproperlyConfigured(
            f"{ENV_VAR} holds the Ed25519 key of earlier versions, which no longer signs: run "
            f"{ROTATE_COMMAND} --output FILE and put that file's content into {ENV_VAR}."
        )
    if key is not None:
        jwk = public_jwk_of(key)
        kid = thumbprint(jwk)
        if not SigningKey.objects.filter(kid=kid).exists():
            legacy_import()
            _register_current(jwk)
        return ActiveKey(kid, key)
    if _require_env():
        raise ImproperlyConfigured(f"Set {ENV_VAR} to the platform's P-256 signing key (PEM).")
    row = SigningKey.objects.filter(retired_at__isnull=True).first()
    if row is None:
        try:
            row = key_rotate()
        except IntegrityError:  # another process created the first key at the same moment
            row = SigningKey.objects.get(retired_at__isnull=True)
    return ActiveKey(row.kid, _file_key(row.kid))


def kid_of_pem(pem: bytes, source: str) -> str:
    """The kid of a private key given as PEM (restores compare keys by kid, never by bytes:
    the same key may be encoded differently)."""
    return thumbprint(public_jwk_of(_load_pem(pem, source)))


def private_key_files() -> list[Path]:
    """Every private key file of the key folder (backups)."""
    folder = key_dir()
    return sorted(folder.glob("*.pem")) if folder.is_dir() else []


def private_key_restore(name: str, pem: bytes) -> Path:
    """Put a private key file back into the key folder (restore); refuses odd names."""
    if not name.endswith(".pem") or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"not a key file name: {name!r}")
    path = key_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    _write_private(path, pem)
    reset_cache()
    return path


def reset_cache() -> None:
    """Forget the loaded keys (tests that switch keys, restores)."""
    with _lock:
        _cache.clear()
