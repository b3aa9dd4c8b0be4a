"""A verifier written only from the specifications, sharing no code with the platform.

- Open Badges 3.0, section 8.2 (VC-JWT): the JOSE header's `alg` is RS256 or ES256 (what
  1EdTech's validator accepts) and its `kid` dereferences to the issuer's public JWK
  (RFC 7517); the payload's registered claims iss, jti, nbf, sub (and exp when the
  credential expires) match the credential's issuer.id, id, validFrom, credentialSubject.id
  and validUntil; the credential is read from `vc`, or from the payload itself.
- W3C Bitstring Status List, "Validate Algorithm": fetch the statusListCredential, verify
  it, check its statusPurpose equals the entry's, multibase-decode (prefix "u": base64url
  without padding) and GZIP-expand `encodedList`, refuse fewer than 131,072 entries, and read
  the bit at statusListIndex, counted from the most significant bit of the first byte: 1
  means the status applies (revoked).

Signatures are checked with PyJWT, an independent JOSE library. URLs are fetched through a
Django test client, standing in for HTTP.
"""

import base64
import gzip
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import jwt

ALGORITHMS = ("RS256", "ES256")
MINIMUM_ENTRIES = 131_072


class SpecError(AssertionError):
    """The credential breaks the specification; the message says where."""


def _require(condition, message: str) -> None:
    if not condition:
        raise SpecError(message)


def fetch(client, url: str):
    """GET an absolute URL of the site under test; it must answer 200."""
    parts = urlsplit(url)
    _require(parts.scheme in ("http", "https") and parts.netloc, f"not an absolute URL: {url}")
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    response = client.get(path, HTTP_HOST=parts.netloc)
    _require(response.status_code == 200, f"{url} answered {response.status_code}")
    return response


def _timestamp(value: str) -> int:
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def verify_jwt(client, token: str) -> tuple[dict, dict, dict]:
    """(header, claims, credential) of a VC-JWT whose signature verifies with the key its
    kid dereferences to; raises SpecError or a PyJWT error otherwise."""
    header = jwt.get_unverified_header(token)
    _require(header.get("alg") in ALGORITHMS, f"alg must be RS256 or ES256, not {header}")
    _require("typ" not in header or header["typ"] in ("JWT", "vc+jwt"), f"typ {header['typ']}")
    _require(isinstance(header.get("kid"), str), "the header has no kid")
    jwk = fetch(client, header["kid"]).json()
    _require("d" not in jwk, "the published JWK holds a private key")
    key = jwt.PyJWK(jwk, algorithm=header["alg"])
    claims = jwt.decode(
        token,
        key.key,
        algorithms=[header["alg"]],
        options={"require": ["iss", "jti", "nbf"], "verify_aud": False},
    )
    credential = claims["vc"] if isinstance(claims.get("vc"), dict) else claims
    issuer = credential["issuer"]
    _require(claims["iss"] == (issuer["id"] if isinstance(issuer, dict) else issuer), "iss")
    _require(claims["jti"] == credential["id"], "jti must equal the credential's id")
    _require(claims["nbf"] == _timestamp(credential["validFrom"]), "nbf must be validFrom")
    if "validUntil" in credential:
        _require(claims.get("exp") == _timestamp(credential["validUntil"]), "exp")
    subject = credential["credentialSubject"]
    if "id" in subject:
        _require(claims.get("sub") == subject["id"], "sub must equal credentialSubject.id")
    return header, claims, credential


def revoked(client, entry: dict) -> bool:
    """The Bitstring Status List validate algorithm for one BitstringStatusListEntry."""
    _require(entry.get("type") == "BitstringStatusListEntry", f"entry type {entry.get('type')}")
    purpose = entry["statusPurpose"]
    index = int(entry["statusListIndex"])
    token = fetch(client, entry["statusListCredential"]).content.decode()
    _header, _claims, status_list = verify_jwt(client, token)
    _require("BitstringStatusListCredential" in status_list["type"], "not a status list")
    subject = status_list["credentialSubject"]
    _require(subject["type"] == "BitstringStatusList", "credentialSubject type")
    _require(subject["statusPurpose"] == purpose, "statusPurpose differs from the entry's")
    encoded = subject["encodedList"]
    _require(encoded.startswith("u"), "encodedList must be multibase base64url (prefix u)")
    data = encoded[1:]
    bitstring = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    _require(len(bitstring) * 8 >= MINIMUM_ENTRIES, "STATUS_LIST_LENGTH_ERROR")
    _require(0 <= index < len(bitstring) * 8, "RANGE_ERROR")
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


@dataclass
class Verdict:
    header: dict
    claims: dict
    credential: dict
    revoked: bool
    notes: list = field(default_factory=list)


def verify_credential(client, token: str) -> Verdict:
    """Verify an OpenBadgeCredential VC-JWT and report whether it is revoked."""
    header, claims, credential = verify_jwt(client, token)
    _require("OpenBadgeCredential" in credential["type"], "not an OpenBadgeCredential")
    statuses = credential.get("credentialStatus", [])
    statuses = statuses if isinstance(statuses, list) else [statuses]
    is_revoked = any(
        revoked(client, entry) for entry in statuses if entry.get("statusPurpose") == "revocation"
    )
    return Verdict(header, claims, credential, is_revoked)
