"""The cohorts app's part of a person's archive and of their erasure."""

import pytest
from django.utils import timezone

from cohorts.models import Attendance, CalendarToken, Membership, WebinarMeeting, WebinarPresence
from cohorts.personal_data import personal_data_export, user_erasing
from cohorts.services import calendar_token_for
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db


def test_archive_lists_my_memberships_and_attendance_only(cohort):
    me, other = cf.member(cohort), cf.member(cohort)
    session = cf.live_session(cohort)
    Attendance.objects.create(session=session, user=me, status="present", source="grid")
    parts = dict(personal_data_export(user=me))
    assert [r["cohort__name"] for r in parts["cohorts/memberships.csv"]] == [cohort.name]
    assert [r["status"] for r in parts["cohorts/attendance.csv"]] == ["present"]
    assert dict(personal_data_export(user=other))["cohorts/attendance.csv"] == []


def test_erasing_keeps_counts_and_drops_the_calendar_secret_and_trainer_seats(cohort, trainer):
    me = cf.member(cohort)
    session = cf.live_session(cohort)
    Attendance.objects.create(session=session, user=me, status="present", source="grid")
    calendar_token_for(user=me)
    calendar_token_for(user=trainer)
    counts = user_erasing(user=me)
    assert counts["cohorts.calendar_tokens_deleted"] == 1
    assert counts["cohorts.memberships_withdrawn"] == 1
    assert Membership.objects.filter(cohort=cohort).count() == 1
    assert not Membership.objects.active().filter(cohort=cohort).exists()
    assert Attendance.objects.filter(session=session).count() == 1
    assert not CalendarToken.objects.filter(user=me).exists()
    assert CalendarToken.objects.filter(user=trainer).exists()

    user_erasing(user=trainer)
    assert not cohort.trainers.filter(pk=trainer.pk).exists()


def test_webinar_presence_is_in_the_archive_and_erased(cohort):
    me, other = cf.member(cohort), cf.member(cohort)
    session = cf.live_session(cohort, title="Webinar MINE")
    meeting = WebinarMeeting.objects.create(session=session)
    now = timezone.now()
    for person in (me, other):
        WebinarPresence.objects.create(
            meeting=meeting, user=person, joined_at=now, last_seen_at=now
        )
    rows = dict(personal_data_export(user=me))["cohorts/webinar_presence.csv"]
    assert [r["meeting__session__title"] for r in rows] == ["Webinar MINE"]
    assert user_erasing(user=me)["cohorts.webinar_presences_deleted"] == 1
    assert list(WebinarPresence.objects.values_list("user_id", flat=True)) == [other.pk]
