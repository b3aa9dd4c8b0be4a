"""Every e-mail allauth sends names the platform, in English and in Russian.

The project's adapter rendered allauth's messages without `current_site`, so the greeting read
"Hello from !" ("Вас приветствует !"). Each test renders through the real adapter.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import allauth
import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
# Every message of the apps installed (account, mfa): found on disk, so a new allauth e-mail
# is tested without anyone listing it.
PREFIXES = sorted(
    str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
    for app in ("account", "mfa")
    for path in (ALLAUTH_TEMPLATES / app / "email").glob("*_subject.txt")
)
GREETING = {"en": "Hello from Socle!", "ru": "Вас приветствует Socle!"}
THANKS = {
    "en": "Thank you for using Socle!",
    "ru": "Благодарим вас за использование сайта «Socle!»",
}
EMPTY_NAME = re.compile(r"(from|приветствует|using|сайта)\s*«?»?!")


def _render(prefix: str, language: str, user) -> object:
    request = RequestFactory().get("/", HTTP_USER_AGENT="Firefox")
    request.user = user
    context = {
        "user": user,
        "code": "ABC123",
        "key": "key",
        "activate_url": "https://socle.test/activate/",
        "password_reset_url": "https://socle.test/reset/",
        "signup_url": "https://socle.test/signup/",
        "from_email": "old@example.org",
        "to_email": "new@example.org",
        "deleted_email": "old@example.org",
        "timestamp": timezone.now(),
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
    }
    mail.outbox.clear()
    with translation.override(language), allauth_context.request_context(request):
        get_adapter(request).send_mail(prefix, user.email, context)
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_the_list_of_messages_covers_allauths_e_mails():
    assert "account/email/email_confirmation_signup" in PREFIXES
    assert "account/email/password_reset_key" in PREFIXES
    assert "account/email/unknown_account" in PREFIXES
    assert "account/email/password_changed" in PREFIXES
    assert "mfa/email/totp_activated" in PREFIXES
    assert len(PREFIXES) >= 18


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_account_e_mail_names_the_site(prefix, language):
    message = _render(prefix, language, UserFactory(email="tanya@example.org"))
    assert message.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    assert message.subject.removeprefix(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX).strip()
    assert "\n" not in message.subject
    assert GREETING[language] in message.body
    assert THANKS[language] in message.body
    assert urlsplit(settings.SITE_URL).netloc in message.body  # the domain, under the thanks
    assert not EMPTY_NAME.search(message.body)
    if language == "ru":
        assert re.search("[а-яА-Я]", message.subject), message.subject
        assert "Hello from" not in message.body


@pytest.mark.parametrize("language", ["en", "ru"])
def test_sign_up_confirmation_greets_with_the_site_name(client, language):
    client.post(
        reverse("account_signup"),
        {
            "email": "malika@example.org",
            "password1": "Dushanbe-pension-2026",
            "password2": "Dushanbe-pension-2026",
            "full_name": "Малика Рахимова",
            "country": "TJ",
            "organisation_type": "social_security",
            "sex": "female",
            "preferred_language": language,
            "time_zone": "Asia/Dushanbe",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert len(mail.outbox) == 1
    assert GREETING[language] in mail.outbox[0].body
    assert not EMPTY_NAME.search(mail.outbox[0].body)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_password_reset_and_unknown_account_greet_with_the_site_name(client, language):
    user = UserFactory(email="known@example.org")
    for email in (user.email, "nobody@example.org"):
        client.post(
            reverse("account_reset_password"), {"email": email}, HTTP_ACCEPT_LANGUAGE=language
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert GREETING[language] in message.body
        assert not EMPTY_NAME.search(message.body)
