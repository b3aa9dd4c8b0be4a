"""Open Badges 3.0: each certificate as an OpenBadgeCredential, signed as a VC-JWT (ES256).

The JOSE header is {"alg": "ES256", "typ": "JWT", "kid": <URL of the public JWK>}; the key
is fetched from that URL. The payload carries the credential's members at the top level
(VC Data Model 2.0, as OB 3.0.3 secures it) with the registered claims iss, sub, jti, nbf and
exp (when it expires), and the same credential again under `vc`, which is where 1EdTech's
validator and VC-JWT verifiers of the VCDM 1.1 era read it
(docs/decisions/certificates-openbadges-conformance.md).

Revocation is published as a W3C Bitstring Status List (certificates/statuslist.py) named by
the credential's `credentialStatus`; the signed token never changes once issued.
Tokens signed with the Ed25519 key of earlier versions (EdDSA) still verify.
"""

import base64
import hashlib
import json
import re
import uuid
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, OKPKey

from . import keys
from .codes import code_display
from .models import SigningAlgorithm, SigningKey
from .statuslist import PURPOSE, list_position

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ALGORITHM = "ES256"
LEGACY_ALGORITHMS = ["EdDSA", "Ed25519"]  # RFC 9864 names the same signature "Ed25519"
MEDIA_TYPE = "application/vc+jwt"
KID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# A fixed namespace: the subject's URN is derived from the certificate, never from the person.
SUBJECT_NAMESPACE = uuid.UUID("6f0d3c1e-5b7a-4f43-9a52-0c1d2e3f4a5b")


@contextmanager
def _quiet_eddsa():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="EdDSA is deprecated")
        yield


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def iso(value) -> str:
    return value.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def issuer_id() -> str:
    return absolute(reverse("certificates:ob_issuer"))


def legacy_key_id() -> str:
    """The kid of tokens signed before ES256."""
    return issuer_id() + "#key-1"


def key_url(kid: str) -> str:
    """Where the public JWK of key `kid` is published; the JWT header's kid."""
    return absolute(reverse("certificates:ob_key", kwargs={"kid": kid}))


def status_list_url(number: int) -> str:
    return absolute(reverse("certificates:ob_status_list", kwargs={"number": number}))


def published_jwk(row) -> dict:
    """A SigningKey's public JWK as published: its kid is the URL verifiers fetch."""
    legacy = row.algorithm == SigningAlgorithm.EDDSA
    jwk = dict(row.public_jwk)
    jwk.update(
        {"kid": legacy_key_id() if legacy else key_url(row.kid), "alg": row.algorithm, "use": "sig"}
    )
    return jwk


def signing_keys() -> list:
    keys.current_key()  # the first key is created on first use
    return list(SigningKey.objects.order_by("created_at", "pk"))


def issuer_profile() -> dict:
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer_id(),
        "type": ["Profile"],
        "name": settings.WAGTAIL_SITE_NAME,
        "url": absolute("/"),
        "verificationMethod": [
            {
                "id": jwk["kid"],
                "type": "JsonWebKey",
                "controller": issuer_id(),
                "publicKeyJwk": {k: v for k, v in jwk.items() if k not in ("kid", "use")},
            }
            for jwk in (published_jwk(row) for row in signing_keys())
        ],
    }


def _identity_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


def subject_id(certificate) -> str:
    """A URN of the credential's subject: stable per certificate, naming nobody."""
    return f"urn:uuid:{uuid.uuid5(SUBJECT_NAMESPACE, certificate.code)}"


def course_criteria_url(course) -> str | None:
    """The course page's public URL on SITE_URL (not the Wagtail Site's hostname)."""
    parts = course.get_url_parts() if hasattr(course, "get_url_parts") else None
    return absolute(parts[2]) if parts else None


def achievement_for(course_id: int, title: str, criteria_url: str | None) -> dict:
    achievement = {
        "id": absolute(reverse("certificates:ob_achievement", kwargs={"course_id": course_id})),
        "type": ["Achievement"],
        "name": title,
        "description": title,
        "criteria": {"narrative": "Completed every required step and assessment of the course."},
        "achievementType": "Certificate",
    }
    if criteria_url:
        achievement["criteria"]["id"] = criteria_url
    return achievement


def credential_status(certificate) -> dict:
    number, bit = list_position(certificate.status_list_index)
    url = status_list_url(number)
    return {
        "id": f"{url}#{bit}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(bit),
        "statusListCredential": url,
    }


