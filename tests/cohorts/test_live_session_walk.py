"""Issue 17's walk on the demo data, from the outside: a trainer runs the demo cohort's next
live session (forty people check in with the one code on the trainer's screen, then the
Zoom report is imported), a partner reads the programme report across two cohorts and finds
no personal data, and the cohort's discussion has a thread with replies.

The concurrent form of the check-in (forty threads on PostgreSQL) is
tests/services/test_check_in.py; here the forty arrive one after the other.
"""

import io
from datetime import timedelta
from html import escape

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorts.demo import COHORT_NAME, TRAINER_EMAIL
from cohorts.models import Attendance, Cohort, LiveSession, Membership
from cohorts.services import checkin_code_current
from discussions.demo import THREAD_TITLE
from discussions.models import Thread
from programmes.demo import PARTNER_EMAIL, PROGRAMME_NAME
from programmes.models import Programme
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db
PEOPLE = 40


def _signed_in(email: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    return client


def test_a_trainer_runs_the_next_session_and_a_partner_reads_the_programme(demo_data, tmp_path):
    cohort = Cohort.objects.get(name=COHORT_NAME)
    trainer = _signed_in(TRAINER_EMAIL)
    session = (
        LiveSession.objects.scheduled()
        .filter(cohort=cohort, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    assert session is not None, "the demo cohort has a next live session"
    # The session's hour comes: it started five minutes ago.
    LiveSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5)
    )

    # Forty people are in the webinar: the demo's participants and newcomers.
    members = list(Membership.objects.filter(cohort=cohort, status="active").select_related("user"))
    people = [m.user for m in members][:PEOPLE]
    while len(people) < PEOPLE:
        people.append(cf.member(cohort))

    # The trainer's screen shows one code (and its QR code) for everyone.
    screen = trainer.get(reverse("cohorts:checkin_code", args=[cohort.pk, session.pk]))
    assert screen.status_code == 200
    code = checkin_code_current(session=session).code
    assert code in screen.content.decode() and "<svg" in screen.content.decode()

    for person in people:
        client = Client()
        client.force_login(person)
        response = client.post(reverse("cohorts:check_in"), {"code": code})
        assert response.status_code == 302, person.email
    rows = Attendance.objects.filter(session=session)
    assert rows.count() == PEOPLE
    assert set(rows.values_list("source", flat=True)) == {"check_in"}

    # The session ends; the trainer imports the Zoom report (dry run, then confirm).
    LiveSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=session.duration_minutes + 30)
    )
    report = tmp_path / "zoom.csv"
    call_command("demo_zoom_report", str(cohort.pk), session=session.pk, output=str(report))
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    upload = io.BytesIO(report.read_bytes())
    upload.name = "participants.csv"
    dry_run = trainer.post(url, {"file": upload})
    assert dry_run.status_code == 200 and dry_run.context["plan"]
    assert Attendance.objects.filter(session=session, source="import").count() == 0
    confirmed = trainer.post(url, {"confirm": "1", "rows": dry_run.context["token"]})
    assert confirmed.status_code == 302
    imported = Attendance.objects.filter(session=session, source="import")
    assert imported.exists() and all(row.minutes for row in imported)

    # The partner reads the programme report across two cohorts: charts, no one's name.
    programme = Programme.objects.get(name=PROGRAMME_NAME)
    assert programme.cohorts.count() >= 2
    partner = _signed_in(PARTNER_EMAIL)
    page = partner.get(reverse("programmes:report", args=[programme.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<table" in html
    everyone = Membership.objects.filter(cohort__in=programme.cohorts.all()).select_related("user")
    for membership in everyone:
        user = membership.user
        assert user.email not in html
        assert not user.full_name or escape(user.full_name) not in html, user.full_name

    # The cohort's discussion: the demo thread has replies, and a member adds one.
    thread = Thread.objects.get(title=THREAD_TITLE, cohort=cohort)
    member = Client()
    member.force_login(people[0])
    thread_url = reverse("discussions:thread", args=[cohort.pk, thread.pk])
    reply = member.post(thread_url, {"body": "<p>Thank you, we do the same in Tajikistan.</p>"})
    assert reply.status_code == 302
    page = trainer.get(thread_url).content.decode()
    assert "we do the same in Tajikistan" in page
    assert thread.posts.count() >= 3  # the opening post and at least two replies
