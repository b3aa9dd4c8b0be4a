"""Sign-up, verification, login, reset and the bad inputs of the foundation issue."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from learning.models import User

pytestmark = pytest.mark.django_db

GOOD = {
    "email": "malika@example.org",
    "password1": "Dushanbe-pension-2026",
    "password2": "Dushanbe-pension-2026",
    "full_name": "Малика Рахимова",
    "country": "TJ",
    "organisation": "Agency of Social Protection",
    "organisation_type": "social_security",
    "job_title": "Head of planning",
    "sex": "female",
    "preferred_language": "ru",
    "time_zone": "Asia/Dushanbe",
}


def signup(client, **overrides):
    return client.post(reverse("account_signup"), {**GOOD, **overrides})


def test_signup_creates_a_learner_with_the_profile_and_sends_a_verification_link(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="malika@example.org")
    assert user.full_name == "Малика Рахимова"
    assert user.country.code == "TJ"
    assert user.time_zone == "Asia/Dushanbe"
    assert user.preferred_language == "ru"
    assert list(user.groups.values_list("name", flat=True)) == ["Learner"]
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "confirm-email" in mail.outbox[0].body


def test_verification_link_verifies_and_logs_in(client):
    signup(client)
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body)[1]
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="malika@example.org").verified
    # Logged in straight after confirmation; the profile page answers.
    assert client.get(reverse("profile")).status_code == 200


def test_unverified_account_cannot_log_in_when_verification_is_mandatory(client):
    signup(client)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": GOOD["email"], "password": GOOD["password1"]}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("dashboard")).status_code == 302


def test_bad_verification_link_says_so_and_verifies_nothing(client):
    signup(client)
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 200
    assert b"expired or is invalid" in response.content
    client.post("/accounts/confirm-email/not-a-real-key/")
    assert not EmailAddress.objects.filter(verified=True).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password1": "password123", "password2": "password123"}, "too common"),
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"country": "XX"}, "not one of the available choices"),
        ({"full_name": "Ж" * 10_000}, "at most 200 characters"),
        ({"full_name": "   "}, "This field is required"),
        ({"time_zone": "Mars/Olympus_Mons"}, "not one of the available choices"),
        ({"email": "not-an-email"}, "valid email address"),
    ],
)
def test_bad_signup_input_shows_a_clear_message_and_creates_nothing(client, overrides, message):
    response = signup(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not mail.outbox


def test_signup_with_an_existing_email_is_refused(client, learner):
    response = signup(client, email=learner.email.upper())
    assert response.status_code == 200
    assert "already registered" in response.content.decode()
    assert User.objects.count() == 1


def test_six_failed_logins_for_one_account_are_throttled(client, learner):
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": learner.email, "password": "wrong-password-1"}
        )
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post(
        reverse("account_login"), {"login": learner.email, "password": "wrong-password-1"}
    )
    assert "Too many failed login attempts" in response.content.decode()
    # Even the right password is refused while throttled.
    response = client.post(
        reverse("account_login"), {"login": learner.email, "password": "correct-horse-battery-9"}
    )
    assert "_auth_user_id" not in client.session


def test_wagtail_admin_login_goes_through_the_throttled_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/admin/" in response.url


def test_password_reset_sends_a_link_and_a_bad_token_is_refused(client, learner):
    response = client.post(reverse("account_reset_password"), {"email": learner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body)[
        1
    ]
    bad = re.sub(r"-[^-/]+/$", "-expired-token/", link)
    response = client.get(bad, follow=True)
    assert "Bad Token" in response.content.decode()
    old_hash = User.objects.get(pk=learner.pk).password
    client.post(bad, {"password1": "New-pension-pass-77", "password2": "New-pension-pass-77"})
    assert User.objects.get(pk=learner.pk).password == old_hash


def test_password_change_needs_the_old_password(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "nope", "password1": "Fresh-pass-2026x", "password2": "Fresh-pass-2026x"},
    )
    assert response.status_code == 200
    assert User.objects.get(pk=learner.pk).check_password("correct-horse-battery-9")
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "correct-horse-battery-9",
            "password1": "Fresh-pass-2026x",
            "password2": "Fresh-pass-2026x",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=learner.pk).check_password("Fresh-pass-2026x")


def test_new_accounts_join_only_the_learner_group(client):
    signup(client)
    assert Group.objects.get(name="Learner").user_set.count() == 1
    assert not Group.objects.get(name="Content editor").user_set.exists()
