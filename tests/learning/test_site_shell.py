"""The home page, the shell every page shares, languages and error pages."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_home_page_has_landmarks_skip_link_and_language_switcher(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert 'class="skip-link" href="#main"' in html
    for landmark in ("<header", '<main id="main"', "<footer", 'aria-label="Main"'):
        assert landmark in html
    assert home_page.hero_title in html
    for code in ("en", "fr", "es", "ru", "ar", "zh-hans", "lo"):
        assert f'<option value="{code}" lang="{code}"' in html


def test_switching_to_arabic_turns_the_page_right_to_left(client, home_page):
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_switching_to_russian_translates_the_shell(client, home_page):
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="ru" dir="ltr">' in html
    assert "Перейти к основному содержанию" in html  # the skip link


def test_unknown_url_shows_the_404_page_in_the_chosen_language(client, home_page):
    client.cookies["django_language"] = "fr"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Page introuvable" in html


def test_signed_in_user_gets_their_preferred_language(client, learner, home_page):
    learner.preferred_language = "ru"
    learner.save()
    client.force_login(learner)
    assert '<html lang="ru"' in client.get("/").content.decode()


def test_server_error_page_stands_alone():
    with translation.override("fr"):
        html = render_to_string("500.html")
    assert "Une erreur s’est produite" in html


def test_dashboard_needs_login_and_greets_the_learner(client, learner):
    assert client.get(reverse("dashboard")).status_code == 302
    client.force_login(learner)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert learner.full_name in response.content.decode()


def test_editors_text_keeps_its_own_direction_in_a_right_to_left_page(client, home_page):
    """The page is Arabic (right to left) but the content may be English: each block of
    editors' text takes its direction from its own letters (dir="auto")."""
    client.cookies["django_language"] = "ar"
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert f'<h1 id="hero-title" dir="auto">{home_page.hero_title}</h1>' in html


def test_the_language_switch_becomes_a_signed_in_users_preferred_language(client, learner):
    """What a learner picks in the header is their language: certificates and e-mail, printed
    in `preferred_language`, follow it (a course taken in Russian ends in a Russian
    certificate)."""
    learner.preferred_language = "en"
    learner.save()
    client.force_login(learner)
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    learner.refresh_from_db()
    assert learner.preferred_language == "ru"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    learner.refresh_from_db()
    assert learner.preferred_language == "en"


@pytest.mark.parametrize("language", ["de", "xx", "", "ru' OR 1=1", "r" * 200])
def test_a_language_the_site_does_not_offer_changes_nothing(client, learner, language):
    learner.preferred_language = "fr"
    learner.save()
    client.force_login(learner)
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.preferred_language == "fr"


def test_a_get_or_an_anonymous_switch_saves_no_preference(client, learner):
    learner.preferred_language = "fr"
    learner.save()
    assert client.post(reverse("set_language"), {"language": "ru"}).status_code == 302
    client.force_login(learner)
    assert client.get(reverse("set_language"), {"language": "ru"}).status_code == 302
    learner.refresh_from_db()
    assert learner.preferred_language == "fr"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_the_language_switch_never_redirects_off_the_site(client, learner, target):
    client.force_login(learner)
    response = client.post(reverse("set_language"), {"language": "ru", "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"] and "javascript" not in response["Location"]
    learner.refresh_from_db()
    assert learner.preferred_language == "ru"
