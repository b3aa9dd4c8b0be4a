"""Open Badges 3.0: each certificate as an OpenBadgeCredential, signed as a VC-JWT (EdDSA).

The issuer profile (with its public key as a Multikey) and a JWK set are published at stable
URLs; revocation is reflected at the credential's status URL (credentialStatus), not in the
signed token, which never changes once issued.
"""

import hashlib
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from .codes import code_display
from .keys import public_key_raw, signing_key

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ALGORITHM = "EdDSA"
# "EdDSA" is what deployed VC-JWT / Open Badges verifiers understand; RFC 9864 names the
# same Ed25519 signature "Ed25519", which is accepted too.
ACCEPTED = [ALGORITHM, "Ed25519"]
MEDIA_TYPE = "application/vc+jwt"


@contextmanager
def _quiet_eddsa():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="EdDSA is deprecated")
        yield


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_id() -> str:
    return absolute(reverse("certificates:ob_issuer"))


def key_id() -> str:
    return issuer_id() + "#key-1"


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = _B58[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def public_multikey() -> str:
    """The public key as a Multikey (multicodec ed25519-pub 0xed01, base58btc, prefix z)."""
    return "z" + _base58btc(b"\xed\x01" + public_key_raw())


def public_jwk() -> dict:
    key = OKPKey.import_key(signing_key())
    jwk = key.as_dict(private=False)
    jwk.update({"kid": key_id(), "alg": ALGORITHM, "use": "sig"})
    return jwk


def issuer_profile() -> dict:
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_id(),
        "type": ["Profile"],
        "name": settings.WAGTAIL_SITE_NAME,
        "url": absolute("/"),
        "verificationMethod": [
            {
                "id": key_id(),
                "type": "Multikey",
                "controller": issuer_id(),
                "publicKeyMultibase": public_multikey(),
            }
        ],
        "publicKeyJwk": absolute(reverse("certificates:ob_jwks")),
    }


def _iso(value) -> str:
    return value.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _identity_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


def credential_for(certificate) -> dict:
    """The OpenBadgeCredential (unsigned) of one certificate."""
    display = code_display(certificate.code)
    course_url = certificate.course.full_url if hasattr(certificate.course, "full_url") else None
    achievement = {
        "id": absolute(
            reverse("certificates:ob_achievement", kwargs={"course_id": certificate.course_id})
        ),
        "type": ["Achievement"],
        "name": certificate.course_title,
        "description": certificate.course_title,
        "criteria": {"narrative": "Completed every required step and assessment of the course."},
        "achievementType": "Certificate",
    }
    if course_url:
        achievement["criteria"]["id"] = course_url
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": absolute(reverse("certificates:ob_credential", kwargs={"code": display})),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": certificate.issuer_name},
        "validFrom": _iso(certificate.issued_at),
        "name": certificate.course_title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.learner_name,
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": _identity_hash(certificate.user.email, certificate.code),
                    "salt": certificate.code,
                }
            ],
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": absolute(reverse("certificates:ob_status", kwargs={"code": display})),
            "type": "1EdTechRevocationList",
        },
        "evidence": [
            {
                "id": absolute(reverse("certificates:verify", kwargs={"code": display})),
                "type": ["Evidence"],
                "name": "Verification page",
            }
        ],
    }
    if certificate.expires_at:
        credential["validUntil"] = _iso(certificate.expires_at)
    return credential


def credential_sign(certificate) -> str:
    """The credential as a compact VC-JWT signed with the platform key."""
    credential = credential_for(certificate)
    claims = {
        "iss": issuer_id(),
        "sub": credential["credentialSubject"]["identifier"][0]["identityHash"],
        "jti": credential["id"],
        "nbf": int(certificate.issued_at.timestamp()),
        "vc": credential,
    }
    if certificate.expires_at:
        claims["exp"] = int(certificate.expires_at.timestamp())
    header = {"alg": ALGORITHM, "typ": "vc+jwt", "kid": key_id()}
    with _quiet_eddsa():
        return jwt.encode(header, claims, OKPKey.import_key(signing_key()), algorithms=[ALGORITHM])


@dataclass
class CheckResult:
    ok: bool
    error: str = ""
    credential: dict | None = None
    code: str = ""


def credential_verify(token: str) -> CheckResult:
    """Check a VC-JWT's signature against the platform key and its shape; no database access."""
    token = (token or "").strip()
    public = OKPKey.import_key(public_jwk())
    try:
        with _quiet_eddsa():
            claims = jwt.decode(token, public, algorithms=ACCEPTED).claims
    except (JoseError, ValueError, TypeError, UnicodeDecodeError) as error:
        return CheckResult(False, f"signature check failed ({error.__class__.__name__})")
    vc = claims.get("vc")
    if not isinstance(vc, dict) or "OpenBadgeCredential" not in vc.get("type", []):
        return CheckResult(False, "the token holds no OpenBadgeCredential")
    if claims.get("iss") != issuer_id() or vc.get("issuer", {}).get("id") != issuer_id():
        return CheckResult(False, "issued by someone else")
    code = vc.get("id", "").rstrip("/").rsplit("/", 1)[-1]
    return CheckResult(True, credential=vc, code=code)
