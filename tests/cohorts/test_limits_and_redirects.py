"""Check-in codes go through the one rate limiter; `next` after a calendar reset stays on site."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, CalendarToken
from cohorts.services import checkin_code_current
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cohort):
    return cf.live_session(cohort, starts_at=timezone.now() - timedelta(minutes=30))


def test_the_check_in_limit_is_allauths_per_account_and_counts_every_code(
    client, cohort, session, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "cohorts_checkin": "3/10m/user"}
    learner, neighbour = cf.member(cohort), cf.member(cohort)
    client.force_login(learner)
    for _ in range(3):
        response = client.post(reverse("cohorts:check_in"), {"code": "WRONG1"})
        assert "This code is not valid" in response.text
    code = checkin_code_current(session=session)
    response = client.post(reverse("cohorts:check_in"), {"code": code.code})
    assert response.status_code == 400
    assert "Too many wrong codes" in response.text
    assert not Attendance.objects.exists()
    # The allowance is the account's: a neighbour on the same network checks in.
    client.force_login(neighbour)
    assert client.post(reverse("cohorts:check_in"), {"code": code.code}).status_code == 302
    assert Attendance.objects.filter(user=neighbour).exists()


def test_the_check_in_counter_lives_in_allauths_limiter(client, cohort, session):
    learner = cf.member(cohort)
    client.force_login(learner)
    client.post(reverse("cohorts:check_in"), {"code": "WRONG1"})
    assert cache.get(f"cohorts:checkin-fail:{learner.pk}") is None


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example/phish",
        "javascript:alert(1)",
        "https://testserver.evil.example/",
    ],
)
def test_calendar_reset_never_redirects_off_site(client, cohort, target):
    learner = cf.member(cohort)
    client.force_login(learner)
    old = CalendarToken.objects.get_or_create(user=learner)[0].token
    response = client.post(reverse("cohorts:calendar_reset"), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    # The reset itself happened.
    assert CalendarToken.objects.get(user=learner).token != old


def test_calendar_reset_returns_to_a_page_of_the_site(client, cohort):
    learner = cf.member(cohort)
    client.force_login(learner)
    page = reverse("cohorts:learner_cohort", args=[cohort.pk])
    response = client.post(reverse("cohorts:calendar_reset"), {"next": page})
    assert response.status_code == 302
    assert response["Location"] == page


def test_calendar_reset_is_for_signed_in_people_only(client):
    response = client.post(reverse("cohorts:calendar_reset"), {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not CalendarToken.objects.exists()
