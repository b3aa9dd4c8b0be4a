"""The learner's own archive: every app's part, this learner's rows only, audited, throttled."""

import csv
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.services import attempt_start, attempt_submit, h5p_statement_record
from certificates.models import Certificate
from certificates.openbadges import credential_verify
from learning.models import AuditAction, AuditEvent
from tests.factories import UserFactory
from tests.learning.conftest import _statement

pytestmark = pytest.mark.django_db

URL = "/accounts/profile/export/"


def unzip(response) -> dict[str, bytes]:
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def two_people(learner, give_data):
    other = UserFactory(full_name="Other Person")
    give_data(learner, "MINE")
    give_data(other, "THEIRS")
    return learner, other


def test_profile_page_offers_the_archive_and_the_deletion(learner_client):
    html = learner_client.get(reverse("profile")).content.decode()
    assert f'action="{URL}"' in html
    assert reverse("account_delete") in html


def test_archive_holds_every_section_with_my_rows_and_nobody_elses(client, two_people):
    me, other = two_people
    client.force_login(me)
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    files = unzip(response)
    everything = b"\n".join(files.values()).decode("utf-8", "replace")
    assert other.email not in everything and "THEIRS" not in everything
    assert other.full_name not in everything

    profile = json.loads(files["account/profile.json"])
    assert profile[0]["email"] == me.email and profile[0]["full_name"] == me.full_name
    assert profile[0]["roles"] == ["Learner"]
    enrollments = read_csv(files["courses/enrolments.csv"])
    # The certificate's course, the quiz's course and the cohort's course.
    assert len(enrollments) == 3 and enrollments[0]["status"] == "completed"
    assert len(read_csv(files["courses/step_progress.csv"])) == 2
    assert json.loads(files["courses/reflections.json"])[0]["answer"] == "Reflection MINE"
    attempts = read_csv(files["assessments/quiz_attempts.csv"])
    assert len(attempts) == 1 and attempts[0]["state"] == "submitted"
    responses = json.loads(files["assessments/quiz_responses.json"])
    assert {"text": "Answer MINE"} in [r["answer"] for r in responses]
    assert read_csv(files["assessments/h5p_results.csv"])[0]["score_raw"] == "3.000"
    assert "State MINE" in json.loads(files["assessments/h5p_saved_state.json"])[0]["data"]
    assert len(json.loads(files["assessments/h5p_statements.json"])) == 1
    assert read_csv(files["cohorts/memberships.csv"])[0]["cohort__name"] == "Cohort Dushanbe 2026"
    assert read_csv(files["cohorts/attendance.csv"])[0]["status"] == "present"

    certificate = Certificate.objects.get(user=me)
    rows = read_csv(files["certificates/certificates.csv"])
    assert [r["code"] for r in rows] == [certificate.display_code]
    with certificate.pdf.open("rb") as pdf:
        assert files[f"certificates/{certificate.display_code}.pdf"] == pdf.read()
    token = files[f"certificates/{certificate.display_code}.jwt"].decode()
    assert credential_verify(token).ok


def test_export_is_audited_with_its_sections(client, two_people):
    me, other = two_people
    client.force_login(other)
    client.post(URL)
    client.force_login(me)
    client.post(URL)
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).first()
    assert event.actor == me and event.target_id == str(me.pk)
    assert "courses/reflections.json" in event.detail["sections"]
    assert "certificates/certificates.csv" in event.detail["sections"]
    # The next archive lists my earlier export among my own actions, not the other's.
    own = read_csv(unzip(client.post(URL))["account/audit_log.csv"])
    assert [row["action"] for row in own] == ["data.export"]


def test_anonymous_is_sent_to_sign_in_and_nothing_is_exported(client, db):
    response = client.post(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not AuditEvent.objects.exists()


def test_get_is_refused(learner_client):
    assert learner_client.get(URL).status_code == 405
    assert not AuditEvent.objects.exists()


def test_export_is_rate_limited_per_account(learner_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "personal_data_export": "2/h/user",
    }
    assert learner_client.post(URL).status_code == 200
    assert learner_client.post(URL).status_code == 200
    response = learner_client.post(URL)
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_nothing_is_left_in_media(client, two_people, settings):
    me, _other = two_people
    before = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    client.force_login(me)
    unzip(client.post(URL))
    after = sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    assert after == before


def test_queries_do_not_grow_with_the_rows(client, places, give_data, home_page):
    """A person with data everywhere costs the same queries whatever else exists; a second
    set of rows (another quiz attempt, H5P result, attendance) adds none."""

    me = give_data(UserFactory(), "A")

    def count() -> int:
        client.force_login(me)
        with CaptureQueriesContext(connection) as queries:
            unzip(client.post(URL))
        return len(queries)

    small = count()
    attempt = attempt_start(user=me, quiz=places["quiz"])
    attempt_submit(user=me, attempt=attempt)
    for _ in range(3):
        h5p_statement_record(
            user=me, package=places["package"], page=None, statement=_statement(me)
        )
    assert count() <= small  # the first request may warm a cache; rows add nothing
