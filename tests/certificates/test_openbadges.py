"""Open Badges 3.0: signed credential round trip, tampering, published keys, status, command."""

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse
from joserfc import jwt
from joserfc.jwk import ECKey

from certificates import keys
from certificates.models import SigningKey
from certificates.openbadges import credential_sign, credential_verify, issuer_id, key_url
from certificates.services import certificate_revoke
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _key_in_tmp(settings, tmp_path, monkeypatch):
    """Each test gets its own key folder; the project's var/keys/ stays untouched."""
    monkeypatch.delenv(keys.ENV_VAR, raising=False)
    settings.OPENBADGES_KEY_FILE = tmp_path / "keys" / "ob.pem"
    settings.OPENBADGES_KEY_DIR = tmp_path / "keys" / "openbadges"
    keys.reset_cache()
    yield
    keys.reset_cache()


@pytest.fixture
def certificate(course):
    return CertificateFactory(course=course, learner_name="Абдуллоҳ Ғафуров")


def _payload(token):
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_signature_round_trip(certificate):
    token = credential_sign(certificate)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": "ES256", "typ": "JWT", "kid": key_url(keys.current_key().kid)}
    result = credential_verify(token)
    assert result.ok, result.error
    vc = result.credential
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["credentialSubject"]["name"] == "Абдуллоҳ Ғафуров"
    assert vc["credentialSubject"]["achievement"]["name"] == certificate.course_title
    assert vc["credentialStatus"]["statusListCredential"].endswith(
        reverse("certificates:ob_status_list", kwargs={"number": 0})
    )
    assert result.code == certificate.display_code


