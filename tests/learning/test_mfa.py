"""Multi-factor authentication: TOTP set-up and sign-in, recovery codes, staff required to
set it up (when SOCLE_MFA_REQUIRED_FOR_STAFF is on, as in production), learners free to."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def _mfa_for_staff(settings):
    settings.SOCLE_MFA_REQUIRED_FOR_STAFF = True


def totp_code(secret: str, offset: int = 0) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits), computed here rather than with allauth's helpers."""
    key = base64.b32decode(secret, casefold=True)
    counter = struct.pack(">Q", int(time.time()) // 30 + offset)
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    start = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[start : start + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


def sign_in(user) -> tuple[Client, object]:
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return client, response


def set_up_totp(client) -> str:
    # allauth asks for the password again before a factor is added (a stolen session cannot
    # add the thief's authenticator); the set-up page stays reachable for staff without MFA.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.text  # shown for typing in, next to the QR code
    qr = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page.text)[1]
    svg = base64.b64decode(qr).decode()
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    return secret


def is_signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.parametrize("role", ["trainer", "editor", "administrator"])
def test_staff_without_mfa_are_sent_to_set_it_up_first(request, role):
    user = request.getfixturevalue(role)
    client, response = sign_in(user)
    assert response.status_code == 302
    for path in (reverse("dashboard"), "/admin/", reverse("profile"), "/cohorts/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_index")
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert "Your role needs two-factor authentication" in page.text
    # Both kinds of factor are offered: an authenticator app and a security key.
    assert reverse("mfa_activate_totp") in page.text
    assert reverse("mfa_add_webauthn") in page.text
    # Signing out still works.
    assert client.post(reverse("account_logout")).status_code == 302
    assert not is_signed_in(client, user)


def test_staff_reach_their_pages_once_totp_is_set_up(editor):
    client, _response = sign_in(editor)
    set_up_totp(client)
    assert Authenticator.objects.filter(user=editor, type="totp").exists()
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200
    assert len(codes.context["unused_codes"]) == 10
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_wrong_set_up_code_is_refused_and_nothing_is_saved(trainer):
    client, _response = sign_in(trainer)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code" in response.text
    assert not Authenticator.objects.filter(user=trainer).exists()


def test_sign_in_asks_for_the_code_and_accepts_a_computed_one(trainer):
    client, _response = sign_in(trainer)
    secret = set_up_totp(client)
    client.post(reverse("account_logout"))

    client, response = sign_in(trainer)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not is_signed_in(client, trainer)
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not is_signed_in(client, trainer)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, offset=1)})
    assert response.status_code == 302
    assert is_signed_in(client, trainer)
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize(("offset", "accepted"), [(-1, True), (1, True), (-2, False), (2, False)])
def test_a_code_of_the_period_before_or_after_is_accepted_not_older(trainer, offset, accepted):
    """A code typed at the end of its period reaches a slow or busy server in the next one."""
    client, _response = sign_in(trainer)
    secret = set_up_totp(client)
    client.post(reverse("account_logout"))
    client, _response = sign_in(trainer)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, offset)})
    assert (response.status_code == 302) is accepted
    assert is_signed_in(client, trainer) is accepted


def test_a_recovery_code_signs_in_once(trainer):
    client, _response = sign_in(trainer)
    set_up_totp(client)
    recovery = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"][0]
    client.post(reverse("account_logout"))

    client, _response = sign_in(trainer)
    response = client.post(reverse("mfa_authenticate"), {"code": recovery})
    assert response.status_code == 302
    assert is_signed_in(client, trainer)
    client.post(reverse("account_logout"))

    client, _response = sign_in(trainer)
    response = client.post(reverse("mfa_authenticate"), {"code": recovery})
    assert response.status_code == 200
    assert not is_signed_in(client, trainer)


def test_staff_cannot_remove_their_only_factor(trainer):
    client, _response = sign_in(trainer)
    set_up_totp(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=trainer, type="totp").exists()


def test_learners_are_not_forced_but_can_opt_in_from_their_profile(learner):
    client, _response = sign_in(learner)
    assert client.get(reverse("dashboard")).status_code == 200
    profile = client.get(reverse("profile"))
    assert profile.status_code == 200
    assert reverse("mfa_index") in profile.text
    set_up_totp(client)
    # A learner may also switch it off again.
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=learner, type="totp").exists()


def test_staff_are_not_forced_when_the_setting_is_off(trainer, settings):
    settings.SOCLE_MFA_REQUIRED_FOR_STAFF = False
    client, _response = sign_in(trainer)
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_mfa_pages_need_a_signed_in_user():
    response = Client().get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_production_requires_mfa_of_staff_and_trusts_one_proxy():
    source = (
        __import__("pathlib").Path(__file__).resolve().parents[2]
        / "learning"
        / "settings"
        / "production.py"
    ).read_text()
    assert 'env.bool("SOCLE_MFA_REQUIRED_FOR_STAFF", default=True)' in source
    assert 'env.int("TRUSTED_PROXY_COUNT", default=1)' in source


def test_the_check_costs_a_learner_no_query_after_the_first_page(learner, settings):
    def queries_of_second_dashboard(required: bool) -> int:
        settings.SOCLE_MFA_REQUIRED_FOR_STAFF = required
        client, _response = sign_in(learner)
        client.get(reverse("dashboard"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("dashboard")).status_code == 200
        return len(captured)

    assert queries_of_second_dashboard(True) == queries_of_second_dashboard(False)
