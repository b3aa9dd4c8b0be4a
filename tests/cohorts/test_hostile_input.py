"""Issue 12, part 4: ids and addresses from forms are parsed strictly (never a 500, never an
open redirect)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", ["²", "1" * 5000, "99999999999999999999"])
def test_a_damaged_recipient_id_is_refused_and_nothing_is_sent(
    trainer_client, cohort, bad, django_capture_on_commit_callbacks
):
    member = cf.member(cohort)
    cf.member(cohort)
    url = reverse("cohorts:message", args=[cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(
            url, {"user": [member.pk, bad], "subject": "Hi", "body": "Hello"}
        )
    assert response.status_code == 200  # the form again, with its error (as for other errors)
    assert "The list of recipients is damaged; reload the page." in response.content.decode()
    assert mail.outbox == []


def test_a_grid_row_with_a_non_ascii_digit_id_is_ignored_not_a_500(trainer_client, cohort):
    session = cf.live_session(cohort, starts_at=timezone.now() - timedelta(minutes=30))
    member = cf.member(cohort)
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    response = trainer_client.post(
        url, {"grid": "1", "status_²": "present", f"status_{member.pk}": "present"}
    )
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("user_id", flat=True)) == [member.pk]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_the_calendar_reset_does_not_redirect_off_site(learner_client, target):
    response = learner_client.post(reverse("cohorts:calendar_reset"), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_the_calendar_reset_returns_to_a_page_of_the_site(learner_client):
    response = learner_client.post(reverse("cohorts:calendar_reset"), {"next": "/dashboard/?x=1"})
    assert response["Location"] == "/dashboard/?x=1"
