"""The Wagtail admin for a user whose language Wagtail does not ship (Lao) is entirely in
English: no Lao from our catalogue around Wagtail's English."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LAO = re.compile("[\u0e80-\u0eff]")


@pytest.fixture
def lao_admin(client):
    user = UserFactory(
        roles=["Administrator"], is_superuser=True, is_staff=True, preferred_language="lo"
    )
    client.force_login(user)
    return client


def test_our_admin_strings_have_a_lao_translation():
    # Without it the test below could not fail: our "Case-study tags" menu reads in Lao.
    with translation.override("lo"):
        assert LAO.search(translation.gettext("Case-study tags"))


@pytest.mark.parametrize("cookie", [False, True])
def test_lao_editor_gets_the_admin_dashboard_in_english_only(lao_admin, cookie):
    if cookie:
        lao_admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "lo"
    html = lao_admin.get(reverse("wagtailadmin_home")).content.decode()
    assert not LAO.search(html)
    assert "Case-study tags" in html
    assert '<html lang="en"' in html


def test_the_site_itself_stays_in_lao_for_that_editor(lao_admin):
    html = lao_admin.get(reverse("dashboard")).content.decode()
    assert LAO.search(html)


@pytest.mark.parametrize(
    ("language", "word"),
    [("ru", "Панель управления"), ("zh-hans", "控制面板"), ("ar", "لوحة التحكم")],
)
def test_a_language_wagtail_ships_is_kept_in_the_admin(client, language, word):
    user = UserFactory(
        roles=["Administrator"], is_superuser=True, is_staff=True, preferred_language=language
    )
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'<html lang="{language}"' in html
    assert word in html
