"""Passwords are stored with Argon2id; older PBKDF2 hashes still work and are upgraded."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password

from learning.models import User

pytestmark = pytest.mark.django_db

ARGON2 = "learning.hashers.Argon2idHasher"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def test_new_passwords_are_argon2id_at_owasp_parameters(settings):
    settings.PASSWORD_HASHERS = [ARGON2, PBKDF2]
    encoded = make_password("a long enough passphrase")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert identify_hasher(encoded).algorithm == "argon2"


def test_a_pbkdf2_password_signs_in_and_is_rehashed_with_argon2id(settings, client):
    settings.PASSWORD_HASHERS = [PBKDF2]
    user = User.objects.create_user(email="old@example.org", password="a long enough passphrase")
    assert user.password.startswith("pbkdf2_sha256$")
    settings.PASSWORD_HASHERS = [ARGON2, PBKDF2]
    assert client.login(email="old@example.org", password="a long enough passphrase")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("a long enough passphrase")
    assert not user.check_password("a wrong passphrase")
