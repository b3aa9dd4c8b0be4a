"""Open Badges 3.0 conformance, checked from the outside: the credential's JSON against the
specification's required fields and types, the VC-JWT header and claims, every URL in it
resolving over HTTP, the signature checked by an independent JOSE library (PyJWT), and
revocation read from the W3C Bitstring Status List by a verifier written only from the
specifications (spec_verifier.py). Key rotation keeps old credentials verifiable, and tokens
of the Ed25519 era still verify."""

import base64
import hashlib
import hmac
import json
import re
import warnings
from datetime import timedelta
from urllib.parse import urlsplit

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import ECKey, OKPKey
from wagtail.models import Site

from certificates import keys
from certificates.models import SigningKey
from certificates.openbadges import (
    credential_for,
    credential_sign,
    credential_verify,
    issuer_id,
    key_url,
    legacy_key_id,
)
from certificates.services import certificate_issue, certificate_revoke
from certificates.statuslist import SIZE
from tests.certificates.conftest import build_course
from tests.factories import CertificateFactory, CourseCertificateSettingsFactory, UserFactory

from . import spec_verifier

pytestmark = pytest.mark.django_db

DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path, monkeypatch):
    monkeypatch.delenv(keys.ENV_VAR, raising=False)
    settings.OPENBADGES_KEY_DIR = tmp_path / "keys"
    settings.OPENBADGES_KEY_FILE = tmp_path / "legacy" / "openbadges-ed25519.pem"
    keys.reset_cache()
    yield
    keys.reset_cache()


@pytest.fixture
def certificate(course):
    return CertificateFactory(course=course, learner_name="Amaru Quispe Ñusta")


def _is_uri(value) -> bool:
    return isinstance(value, str) and bool(urlsplit(value).scheme) and " " not in value


def _types(value) -> list:
    return value if isinstance(value, list) else [value]


def _segment(token: str, n: int) -> dict:
    part = token.split(".")[n]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _revoke(certificate, capture):
    with capture(execute=True):
        certificate_revoke(certificate=certificate, reason="Issued in error")


# --- the credential's JSON, from the specification's data model --------------------------


