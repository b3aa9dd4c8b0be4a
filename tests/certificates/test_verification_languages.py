"""Why a credential failed its check: in the visitor's language on the page, English on the
command line (the texts are translated where they are shown, not where they are made)."""

import html

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from certificates import keys
from certificates.openbadges import credential_for, credential_sign, envelope_sign
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _key_in_tmp(settings, tmp_path, monkeypatch):
    monkeypatch.delenv(keys.ENV_VAR, raising=False)
    settings.OPENBADGES_KEY_FILE = tmp_path / "keys" / "ob.pem"
    settings.OPENBADGES_KEY_DIR = tmp_path / "keys" / "openbadges"
    keys.reset_cache()
    yield
    keys.reset_cache()


@pytest.fixture
def certificate(course):
    return CertificateFactory(course=course)


def _check(client, token, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("certificates:verify_credential"), {"credential": token})
    return response.status_code, html.unescape(response.content.decode())


def _tampered(certificate):
    token = credential_sign(certificate)
    return token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("en", "signature check failed"),
        ("fr", "échec de la vérification de la signature"),
        ("ru", "проверка подписи не пройдена"),
        ("ar", "فشل التحقق من التوقيع"),
    ],
)
def test_a_tampered_credential_is_refused_in_the_visitors_language(
    client, certificate, language, reason
):
    status, page = _check(client, _tampered(certificate), language)
    assert status == 400
    assert reason in page
    # The exception's class name is a technical detail, shown untranslated beside it.
    assert "Error)" in page
    if language != "en":
        assert "signature check failed" not in page


def test_another_issuer_is_named_in_the_visitors_language(client, certificate):
    credential = credential_for(certificate)
    credential["issuer"] = {"id": "https://elsewhere.example/issuer", "type": ["Profile"]}
    status, page = _check(client, envelope_sign(credential), "es")
    assert status == 400
    assert "emitido por otra entidad" in page
    assert "issued by someone else" not in page


def test_a_credential_naming_no_certificate_says_so_in_the_visitors_language(client, certificate):
    credential = credential_for(certificate)
    base = credential["id"].rstrip("/").rsplit("/", 1)[0]
    credential["id"] = f"{base}/{'0' * 28}/"
    status, page = _check(client, envelope_sign(credential), "fr")
    assert status == 400
    assert "le certificat qu’il désigne n’existe pas" in page


def test_the_command_keeps_english_whatever_the_active_language(certificate, tmp_path):
    path = tmp_path / "badge.jwt"
    path.write_text(_tampered(certificate))
    with translation.override("fr"), pytest.raises(CommandError) as raised:
        call_command("verify_credential", str(path))
    message = str(raised.value)
    assert message.startswith("INVALID: signature check failed (")
    assert message.endswith("Error)")
