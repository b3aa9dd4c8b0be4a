"""Sign-in limits behind the proxy: the attacker is locked, not the account nor the office.

Requests come from the proxy's socket address (PROXY) with the client's address appended to
X-Forwarded-For, as nginx in front of gunicorn sends them (TRUSTED_PROXY_COUNT = 1).
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from learning.settings.base import ACCOUNT_RATE_LIMITS
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
OFFICE = "203.0.113.50"
ELSEWHERE = "198.51.100.7"
PASSWORD = "correct-horse-battery-9"
THROTTLED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def sign_in(client, email, password, address, forged=None):
    chain = f"{forged}, {address}" if forged else address
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=chain,
    )


def signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_the_owner_gets_in_after_another_address_failed_five_times(learner):
    attacker = Client()
    for _ in range(5):
        assert THROTTLED not in sign_in(attacker, learner.email, "guess-123456", OFFICE).text
    assert THROTTLED in sign_in(attacker, learner.email, "guess-123456", OFFICE).text
    # Even the right password is refused from the attacker's address while it is locked...
    sign_in(attacker, learner.email, PASSWORD, OFFICE)
    assert not signed_in_as(attacker, learner)
    # ...but the owner, from their own address behind the same proxy, gets in.
    owner = Client()
    response = sign_in(owner, learner.email, PASSWORD, ELSEWHERE)
    assert response.status_code == 302
    assert signed_in_as(owner, learner)


def test_a_forged_forwarded_for_entry_does_not_escape_the_lock(learner):
    attacker = Client()
    for n in range(5):
        sign_in(attacker, learner.email, "guess-123456", OFFICE, forged=f"192.0.2.{n}")
    response = sign_in(attacker, learner.email, "guess-123456", OFFICE, forged="192.0.2.99")
    assert THROTTLED in response.text


def test_a_forged_entry_cannot_borrow_the_owners_address(learner):
    """Forging the owner's address in the header does not share the owner's allowance."""
    attacker = Client()
    for _ in range(6):
        response = sign_in(attacker, learner.email, "guess-123456", OFFICE, forged=ELSEWHERE)
    assert THROTTLED in response.text
    owner = Client()
    sign_in(owner, learner.email, PASSWORD, ELSEWHERE)
    assert signed_in_as(owner, learner)


def test_a_room_of_forty_signs_in_from_one_address_while_a_guesser_is_locked():
    people = UserFactory.create_batch(40, roles=["Learner"])
    victim, others = people[0], people[1:]
    guesser = Client()
    for _ in range(6):
        response = sign_in(guesser, victim.email, "guess-123456", OFFICE)
    assert THROTTLED in response.text
    for person in others:
        client = Client()
        response = sign_in(client, person.email, PASSWORD, OFFICE)
        assert response.status_code == 302, person.email
        assert signed_in_as(client, person)
    # The guessed account is locked from this address only.
    victim_at_home = Client()
    sign_in(victim_at_home, victim.email, PASSWORD, ELSEWHERE)
    assert signed_in_as(victim_at_home, victim)


def test_two_hundred_sign_ins_a_minute_from_one_address_pass(settings):
    rate = ACCOUNT_RATE_LIMITS["login"]
    amount, period, per = rate.split("/")
    assert per == "ip" and period == "m" and int(amount) >= 200


def test_a_typo_then_the_right_password_clears_the_pair(learner):
    client = Client()
    for _ in range(4):
        sign_in(client, learner.email, "typo-123456", OFFICE)
    sign_in(client, learner.email, PASSWORD, OFFICE)
    assert signed_in_as(client, learner)
    client.logout()
    # The four typos no longer count: five more guesses are needed to lock the pair.
    for _ in range(4):
        assert THROTTLED not in sign_in(client, learner.email, "typo-123456", OFFICE).text


def test_the_account_limit_needs_many_addresses(learner, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "3/h/key",
    }
    for n in range(3):
        response = sign_in(Client(), learner.email, "guess-123456", f"192.0.2.{n + 1}")
        assert THROTTLED not in response.text
    # A fourth address is refused at once: a distributed guesser is slowed too.
    response = sign_in(Client(), learner.email, "guess-123456", "192.0.2.200")
    assert THROTTLED in response.text


def test_the_address_limit_slows_a_password_sprayer(settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_address": "3/5m/ip",
    }
    people = UserFactory.create_batch(4, roles=["Learner"])
    sprayer = Client()
    for person in people[:3]:
        assert THROTTLED not in sign_in(sprayer, person.email, "Summer2026!", OFFICE).text
    assert THROTTLED in sign_in(sprayer, people[3].email, "Summer2026!", OFFICE).text
    # From another address the same account is not affected.
    client = Client()
    sign_in(client, people[3].email, PASSWORD, ELSEWHERE)
    assert signed_in_as(client, people[3])


def test_without_the_proxy_setting_the_header_is_ignored(learner, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    attacker = Client()
    for n in range(6):
        response = sign_in(attacker, learner.email, "guess-123456", f"192.0.2.{n}")
    # Every request came from the one socket address: the header changed nothing.
    assert THROTTLED in response.text


def test_a_password_reset_clears_the_lock_at_the_owners_address(learner):

    client = Client()
    for _ in range(6):
        sign_in(client, learner.email, "forgotten-123", OFFICE)
    client.post(
        reverse("account_reset_password"),
        {"email": learner.email},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)[1]
    form = client.get(link, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OFFICE, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"password1": "A-new-pension-pass-7", "password2": "A-new-pension-pass-7"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    client.logout()
    sign_in(client, learner.email, "A-new-pension-pass-7", OFFICE)
    assert signed_in_as(client, learner)
