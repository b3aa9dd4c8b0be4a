"""Open Badges 3.0: signed credential round trip, tampering, published keys, status, command."""

import base64
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from certificates import keys
from certificates.openbadges import credential_sign, credential_verify, issuer_id, public_jwk
from certificates.services import certificate_revoke
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _key_in_tmp(settings, tmp_path, monkeypatch):
    """Each test gets its own generated key file; the project's var/keys/ stays untouched."""
    monkeypatch.delenv(keys.ENV_VAR, raising=False)
    settings.OPENBADGES_KEY_FILE = tmp_path / "keys" / "ob.pem"
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
    assert header["alg"] == "EdDSA" and header["kid"].startswith(issuer_id())
    result = credential_verify(token)
    assert result.ok, result.error
    vc = result.credential
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["credentialSubject"]["name"] == "Абдуллоҳ Ғафуров"
    assert vc["credentialSubject"]["achievement"]["name"] == certificate.course_title
    assert vc["credentialStatus"]["id"].endswith(
        reverse("certificates:ob_status", kwargs={"code": certificate.display_code})
    )
    assert result.code == certificate.display_code


def test_one_changed_byte_fails_the_signature_check(certificate):
    token = credential_sign(certificate)
    for position in (len(token) // 3, token.index(".") + 5, len(token) - 3):
        char = token[position]
        altered = token[:position] + ("A" if char != "A" else "B") + token[position + 1 :]
        assert not credential_verify(altered).ok


def test_a_credential_signed_with_another_key_fails(certificate, settings, tmp_path):
    token = credential_sign(certificate)
    settings.OPENBADGES_KEY_FILE = tmp_path / "other.pem"
    keys.reset_cache()
    assert not credential_verify(token).ok


def test_garbage_is_refused():
    for token in ("", "abc", "a.b.c", "eyJhbGciOiJub25lIn0.e30."):
        assert not credential_verify(token).ok


def test_key_comes_from_the_environment_when_set(monkeypatch, certificate, settings, tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    monkeypatch.setenv(keys.ENV_VAR, pem.decode())
    keys.reset_cache()
    assert (
        keys.signing_key().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        == pem
    )
    assert not settings.OPENBADGES_KEY_FILE.exists()


def test_generated_key_file_is_private_and_reused(settings):
    first = public_jwk()
    keys.reset_cache()
    assert public_jwk() == first
    assert oct(settings.OPENBADGES_KEY_FILE.stat().st_mode & 0o777) == "0o600"


def test_issuer_profile_and_jwks_are_published(client, db):
    profile = client.get(reverse("certificates:ob_issuer")).json()
    assert profile["id"] == issuer_id()
    assert profile["type"] == ["Profile"]
    method = profile["verificationMethod"][0]
    assert method["type"] == "Multikey" and method["publicKeyMultibase"].startswith("z6Mk")
    jwks = client.get(reverse("certificates:ob_jwks")).json()
    assert jwks["keys"][0]["kty"] == "OKP" and jwks["keys"][0]["crv"] == "Ed25519"
    assert "d" not in jwks["keys"][0]


def test_credential_endpoint_and_status_reflect_revocation(client, certificate):
    url = reverse("certificates:ob_credential", kwargs={"code": certificate.display_code})
    response = client.get(url)
    assert response["Content-Type"] == "application/vc+jwt"
    token = response.content.decode()
    assert credential_verify(token).ok
    status_url = _payload(token)["vc"]["credentialStatus"]["id"].replace("http://testserver", "")
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


def test_production_refuses_to_generate_a_key(settings, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    settings.DEBUG = False
    settings.OPENBADGES_REQUIRE_ENV_KEY = True
    with pytest.raises(ImproperlyConfigured, match="OPENBADGES_SIGNING_KEY"):
        keys.signing_key()
    assert not settings.OPENBADGES_KEY_FILE.exists()


def test_a_key_of_another_type_is_refused(monkeypatch):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from django.core.exceptions import ImproperlyConfigured

    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    monkeypatch.setenv(keys.ENV_VAR, pem.decode())
    with pytest.raises(ImproperlyConfigured, match="Ed25519"):
        keys.signing_key()