def test_credential_has_the_required_fields_and_types(certificate):
    """OB 3.0 AchievementCredential (OpenBadgeCredential), Profile, AchievementSubject,
    Achievement and Criteria: required properties and their types."""
    vc = credential_for(certificate)
    context = vc["@context"]
    assert isinstance(context, list) and context[0] == "https://www.w3.org/ns/credentials/v2"
    assert any(c.startswith("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0") for c in context)
    assert _is_uri(vc["id"])
    assert "VerifiableCredential" in _types(vc["type"])
    assert {"OpenBadgeCredential", "AchievementCredential"} & set(_types(vc["type"]))
    issuer = vc["issuer"]
    assert _is_uri(issuer["id"]) and "Profile" in _types(issuer["type"])
    assert DATETIME.match(vc["validFrom"])
    assert isinstance(vc["name"], str) and vc["name"]
    subject = vc["credentialSubject"]
    assert _is_uri(subject["id"]) and subject["id"].startswith("urn:uuid:")
    assert "AchievementSubject" in _types(subject["type"])
    achievement = subject["achievement"]
    assert _is_uri(achievement["id"]) and "Achievement" in _types(achievement["type"])
    assert isinstance(achievement["name"], str) and isinstance(achievement["description"], str)
    assert _is_uri(achievement["criteria"]["id"]) or achievement["criteria"]["narrative"]
    for identity in subject["identifier"]:
        assert identity["type"] == "IdentityObject" and isinstance(identity["hashed"], bool)
        assert certificate.user.email not in json.dumps(vc)  # only the salted hash
    status = vc["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert isinstance(status["statusListIndex"], str) and status["statusListIndex"].isdigit()
    assert _is_uri(status["statusListCredential"]) and _is_uri(status["id"])
    assert "validUntil" not in vc


def test_an_expiring_credential_says_until_when_in_the_token_too(course):
    certificate = CertificateFactory(course=course, expires_at=timezone.now() + timedelta(days=90))
    token = credential_sign(certificate)
    vc = _segment(token, 1)["vc"]
    assert DATETIME.match(vc["validUntil"])
    assert _segment(token, 1)["exp"] == int(certificate.expires_at.timestamp())


def test_subject_ids_differ_between_certificates_and_name_nobody(course, certificate):
    other = CertificateFactory(course=course, user=certificate.user, context_key="cohort:1")
    first, second = credential_for(certificate), credential_for(other)
    assert first["credentialSubject"]["id"] != second["credentialSubject"]["id"]
    assert certificate.user.email.split("@")[0] not in first["credentialSubject"]["id"]


def test_criteria_are_built_from_site_url_not_the_wagtail_site_hostname(
    client, certificate, settings
):
    Site.objects.update(hostname="localhost", port=80)
    settings.SITE_URL = "https://learn.example.org"
    settings.ALLOWED_HOSTS = ["learn.example.org"]
    criteria = credential_for(certificate)["credentialSubject"]["achievement"]["criteria"]
    assert criteria["id"] == "https://learn.example.org/courses/governance-of-social-security/"
    spec_verifier.fetch(client, criteria["id"])  # the course page, as anyone sees it
    achievement = spec_verifier.fetch(
        client, credential_for(certificate)["credentialSubject"]["achievement"]["id"]
    ).json()
    assert achievement["criteria"]["id"] == criteria["id"]


# --- the VC-JWT ----------------------------------------------------------------------------


def test_header_and_claims_follow_the_vc_jwt_section(certificate):
    token = credential_sign(certificate)
    header, claims = _segment(token, 0), _segment(token, 1)
    kid = key_url(keys.current_key().kid)
    assert header == {"alg": "ES256", "typ": "JWT", "kid": kid}
    vc = claims["vc"]
    assert claims["iss"] == vc["issuer"]["id"] == issuer_id()
    assert claims["jti"] == vc["id"]
    assert claims["sub"] == vc["credentialSubject"]["id"]
    assert claims["nbf"] == int(certificate.issued_at.replace(microsecond=0).timestamp())
    assert "exp" not in claims
    # The credential's members at the top level too (VCDM 2.0), the same as under `vc`.
    assert {key: claims[key] for key in vc} == vc


def test_kid_dereferences_to_a_public_jwk_and_pyjwt_verifies(client, certificate):
    token = credential_sign(certificate)
    kid = _segment(token, 0)["kid"]
    response = client.get(urlsplit(kid).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwk+json"
    jwk = response.json()
    assert jwk["kid"] == kid and jwk["alg"] == "ES256" and jwk["use"] == "sig"
    assert jwk["kty"] == "EC" and jwk["crv"] == "P-256" and "d" not in jwk
    claims = pyjwt.decode(token, pyjwt.PyJWK(jwk).key, algorithms=["ES256"])
    assert claims["vc"]["credentialSubject"]["name"] == "Amaru Quispe Ñusta"


def test_every_url_in_the_signed_credential_resolves(client, certificate):
    token = credential_sign(certificate)
    urls = set()

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            urls.add(value.split("#", 1)[0])

    walk(_segment(token, 1))
    walk(_segment(token, 0))
    ours = {url for url in urls if url.startswith("http://testserver/")}
    contexts = {url for url in urls - ours if "/ns/credentials/" in url or "/spec/ob/" in url}
    assert urls == ours | contexts  # nothing else points off-site
    assert len(ours) >= 7  # credential, issuer, achievement, criteria, evidence, status, key
    for url in sorted(ours):
        spec_verifier.fetch(client, url)


# --- revocation, as a verifier written from the specifications reads it --------------------


def test_a_revoked_certificate_is_reported_revoked_by_a_spec_only_verifier(
    client, course, certificate, django_capture_on_commit_callbacks
):
    neighbour = CertificateFactory(course=course)
    token = credential_sign(certificate)
    verdict = spec_verifier.verify_credential(client, token)
    assert verdict.revoked is False
    assert verdict.header["alg"] == "ES256"

    _revoke(certificate, django_capture_on_commit_callbacks)

    assert spec_verifier.verify_credential(client, token).revoked is True  # the same token
    assert spec_verifier.verify_credential(client, credential_sign(neighbour)).revoked is False


def test_the_status_list_is_the_spec_minimum_size_and_cached_until_a_revocation(
    client, course, certificate, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    url = reverse("certificates:ob_status_list", kwargs={"number": 0})
    first = client.get(url)
    assert first["Content-Type"] == "application/vc+jwt"
    with django_assert_max_num_queries(3):
        again = client.get(url)
    assert again.content == first.content  # served from the cache

    _revoke(certificate, django_capture_on_commit_callbacks)
    after = client.get(url)
    assert after.content != first.content
    listed = client.get(url, {"format": "json"}).json()
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = listed["credentialSubject"]
    entry = credential_for(certificate)["credentialStatus"]
    assert spec_verifier.revoked(client, entry) is True
    assert subject["statusPurpose"] == "revocation" and SIZE == 131_072


def test_status_list_queries_stay_flat_with_many_revocations(
    client, course, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    url = reverse("certificates:ob_status_list", kwargs={"number": 0})
    counts = []
    for batch in (2, 20):
        for certificate in CertificateFactory.create_batch(batch, course=course):
            _revoke(certificate, django_capture_on_commit_callbacks)
        with django_assert_max_num_queries(4):
            response = client.get(url, {"format": "json"})
        counts.append(response.status_code)
    assert counts == [200, 200]


def test_a_second_list_is_used_past_the_first_and_unknown_lists_are_404(client, course):
    far = CertificateFactory(course=course, status_list_index=SIZE + 5)
    entry = credential_for(far)["credentialStatus"]
    assert entry["statusListIndex"] == "5"
    assert entry["statusListCredential"].endswith("/openbadges/status/1/")
    assert spec_verifier.revoked(client, entry) is False
    two = reverse("certificates:ob_status_list", kwargs={"number": 2})
    assert client.get(two).status_code == 404
    assert client.get("/certificates/openbadges/status/-1/").status_code == 404


def test_issuing_allocates_distinct_bits(learner, awarding_course, finish_course, home_page):
    second = build_course(home_page, title="Actuarial planning")
    CourseCertificateSettingsFactory(course=second)
    finish_course(learner, awarding_course)
    other = UserFactory()
    finish_course(other, awarding_course)
    issued = [
        certificate_issue(user=learner, course=awarding_course, enforce_rules=False),
        certificate_issue(user=other, course=awarding_course, enforce_rules=False),
        certificate_issue(user=learner, course=second, enforce_rules=False),
    ]
    indexes = [c.status_list_index for c in issued]
    assert len(set(indexes)) == 3
    # Issuing again returns the same row and takes no new bit.
    again = certificate_issue(user=learner, course=awarding_course, enforce_rules=False)
    assert again.status_list_index == indexes[0]


# --- keys: rotation, history, the Ed25519 era ----------------------------------------------


def test_rotation_keeps_old_credentials_verifiable(client, certificate, capsys):
    before = credential_sign(certificate)
    old_kid = keys.current_key().kid
    call_command("openbadges_rotate_key")
    assert "New signing key" in capsys.readouterr().out
    keys.reset_cache()
    after = credential_sign(certificate)
    new_kid = keys.current_key().kid
    assert new_kid != old_kid
    assert _segment(before, 0)["kid"] == key_url(old_kid)
    assert _segment(after, 0)["kid"] == key_url(new_kid)
    for token in (before, after):
        assert credential_verify(token).ok
        assert spec_verifier.verify_credential(client, token).revoked is False
    assert SigningKey.objects.get(kid=old_kid).retired_at is not None
    assert SigningKey.objects.get(kid=new_kid).is_current
    published = {jwk["kid"] for jwk in client.get(reverse("certificates:ob_jwks")).json()["keys"]}
    assert published == {key_url(old_kid), key_url(new_kid)}


def test_rotation_where_the_environment_holds_the_key(monkeypatch, tmp_path, certificate):
    monkeypatch.setenv(
        keys.ENV_VAR, keys.private_pem(ec.generate_private_key(ec.SECP256R1())).decode()
    )
    before = credential_sign(certificate)
    with pytest.raises(CommandError, match="--output"):
        call_command("openbadges_rotate_key")
    out = tmp_path / "new.pem"
    call_command("openbadges_rotate_key", "--output", str(out))
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(CommandError, match="exists already"):
        call_command("openbadges_rotate_key", "--output", str(out))
    assert credential_verify(before).ok  # servers not restarted yet: still verifies
    monkeypatch.setenv(keys.ENV_VAR, out.read_text())
    after = credential_sign(certificate)
    assert credential_verify(after).ok and credential_verify(before).ok
    assert SigningKey.objects.filter(retired_at__isnull=True).count() == 1


def test_a_token_of_the_ed25519_era_still_verifies(client, certificate, settings):
    """A token as earlier versions signed it: EdDSA, kid "<issuer>#key-1", sub the hash."""

    legacy = Ed25519PrivateKey.generate()
    settings.OPENBADGES_KEY_FILE.parent.mkdir(parents=True)
    settings.OPENBADGES_KEY_FILE.write_bytes(keys.private_pem(legacy))
    vc = credential_for(certificate)
    del vc["credentialSubject"]["id"]
    claims = {
        "iss": issuer_id(),
        "sub": vc["credentialSubject"]["identifier"][0]["identityHash"],
        "jti": vc["id"],
        "nbf": int(certificate.issued_at.timestamp()),
        "vc": vc,
    }
    header = {"alg": "EdDSA", "typ": "vc+jwt", "kid": legacy_key_id()}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        token = jwt.encode(header, claims, OKPKey.import_key(legacy), algorithms=["EdDSA"])
    assert credential_verify(token).ok  # imports the old public key on first need
    row = SigningKey.objects.get(algorithm="EdDSA")
    assert not row.is_current
    published = client.get(reverse("certificates:ob_jwks")).json()["keys"]
    assert {"kid": legacy_key_id(), "kty": "OKP", "crv": "Ed25519"}.items() <= next(
        jwk for jwk in published if jwk["kty"] == "OKP"
    ).items()
    # The private key file may go now: the database remembers the public key.
    settings.OPENBADGES_KEY_FILE.unlink()
    assert credential_verify(token).ok


# --- hostile tokens and key URLs -------------------------------------------------------------


def _sign_with_current(header: dict, claims: dict) -> str:
    return jwt.encode(header, claims, ECKey.import_key(keys.current_key().private_key))


def test_hostile_tokens_are_refused(certificate):
    token = credential_sign(certificate)
    header, claims = _segment(token, 0), _segment(token, 1)
    kid = header["kid"]

    def b64(data) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    unsigned = f"{b64({'alg': 'none', 'kid': kid})}.{b64(claims)}."
    assert not credential_verify(unsigned).ok
    # HS256 with the public key as the shared secret (algorithm confusion).
    public = json.dumps(SigningKey.objects.get().public_jwk).encode()
    signing_input = f"{b64({'alg': 'HS256', 'typ': 'JWT', 'kid': kid})}.{b64(claims)}"
    mac = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
    confused = signing_input + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    assert not credential_verify(confused).ok
    # A kid on another host, even naming a known key.
    elsewhere = kid.replace("http://testserver", "https://evil.example")
    assert not credential_verify(_sign_with_current({**header, "kid": elsewhere}, claims)).ok
    # Signed by our key but the subject claim differs from credentialSubject.id.
    assert not credential_verify(_sign_with_current(header, {**claims, "sub": "urn:x"})).ok
    # A credential of another issuer.
    foreign = {**claims, "iss": "https://evil.example/issuer"}
    assert not credential_verify(_sign_with_current(header, foreign)).ok
    assert credential_verify(_sign_with_current(header, claims)).ok  # the control


@pytest.mark.parametrize(
    "kid", ["..%2F..%2Fsettings", "short", "A" * 65, "%00" * 20, "x" * 43 + "%2F", "abc.def"]
)
def test_key_urls_refuse_unknown_and_odd_kids(client, db, kid):
    # Django refuses NUL in a path outright (400); anything else is simply not found.
    assert client.get(f"/certificates/openbadges/keys/{kid}.json").status_code in (400, 404)


def test_only_get_is_served(client, certificate):
    kid = keys.current_key().kid
    for url in (
        reverse("certificates:ob_key", kwargs={"kid": kid}),
        reverse("certificates:ob_status_list", kwargs={"number": 0}),
    ):
        assert client.post(url).status_code == 405
        assert client.get(url).status_code == 200
