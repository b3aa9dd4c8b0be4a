"""Password reset does not reveal whether an address has an account; sign-up still says so."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from learning.models import User

pytestmark = pytest.mark.django_db


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def reset(email):
    client = Client()
    response = client.post(reverse("account_reset_password"), {"email": email})
    done = client.get(response["Location"]) if response.status_code == 302 else None
    return response, done


def test_known_and_unknown_addresses_get_the_same_answer(learner):
    known, known_done = reset(learner.email)
    unknown, unknown_done = reset("nobody-here@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known_done.status_code == unknown_done.status_code == 200
    assert without_csrf(known_done.text) == without_csrf(unknown_done.text)
    assert "not assigned to any user account" not in unknown.text
    # Only the mailbox learns which: a link for the account, a notice for the stranger.
    assert [m.to for m in mail.outbox] == [[learner.email], ["nobody-here@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body
    assert User.objects.count() == 1


def test_a_malformed_address_is_still_a_form_error(learner):
    response, _done = reset("not-an-address")
    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    assert mail.outbox == []


def test_sign_up_keeps_its_clear_message(client, learner):
    response = client.post(
        reverse("account_signup"),
        {
            "email": learner.email,
            "password1": "Dushanbe-pension-2026",
            "password2": "Dushanbe-pension-2026",
            "full_name": "Someone",
            "preferred_language": "en",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 200
    assert "already registered" in response.text
    assert User.objects.count() == 1
