"""Trainers act only on the certificates of their cohorts' members, for those cohorts' course;
issuing without the rules is an administrator's act with a reason; staff acts are audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_reissue, certificate_revoke
from learning.models import AuditAction, AuditEvent
from tests.factories import UserFactory
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(awarding_course, trainer):
    """A cohort of the course run by `trainer` with one member holding a certificate, and an
    outsider (no cohort of this trainer) holding one too."""
    cohort = cf.cohort(course=awarding_course, trainer=trainer)
    member = cf.member(cohort, full_name="Malika Nazarova", email="malika@example.org")
    outsider = UserFactory(full_name="Outside Person", email="outsider@example.org")
    mine = certificate_issue(user=member, course=awarding_course, enforce_rules=False, notify=False)
    theirs = certificate_issue(
        user=outsider, course=awarding_course, enforce_rules=False, notify=False
    )
    return {
        "cohort": cohort,
        "member": member,
        "outsider": outsider,
        "mine": mine,
        "theirs": theirs,
    }


def test_trainer_lists_only_their_members_certificates(
    client, trainer, world, django_assert_max_num_queries
):
    client.force_login(trainer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("certificates:manage"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "malika@example.org" in body
    assert "outsider@example.org" not in body
    assert world["theirs"].display_code not in body


def test_trainer_search_cannot_reach_outside_the_scope(client, trainer, world):
    client.force_login(trainer)
    body = client.get(reverse("certificates:manage"), {"q": "outsider"}).content.decode()
    assert "outsider@example.org" not in body


def test_trainer_downloads_their_members_pdf_but_not_an_outsiders(client, trainer, world):
    client.force_login(trainer)
    assert client.get(world["mine"].get_download_url()).status_code == 200
    assert client.get(world["theirs"].get_download_url()).status_code == 404


def test_trainer_of_another_cohort_sees_nothing_and_changes_nothing(client, world):
    other = UserFactory(roles=["Trainer"])
    cf.cohort(trainer=other)
    client.force_login(other)
    mine = world["mine"]
    assert mine.display_code not in client.get(reverse("certificates:manage")).content.decode()
    assert client.get(mine.get_download_url()).status_code == 404
    response = client.post(reverse("certificates:reissue", args=[mine.pk]), {"learner_name": "X"})
    assert response.status_code == 404
    response = client.post(reverse("certificates:revoke", args=[mine.pk]), {"reason": "Spite"})
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.status == "valid" and mine.revision == 1 and mine.learner_name != "X"
    assert not AuditEvent.objects.exists()


def test_trainer_cannot_reissue_or_revoke_an_outsiders_certificate(client, trainer, world):
    """The hole: any trainer renamed and revoked any certificate on the platform."""
    client.force_login(trainer)
    theirs = world["theirs"]
    url = reverse("certificates:reissue", args=[theirs.pk])
    assert client.post(url, {"learner_name": "Renamed"}).status_code == 404
    url = reverse("certificates:revoke", args=[theirs.pk])
    assert client.post(url, {"reason": "Spite"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "valid" and theirs.learner_name == "Outside Person"
    assert not AuditEvent.objects.exists()


def test_reissue_by_the_trainer_is_audited_with_the_address(
    client, trainer, world, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("certificates:reissue", args=[world["mine"].pk]),
            {"learner_name": "Malika Nazarova-Rahimova"},
            REMOTE_ADDR="203.0.113.9",
        )
    assert response.status_code == 302
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.CERTIFICATE_REISSUE
    assert event.actor == trainer and event.ip_address == "203.0.113.9"
    assert event.target_id == str(world["mine"].pk)
    assert event.detail["old_name"] == "Malika Nazarova"
    assert event.detail["new_name"] == "Malika Nazarova-Rahimova"


def test_revoke_by_the_trainer_is_audited_with_the_reason(client, trainer, world):
    client.force_login(trainer)
    client.post(
        reverse("certificates:revoke", args=[world["mine"].pk]), {"reason": "Identity fraud"}
    )
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.CERTIFICATE_REVOKE
    assert event.reason == "Identity fraud" and event.actor == trainer


def test_a_refused_revoke_leaves_no_audit_row(client, trainer, world):
    client.force_login(trainer)
    client.post(reverse("certificates:revoke", args=[world["mine"].pk]), {"reason": "  "})
    assert not AuditEvent.objects.exists()


def test_trainer_cannot_issue_to_someone_outside_their_cohorts(client, trainer, world):
    Certificate.objects.filter(pk=world["theirs"].pk).delete()
    client.force_login(trainer)
    response = client.post(
        reverse("certificates:manage"),
        {"email": "outsider@example.org", "course": world["mine"].course_id},
    )
    assert response.status_code == 400
    assert "None of the participants of your cohorts" in response.content.decode()
    assert not Certificate.objects.filter(user=world["outsider"]).exists()
    assert not AuditEvent.objects.exists()


def test_unknown_email_gets_the_same_answer_for_a_trainer(client, trainer, world):
    client.force_login(trainer)
    response = client.post(
        reverse("certificates:manage"),
        {"email": "nobody@example.org", "course": world["mine"].course_id},
    )
    assert response.status_code == 400
    assert "None of the participants of your cohorts" in response.content.decode()
    assert "No account has this e-mail address." not in response.content.decode()


def test_trainer_cannot_issue_without_the_rules(client, trainer, world):
    """The hole: unticking "only if the participant meets the requirements"."""
    newcomer = cf.member(world["cohort"], email="newcomer@example.org")
    client.force_login(trainer)
    page = client.get(reverse("certificates:manage")).content.decode()
    assert 'name="enforce_rules"' not in page
    response = client.post(
        reverse("certificates:manage"),
        {"email": newcomer.email, "course": world["mine"].course_id, "reason": "Trust me"},
    )
    assert response.status_code == 400
    assert "0 of 2 required steps done." in response.content.decode()
    assert not Certificate.objects.filter(user=newcomer).exists()
    assert not AuditEvent.objects.exists()


def test_the_service_refuses_a_trainer_issuing_without_the_rules(trainer, world):
    newcomer = cf.member(world["cohort"])
    with pytest.raises(PermissionDenied):
        certificate_issue(
            user=newcomer,
            course=world["cohort"].course,
            issued_by=trainer,
            enforce_rules=False,
            reason="Trust me",
        )
    assert not Certificate.objects.filter(user=newcomer).exists()


def test_the_services_refuse_a_trainer_outside_the_scope(trainer, world):
    with pytest.raises(PermissionDenied):
        certificate_reissue(certificate=world["theirs"], learner_name="X", reissued_by=trainer)
    with pytest.raises(PermissionDenied):
        certificate_revoke(certificate=world["theirs"], reason="x", revoked_by=trainer)
    with pytest.raises(PermissionDenied):
        certificate_issue(user=UserFactory(), course=world["cohort"].course, issued_by=trainer)
    assert not AuditEvent.objects.exists()


def test_administrator_must_give_a_reason_to_issue_without_the_rules(client, administrator, world):
    newcomer = UserFactory(email="newcomer@example.org")
    client.force_login(administrator)
    response = client.post(
        reverse("certificates:manage"),
        {"email": newcomer.email, "course": world["mine"].course_id, "reason": "   "},
    )
    assert response.status_code == 400
    assert "Say why this certificate is issued without the course" in response.content.decode()
    assert not Certificate.objects.filter(user=newcomer).exists()
    assert not AuditEvent.objects.exists()


def test_administrator_issue_without_the_rules_is_audited_with_the_reason(
    client, administrator, world
):
    newcomer = UserFactory(email="newcomer@example.org")
    client.force_login(administrator)
    response = client.post(
        reverse("certificates:manage"),
        {
            "email": newcomer.email,
            "course": world["mine"].course_id,
            "reason": "Completed the course offline in Dushanbe.",
        },
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(user=newcomer)
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.CERTIFICATE_ISSUE_WITHOUT_RULES
    assert event.actor == administrator
    assert event.reason == "Completed the course offline in Dushanbe."
    assert event.target_id == str(certificate.pk)


def test_trainer_issue_by_hand_within_the_rules_is_audited(client, trainer, world, finish_course):
    newcomer = cf.member(world["cohort"], email="newcomer@example.org")
    course = world["cohort"].course
    finish_course(newcomer, course)
    # Completion issued it already; the trainer issues it again by hand after a deletion.
    Certificate.objects.filter(user=newcomer).delete()
    client.force_login(trainer)
    response = client.post(
        reverse("certificates:manage"), {"email": newcomer.email, "course": course.pk}
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(user=newcomer)
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.CERTIFICATE_ISSUE and event.actor == trainer
    assert event.target_id == str(certificate.pk)


def test_the_trainers_list_costs_the_same_with_more_cohorts_and_certificates(
    client, trainer, world, django_assert_num_queries
):
    client.force_login(trainer)
    url = reverse("certificates:manage")
    client.get(url)  # warm the session and permission caches the same way for both counts
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    course = world["cohort"].course
    second = cf.cohort(course=course, trainer=trainer)
    for n in range(6):
        member = cf.member(second if n % 2 else world["cohort"], email=f"more{n}@example.org")
        certificate_issue(user=member, course=course, enforce_rules=False, notify=False)
    with django_assert_num_queries(len(small)):
        body = client.get(url).content.decode()
    assert all(f"more{n}@example.org" in body for n in range(6))