def credential_for(certificate) -> dict:
    """The OpenBadgeCredential (unsigned) of one certificate."""
    display = code_display(certificate.code)
    achievement = achievement_for(
        certificate.course_id,
        certificate.course_title,
        course_criteria_url(certificate.course),
    )
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": absolute(reverse("certificates:ob_credential", kwargs={"code": display})),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": certificate.issuer_name},
        "validFrom": iso(certificate.issued_at),
        "name": certificate.course_title,
        "credentialSubject": {
            "id": subject_id(certificate),
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
        "credentialStatus": credential_status(certificate),
        "evidence": [
            {
                "id": absolute(reverse("certificates:verify", kwargs={"code": display})),
                "type": ["Evidence"],
                "name": "Verification page",
            }
        ],
    }
    if certificate.expires_at:
        credential["validUntil"] = iso(certificate.expires_at)
    return credential


def _timestamp(value: str) -> int:
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def envelope_sign(credential: dict, *, active=None) -> str:
    """A credential as a compact VC-JWT with the current key (OB 3.0 section 8.2)."""
    active = active or keys.current_key()
    subject = credential.get("credentialSubject", {})
    issuer = credential["issuer"]
    claims = {
        **credential,
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": credential["id"],
        "nbf": _timestamp(credential["validFrom"]),
        "vc": credential,
    }
    if subject.get("id"):
        claims["sub"] = subject["id"]
    if credential.get("validUntil"):
        claims["exp"] = _timestamp(credential["validUntil"])
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": key_url(active.kid)}
    return jwt.encode(header, claims, ECKey.import_key(active.private_key), algorithms=[ALGORITHM])


def credential_sign(certificate) -> str:
    """The certificate's credential as a compact VC-JWT signed with the current key."""
    return envelope_sign(credential_for(certificate))


@dataclass
class CheckResult:
    """`error` is English (the command line, logs); `message` is what a visitor reads.

    Error texts are marked with gettext_noop and translated only when shown, so the same
    result serves the verification page in the visitor's language and the command in English.
    `detail` (an exception's class name) is a technical name, never translated."""

    ok: bool
    error: str = ""
    credential: dict | None = None
    code: str = ""
    detail: str = ""

    @property
    def summary(self) -> str:
        """The error in English, with its detail."""
        return f"{self.error} ({self.detail})" if self.detail else self.error

    @property
    def message(self) -> str:
        """The error in the active language, with its detail, for the verification page."""
        text = gettext(self.error) if self.error else ""
        return f"{text} ({self.detail})" if self.detail else text


def _header(token: str) -> dict:
    head = token.split(".", 1)[0]
    header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    if not isinstance(header, dict):
        raise ValueError("header")
    return header


def _verification_key(header: dict):
    """(joserfc key, algorithm) of the key the header names, or None."""
    alg, kid = header.get("alg"), header.get("kid")
    if alg in LEGACY_ALGORITHMS and kid == legacy_key_id():
        row = SigningKey.objects.filter(algorithm=SigningAlgorithm.EDDSA).first()
        if row is None:
            keys.legacy_import()
            row = SigningKey.objects.filter(algorithm=SigningAlgorithm.EDDSA).first()
        return (OKPKey.import_key(row.public_jwk), alg) if row else None
    prefix, _, name = (kid or "").rpartition("/")
    if alg != ALGORITHM or not name.endswith(".json"):
        return None
    name = name.removesuffix(".json")
    if not KID_PATTERN.match(name) or kid != key_url(name):
        return None
    row = SigningKey.objects.filter(kid=name, algorithm=SigningAlgorithm.ES256).first()
    return (ECKey.import_key(row.public_jwk), ALGORITHM) if row else None


def credential_verify(token: str) -> CheckResult:
    """Check a VC-JWT against the key its kid names (current or retired) and its shape."""
    token = (token or "").strip()
    try:
        found = _verification_key(_header(token))
        if found is None:
            return CheckResult(False, gettext_noop("signed with a key this platform does not know"))
        key, alg = found
        with _quiet_eddsa():
            claims = jwt.decode(token, key, algorithms=[alg]).claims
    except (JoseError, ValueError, TypeError, UnicodeDecodeError) as error:
        return CheckResult(
            False, gettext_noop("signature check failed"), detail=error.__class__.__name__
        )
    vc = claims.get("vc")
    if not isinstance(vc, dict) or "OpenBadgeCredential" not in vc.get("type", []):
        return CheckResult(False, gettext_noop("the token holds no OpenBadgeCredential"))
    issuer = vc.get("issuer", {})
    if claims.get("iss") != issuer_id() or issuer.get("id") != issuer_id():
        return CheckResult(False, gettext_noop("issued by someone else"))
    subject = vc.get("credentialSubject", {})
    # Tokens of earlier versions (EdDSA) named the subject by its e-mail hash.
    if alg == ALGORITHM and (not subject.get("id") or claims.get("sub") != subject["id"]):
        return CheckResult(False, gettext_noop("the token's subject differs from the credential's"))
    code = vc.get("id", "").rstrip("/").rsplit("/", 1)[-1]
    return CheckResult(True, credential=vc, code=code)