def test_one_changed_byte_fails_the_signature_check(certificate):
    token = credential_sign(certificate)
    for position in (len(token) // 3, token.index(".") + 5, len(token) - 3):
        char = token[position]
        altered = token[:position] + ("A" if char != "A" else "B") + token[position + 1 :]
        assert not credential_verify(altered).ok


def test_a_credential_signed_with_another_key_fails(certificate):
    token = credential_sign(certificate)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    # The same header and claims, signed by someone else's P-256 key.
    forged = jwt.encode(
        header, _payload(token), ECKey.import_key(ec.generate_private_key(ec.SECP256R1()))
    )
    assert not credential_verify(forged).ok
    # A key the platform no longer knows of at all.
    SigningKey.objects.all().delete()
    assert not credential_verify(token).ok


def test_garbage_is_refused():
    for token in ("", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30."):
        assert not credential_verify(token).ok


def _p256_pem() -> bytes:
    return keys.private_pem(ec.generate_private_key(ec.SECP256R1()))


def test_key_comes_from_the_environment_when_set(monkeypatch, certificate, settings):
    pem = _p256_pem()
    monkeypatch.setenv(keys.ENV_VAR, pem.decode())
    active = keys.current_key()
    assert keys.private_pem(active.private_key) == pem
    assert SigningKey.objects.get(retired_at__isnull=True).kid == active.kid  # registered
    assert credential_verify(credential_sign(certificate)).ok
    assert not settings.OPENBADGES_KEY_DIR.exists()  # nothing written to disk


def test_generated_key_file_is_private_and_reused(settings):
    first = keys.current_key()
    keys.reset_cache()
    assert keys.current_key().kid == first.kid
    path = settings.OPENBADGES_KEY_DIR / f"{first.kid}.pem"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert SigningKey.objects.count() == 1
    assert "PRIVATE" not in json.dumps(list(SigningKey.objects.values("public_jwk")))


def test_issuer_profile_and_jwks_are_published(client, db):
    profile = client.get(reverse("certificates:ob_issuer")).json()
    assert profile["id"] == issuer_id()
    assert profile["type"] == ["Profile"]
    method = profile["verificationMethod"][0]
    assert method["type"] == "JsonWebKey" and method["controller"] == issuer_id()
    assert method["id"] == key_url(keys.current_key().kid)
    assert method["publicKeyJwk"]["kty"] == "EC" and "d" not in method["publicKeyJwk"]
    jwks = client.get(reverse("certificates:ob_jwks")).json()
    assert jwks["keys"][0]["kty"] == "EC" and jwks["keys"][0]["crv"] == "P-256"
    assert jwks["keys"][0]["kid"] == method["id"]
    assert "d" not in jwks["keys"][0]


def test_credential_endpoint_and_status_reflect_revocation(client, certificate):
    url = reverse("certificates:ob_credential", kwargs={"code": certificate.display_code})
    response = client.get(url)
    assert response["Content-Type"] == "application/vc+jwt"
    token = response.content.decode()
    assert credential_verify(token).ok
    # The per-credential JSON status of credentials issued before the status list stays.
    status_url = reverse("certificates:ob_status", kwargs={"code": certificate.display_code})
    assert client.get(status_url).json()["status"] == "valid"

    certificate_revoke(certificate=certificate, reason="Issued in error")
    status = client.get(status_url).json()
    assert status["revoked"] is True and status["revocationReason"] == "Issued in error"


def test_unknown_credential_is_404(client, db):
    url = reverse("certificates:ob_credential", kwargs={"code": "0" * 28})
    assert client.get(url).status_code == 404


def test_verify_credential_command(certificate, tmp_path, capsys):
    path = tmp_path / "badge.jwt"
    path.write_text(credential_sign(certificate))
    call_command("verify_credential", str(path))
    assert "signature: valid" in capsys.readouterr().out

    path.write_text(credential_sign(certificate)[:-2] + "xx")
    with pytest.raises(CommandError, match="INVALID"):
        call_command("verify_credential", str(path))

    certificate_revoke(certificate=certificate, reason="Issued in error")
    path.write_text(credential_sign(certificate))
    with pytest.raises(CommandError, match="status: revoked"):
        call_command("verify_credential", str(path))


def test_verification_page_checks_a_credential(client, certificate):
    url = reverse("certificates:verify_credential")
    good = client.post(url, {"credential": credential_sign(certificate)})
    assert good.status_code == 200
    assert "The signature is valid" in good.content.decode()
    token = credential_sign(certificate)
    bad = client.post(url, {"credential": token[:-4] + "AAAA"})
    assert bad.status_code == 400
    assert "The signature check failed" in bad.content.decode()


def test_production_refuses_to_generate_a_key(settings):
    settings.DEBUG = False
    settings.OPENBADGES_REQUIRE_ENV_KEY = True
    with pytest.raises(ImproperlyConfigured, match="OPENBADGES_SIGNING_KEY"):
        keys.current_key()
    assert not settings.OPENBADGES_KEY_DIR.exists()
    assert not SigningKey.objects.exists()


def test_a_key_of_another_type_is_refused(monkeypatch):
    for other in (
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        ec.generate_private_key(ec.SECP384R1()),
    ):
        monkeypatch.setenv(keys.ENV_VAR, keys.private_pem(other).decode())
        with pytest.raises(ImproperlyConfigured, match="P-256"):
            keys.current_key()
    monkeypatch.setenv(keys.ENV_VAR, "-----BEGIN PRIVATE KEY-----\ngarbage\n")
    with pytest.raises(ImproperlyConfigured, match="no readable private key"):
        keys.current_key()
    assert not SigningKey.objects.exists()


def test_the_ed25519_key_of_earlier_versions_no_longer_signs_but_is_kept(monkeypatch):
    monkeypatch.setenv(keys.ENV_VAR, keys.private_pem(Ed25519PrivateKey.generate()).decode())
    with pytest.raises(ImproperlyConfigured, match="openbadges_rotate_key"):
        keys.current_key()
    legacy = SigningKey.objects.get()
    assert legacy.algorithm == "EdDSA" and not legacy.is_current
