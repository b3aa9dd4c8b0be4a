"""One upload flow serves both imports: a token signed for one flow, one object or long ago
is refused at the confirm step with a message, and nothing is written."""

import io
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, Membership
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db
User = get_user_model()

PARTICIPANTS = b"name,email\nAziza Karimova,aziza@example.org\n"


def _file(data: bytes, name: str = "list.csv"):
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.fixture
def session(cohort):
    return cf.live_session(cohort, starts_at=timezone.now() - timedelta(minutes=30))


def _participants_token(client, cohort) -> str:
    response = client.post(
        reverse("cohorts:import", args=[cohort.pk]), {"file": _file(PARTICIPANTS)}
    )
    assert response.status_code == 200
    return response.context["token"]


def _attendance_token(client, cohort, session) -> str:
    report = f"email,minutes\n{cf.member(cohort).email},80\n".encode()
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    response = client.post(url, {"file": _file(report)})
    assert response.status_code == 200
    return response.context["token"]


def _confirm(client, url: str, token: str):
    return client.post(url, {"confirm": "1", "rows": token}, follow=True)


def test_a_participants_token_does_not_confirm_an_attendance_import(
    trainer_client, cohort, session
):
    token = _participants_token(trainer_client, cohort)
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    response = _confirm(trainer_client, url, token)
    assert response.redirect_chain[-1][0] == url
    assert "This import has expired. Upload the file again." in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_attendance_token_does_not_confirm_a_participants_import(
    trainer_client, cohort, session
):
    token = _attendance_token(trainer_client, cohort, session)
    before = Membership.objects.count()
    url = reverse("cohorts:import", args=[cohort.pk])
    response = _confirm(trainer_client, url, token)
    assert "This import has expired. Upload the file again." in response.content.decode()
    assert Membership.objects.count() == before


def test_a_token_of_another_session_is_refused(trainer_client, cohort, session):
    other = cf.live_session(cohort, starts_at=timezone.now() - timedelta(hours=3))
    token = _attendance_token(trainer_client, cohort, session)
    url = reverse("cohorts:attendance", args=[cohort.pk, other.pk])
    response = _confirm(trainer_client, url, token)
    assert "This import has expired. Upload the file again." in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_token_older_than_an_hour_is_refused(trainer_client, cohort, monkeypatch):
    token = _participants_token(trainer_client, cohort)
    later = time.time() + 3601

    class _Later:
        @staticmethod
        def time():
            return later

    monkeypatch.setattr(signing, "time", _Later)
    response = _confirm(trainer_client, reverse("cohorts:import", args=[cohort.pk]), token)
    assert "This import has expired. Upload the file again." in response.content.decode()
    assert not User.objects.filter(email="aziza@example.org").exists()


def test_the_same_token_within_the_hour_imports(trainer_client, cohort):
    token = _participants_token(trainer_client, cohort)
    response = _confirm(trainer_client, reverse("cohorts:import", args=[cohort.pk]), token)
    assert response.status_code == 200
    assert "1 new account added and invited." in response.content.decode()
    assert User.objects.filter(email="aziza@example.org").exists()
