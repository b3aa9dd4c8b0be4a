"""BigBlueButton: trainers create and end meetings, members join as viewers, and the minutes
seen in the meeting become attendance. Against the stand-in server (bbb_standin.py)."""

import io
import urllib.request
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from cohorts.hooks import ATTENDANCE_CHANGED
from cohorts.models import Attendance, WebinarMeeting, WebinarPresence
from cohorts.services import attendance_record, membership_remove
from cohorts.tasks import poll_webinars
from cohorts.webinars import services
from cohorts.webinars.client import BigBlueButton, BigBlueButtonError
from tests.factories import UserFactory
from tests.factories import cohorts as cf

from .bbb_standin import SECRET, StandIn


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _follow(address: str):
    """What the person's browser does with the join address: one GET, redirect not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(address, timeout=5) as answer:
            return answer.status, answer.headers.get("Location"), answer.read().decode()
    except urllib.error.HTTPError as exc:  # the 302
        return exc.code, exc.headers.get("Location"), ""


@pytest.fixture
def standin(settings):
    server = StandIn().start()
    settings.BIGBLUEBUTTON_URL = server.url
    settings.BIGBLUEBUTTON_SECRET = SECRET
    settings.BIGBLUEBUTTON_CHECKSUM = "sha1"
    yield server
    server.stop()


@pytest.fixture
def session(cohort):
    # 90 minutes from 10 minutes ago; presence rule 60 % -> 54 minutes.
    # Whole minutes, as the session form gives them (the page's <time> shows no microseconds).
    starts_at = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=10)
    return cf.live_session(cohort, starts_at=starts_at)


def _start(client, session):
    return client.post(reverse("cohorts:webinar_start", args=[session.cohort_id, session.pk]))


def _join(client, session):
    return client.post(reverse("cohorts:webinar_join", args=[session.pk]))


def test_trainer_starts_and_member_joins_as_viewer(
    standin, trainer_client, trainer, client, cohort, session
):
    learner = cf.member(cohort, full_name="Amina Diallo")
    page = trainer_client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert "Start the webinar" in page
    response = _start(trainer_client, session)
    assert response.status_code == 302
    meeting = WebinarMeeting.objects.get(session=session)
    address = urlsplit(response["Location"])
    params = {k: v[0] for k, v in parse_qs(address.query).items()}
    assert address.path.endswith("/api/join")
    assert params["role"] == "MODERATOR" and params["userID"] == str(trainer.pk)
    assert params["meetingID"] == meeting.meeting_id
    assert standin.calls[0][0] == "create"
    assert standin.calls[0][1]["meta_socle-session"] == str(session.pk)
    status, location, _body = _follow(response["Location"])
    assert status == 302 and "/html5client/" in location

    client.force_login(learner)
    page = client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert "Join the webinar" in page
    response = _join(client, session)
    assert response.status_code == 302
    params = {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}
    assert (params["role"], params["userID"], params["fullName"]) == (
        "VIEWER",
        str(learner.pk),
        "Amina Diallo",
    )
    assert _follow(response["Location"])[0] == 302
    assert set(standin.meetings[meeting.meeting_id].attendees) == {str(trainer.pk), str(learner.pk)}
    assert standin.refused == []


def test_member_cannot_join_before_the_trainer_starts(standin, client, cohort, session):
    learner = cf.member(cohort)
    client.force_login(learner)
    response = _join(client, session)
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:session", args=[session.pk])
    page = client.get(response["Location"]).content.decode()
    assert "The webinar has not started yet" in page
    assert standin.calls == []


def test_outsiders_are_refused(standin, trainer_client, client, cohort, session):
    _start(trainer_client, session)
    start = reverse("cohorts:webinar_start", args=[cohort.pk, session.pk])
    end = reverse("cohorts:webinar_end", args=[cohort.pk, session.pk])
    join = reverse("cohorts:webinar_join", args=[session.pk])
    # Anonymous: to the sign-in page.
    client.logout()
    for url in (start, end, join):
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # A learner of no cohort, and another cohort's trainer: 404, nothing created or joined.
    for outsider in (UserFactory(roles=["Learner"]), UserFactory(roles=["Trainer"])):
        client.force_login(outsider)
        for url in (start, end, join):
            assert client.post(url).status_code == 404, (outsider, url)
    # A member cannot create or end the meeting.
    client.force_login(cf.member(cohort))
    assert client.post(start).status_code == 404
    assert client.post(end).status_code == 404
    # A withdrawn member can no longer join.
    gone = cf.member(cohort)
    membership_remove(cohort=cohort, user=gone)
    client.force_login(gone)
    assert client.post(join).status_code == 404
    # GET does nothing.
    assert trainer_client.get(start).status_code == 405
    assert [call for call, _p in standin.calls] == ["create"]


def test_feature_hidden_without_settings(settings, trainer_client, cohort, session):
    settings.BIGBLUEBUTTON_URL = ""
    page = trainer_client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert "BigBlueButton" not in page
    assert _start(trainer_client, session).status_code == 404


def test_forged_checksums_are_refused(standin, trainer_client, cohort, session):
    response = _start(trainer_client, session)
    meeting = WebinarMeeting.objects.get(session=session)
    # A learner's own join address turned into a moderator's: the server refuses it.
    learner = cf.member(cohort)
    genuine = BigBlueButton(standin.url, SECRET).join_url(
        meeting_id=meeting.meeting_id, full_name="L", user_id=str(learner.pk), moderator=False
    )
    forged = genuine.replace("role=VIEWER", "role=MODERATOR")
    status, _location, body = _follow(forged)
    assert status == 200 and "<messageKey>checksumError</messageKey>" in body
    assert standin.refused == ["join"]
    # A platform with the wrong secret gets nothing done either.
    with pytest.raises(BigBlueButtonError) as caught:
        BigBlueButton(standin.url, "not-the-secret").meeting_info(meeting_id=meeting.meeting_id)
    assert caught.value.key == "checksumError"
    assert str(learner.pk) not in standin.meetings[meeting.meeting_id].attendees
    assert response.status_code == 302


def test_sha256_checksums(standin, settings, trainer_client, session):
    settings.BIGBLUEBUTTON_CHECKSUM = "sha256"
    response = _start(trainer_client, session)
    checksum = parse_qs(urlsplit(response["Location"]).query)["checksum"][0]
    assert len(checksum) == 64
    assert _follow(response["Location"])[0] == 302
    assert standin.refused == []


def test_attendance_minutes_from_polls_and_end(
    standin, trainer_client, cohort, session, django_capture_on_commit_callbacks
):
    client = Client()
    stays, leaves, late = (cf.member(cohort) for _ in range(3))
    notified = []
    # The polls are dated by hand from an hour ago; the end (below) looks at "now".
    t0 = timezone.now() - timedelta(minutes=60)
    with hooks.register_temporarily(
        ATTENDANCE_CHANGED, lambda **kw: notified.append(kw["user_ids"])
    ):
        _follow(_start(trainer_client, session)["Location"])
        meeting = WebinarMeeting.objects.get(session=session)
        for person in (stays, leaves):
            client.force_login(person)
            _follow(_join(client, session)["Location"])
        services.meetings_poll(now=t0)
        services.meetings_poll(now=t0 + timedelta(minutes=20))
        standin.leave(meeting.meeting_id, leaves.pk)
        client.force_login(late)
        _follow(_join(client, session)["Location"])
        services.meetings_poll(now=t0 + timedelta(minutes=21))
        services.meetings_poll(now=t0 + timedelta(minutes=40))
        # The trainer ends it from the platform: one last look, then the minutes are written.
        with django_capture_on_commit_callbacks(execute=True):
            response = trainer_client.post(
                reverse("cohorts:webinar_end", args=[cohort.pk, session.pk])
            )
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:attendance", args=[cohort.pk, session.pk])
    records = {a.user_id: (a.status, a.minutes, a.source) for a in Attendance.objects.all()}
    assert records == {
        stays.pk: ("present", 60, "import"),
        leaves.pk: ("absent", 20, "import"),  # left after the poll at 20 minutes
        late.pk: ("absent", 39, "import"),
    }  # and not the trainer
    assert notified == [sorted([stays.pk, leaves.pk, late.pk])]
    assert [c for c, _p in standin.calls][-2:] == ["getMeetingInfo", "end"]
    assert not WebinarMeeting.objects.get(pk=meeting.pk).is_open
    assert not WebinarPresence.objects.filter(left_at__isnull=True).exists()
    # Over: the trainer cannot start it again; the page says it ended.
    _start(trainer_client, session)
    page = trainer_client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert "has ended" in page


def test_poll_finishes_a_meeting_the_server_forgot(standin, trainer_client, cohort, session):
    client = Client()
    learner = cf.member(cohort)
    checked_in = cf.member(cohort)
    attendance_record(session=session, user=checked_in, source="check_in", status="present")
    _follow(_start(trainer_client, session)["Location"])
    meeting = WebinarMeeting.objects.get(session=session)
    for person in (learner, checked_in):
        client.force_login(person)
        _follow(_join(client, session)["Location"])
    # People let in by a moderator, or with someone else's id: never recorded.
    outsider = UserFactory()
    for user_id in ("9" * 30, "guest-17", "-3", str(outsider.pk)):
        standin.meetings[meeting.meeting_id].attendees[user_id] = ("Guest", "VIEWER")
    t0 = timezone.now()
    assert services.meetings_poll(now=t0) == 0
    assert services.meetings_poll(now=t0 + timedelta(minutes=55)) == 0
    standin.forget(meeting.meeting_id)
    assert services.meetings_poll(now=t0 + timedelta(minutes=56)) == 1
    records = {a.user_id: (a.status, a.minutes) for a in Attendance.objects.all()}
    # A learner who checked in stays present whatever the minutes say.
    assert records == {learner.pk: ("present", 55), checked_in.pk: ("present", 55)}
    assert set(WebinarPresence.objects.values_list("user_id", flat=True)) == {
        learner.pk,
        checked_in.pk,
    }
    assert services.meetings_poll(now=t0 + timedelta(minutes=57)) == 0  # nothing left open


def test_unreachable_server_is_a_message_not_a_crash(settings, trainer_client, session):
    settings.BIGBLUEBUTTON_URL = "http://127.0.0.1:9/bigbluebutton/"
    settings.BIGBLUEBUTTON_SECRET = SECRET
    response = _start(trainer_client, session)
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:session", args=[session.pk])
    page = trainer_client.get(response["Location"]).content.decode()
    assert "BigBlueButton did not answer as expected" in page


def test_hostile_xml_answer_is_refused(monkeypatch):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<response><returncode>SUCCESS</returncode><running>&b;</running></response>"
    )

    class Answer(io.BytesIO):
        def __enter__(self):
            return self

    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: Answer(bomb))
    with pytest.raises(BigBlueButtonError, match="not readable XML"):
        BigBlueButton("https://bbb.invalid/bigbluebutton", SECRET).is_running(meeting_id="x")


def test_poll_task_does_nothing_without_a_server(settings, trainer_client, session):
    settings.BIGBLUEBUTTON_URL = ""
    assert poll_webinars.apply().get() == 0


def test_session_page_queries_stay_flat(
    standin, trainer_client, cohort, session, django_assert_max_num_queries
):
    _start(trainer_client, session)
    url = reverse("cohorts:session", args=[session.pk])
    trainer_client.get(url)
    with django_assert_max_num_queries(20) as few:
        trainer_client.get(url)
    for _ in range(10):
        cf.member(cohort)
    with django_assert_max_num_queries(len(few.captured_queries)):
        trainer_client.get(url)


@pytest.mark.browser
def test_session_page_webinar_states_validate(standin, trainer_client, cohort, session, tmp_path):
    from tests.browser.test_html_validity import check_pages  # noqa: PLC0415 - needs java

    learner = cf.member(cohort)
    learner_client = Client()
    learner_client.force_login(learner)
    url = reverse("cohorts:session", args=[session.pk])
    pages = {"learner, not started": [learner_client.get(url).content.decode()]}
    pages["trainer, not started"] = [trainer_client.get(url).content.decode()]
    _start(trainer_client, session)
    pages["trainer, open"] = [trainer_client.get(url).content.decode()]
    pages["learner, open"] = [learner_client.get(url).content.decode()]
    trainer_client.post(reverse("cohorts:webinar_end", args=[cohort.pk, session.pk]))
    pages["learner, ended"] = [learner_client.get(url).content.decode()]
    assert "Join the webinar" in pages["learner, open"][0]
    _counts, errors, _warnings = check_pages(pages, tmp_path)
    assert errors == [], "\n".join(errors)
