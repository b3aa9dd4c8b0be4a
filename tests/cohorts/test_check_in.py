"""Check-in: one code per live session, usable by every member once during its window, shown
with a QR code that opens the check-in page with the code filled in."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, CheckInCode
from cohorts.services import checkin_code_current, checkin_code_replace, live_session_cancel
from tests.factories import UserFactory
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db

CHECK_IN = "/cohorts/check-in/"


@pytest.fixture
def session(cohort):
    # Started half an hour ago, 90 minutes long: the check-in window is open.
    return cf.live_session(cohort, starts_at=timezone.now() - timedelta(minutes=30))


def _post(client, user, code):
    client.force_login(user)
    return client.post(reverse("cohorts:check_in"), {"code": code})


def test_every_member_checks_in_with_the_same_code(client, trainer_client, cohort, session):
    members = [cf.member(cohort) for _ in range(3)]
    page = trainer_client.get(reverse("cohorts:checkin_code", args=[cohort.pk, session.pk]))
    code = CheckInCode.objects.get(session=session).code
    assert code in page.content.decode()
    for member in members:
        response = _post(client, member, code.lower())
        assert response.status_code == 302, response.content.decode()[:500]
    rows = Attendance.objects.filter(session=session)
    assert sorted(rows.values_list("user_id", flat=True)) == sorted(m.pk for m in members)
    assert set(rows.values_list("status", "source")) == {("present", "check_in")}
    # The trainer's screen keeps showing the same code: nobody races for it.
    assert checkin_code_current(session=session).code == code


def test_checking_in_twice_changes_nothing(client, cohort, session):
    learner = cf.member(cohort)
    code = checkin_code_current(session=session).code
    assert _post(client, learner, code).status_code == 302
    first = Attendance.objects.get(user=learner)
    response = client.post(reverse("cohorts:check_in"), {"code": code}, follow=True)
    assert "You were already checked in" in response.content.decode()
    assert list(Attendance.objects.filter(user=learner)) == [first]
    assert Attendance.objects.get(user=learner).recorded_at == first.recorded_at


@pytest.mark.parametrize(
    ("starts_in", "message"),
    [
        (timedelta(days=2), "Check-in for this session opens at"),
        (timedelta(minutes=-200), "Check-in for this session closed at"),
    ],
)
def test_outside_the_window_is_refused(client, cohort, starts_in, message):
    session = cf.live_session(cohort, starts_at=timezone.now() + starts_in)
    learner = cf.member(cohort)
    response = _post(client, learner, checkin_code_current(session=session).code)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_wrong_code_non_member_and_other_cohort_are_refused(client, cohort, session, trainer):
    code = checkin_code_current(session=session).code
    other_cohort = cf.cohort(course=cohort.course, trainer=trainer)
    cf.live_session(other_cohort, starts_at=timezone.now() - timedelta(minutes=5))
    for user, typed in [
        (cf.member(cohort), "ZZZZZZ"),  # wrong code
        (UserFactory(), code),  # in no cohort
        (cf.member(other_cohort), code),  # another cohort's session
    ]:
        response = _post(client, user, typed)
        assert response.status_code == 400
        assert "This code is not valid" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_replaced_code_is_refused(client, trainer, cohort, session):
    learner, late = cf.member(cohort), cf.member(cohort)
    old = checkin_code_current(session=session).code
    assert _post(client, learner, old).status_code == 302
    client.force_login(trainer)
    response = client.post(reverse("cohorts:checkin_code", args=[cohort.pk, session.pk]))
    assert response.status_code == 302
    new = checkin_code_current(session=session).code
    assert new != old
    response = _post(client, late, old)  # a replay of the leaked code
    assert response.status_code == 400
    assert "This code has been replaced" in response.content.decode()
    assert not Attendance.objects.filter(user=late).exists()
    assert _post(client, late, new).status_code == 302


def test_a_cancelled_sessions_code_is_refused(client, cohort, trainer):
    soon = cf.live_session(cohort, starts_at=timezone.now() + timedelta(minutes=10))
    code = checkin_code_current(session=soon).code
    live_session_cancel(session=soon, cancelled_by=trainer, reason="The speaker is ill.")
    response = _post(client, cf.member(cohort), code)
    assert response.status_code == 400
    assert "cancelled" in response.content.decode()
    assert not Attendance.objects.exists()
    with pytest.raises(Exception, match="cancelled"):
        checkin_code_replace(session=soon)


def test_the_trainer_screen_shows_a_qr_code_of_the_prefilled_link(trainer_client, cohort, session):
    response = trainer_client.get(reverse("cohorts:checkin_code", args=[cohort.pk, session.pk]))
    html = response.content.decode()
    code = checkin_code_current(session=session).code
    assert f"{CHECK_IN}?code={code}" in html
    assert html.count("<svg") == 1 and "<path" in html
    assert 'http-equiv="refresh"' not in html  # no more rotating every ten seconds
    assert response["Cache-Control"] == "no-store"


def test_a_scanned_code_is_confirmed_before_anything_is_written(client, cohort, session):
    learner = cf.member(cohort)
    code = checkin_code_current(session=session).code
    client.force_login(learner)
    page = client.get(f"{CHECK_IN}?code={code}")
    assert page.status_code == 200
    html = page.content.decode()
    assert session.title in html and f'value="{code}"' in html
    assert "Confirm my check-in" in html
    assert not Attendance.objects.exists()
    assert client.post(CHECK_IN, {"code": code}).status_code == 302
    assert Attendance.objects.filter(user=learner, status="present").exists()


def test_a_scanned_bad_code_says_why(client, cohort, session):
    client.force_login(cf.member(cohort))
    page = client.get(f"{CHECK_IN}?code=NOPE99")
    assert page.status_code == 400
    assert "This code is not valid" in page.content.decode()


def test_anonymous_scan_goes_to_login_and_comes_back(client, cohort, session):
    code = checkin_code_current(session=session).code
    response = client.get(f"{CHECK_IN}?code={code}")
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert quote(f"{CHECK_IN}?code={code}", safe="/") in response["Location"]
    assert client.post(CHECK_IN, {"code": code}).status_code == 302  # to login, not written
    assert not Attendance.objects.exists()


def test_the_limit_also_counts_per_address(client, cohort, session, settings):
    limits = {**settings.ACCOUNT_RATE_LIMITS, "cohorts_checkin_ip": "3/10m/ip"}
    settings.ACCOUNT_RATE_LIMITS = limits
    for n in range(4):  # three wrong codes allowed, the fourth blocks the address
        _post(client, cf.member(cohort), f"WRONG{n}")
    response = _post(client, cf.member(cohort), checkin_code_current(session=session).code)
    assert "Too many wrong codes" in response.content.decode()
    assert not Attendance.objects.exists()


def test_another_trainer_cannot_see_or_replace_the_code(client, cohort, session):
    stranger = UserFactory(roles=["Trainer"])
    client.force_login(stranger)
    url = reverse("cohorts:checkin_code", args=[cohort.pk, session.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not CheckInCode.objects.exists()
