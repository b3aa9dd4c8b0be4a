"""Erasure: one service, a tombstone account, anonymous rows kept, certificates revoked."""

from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.users.models import UserProfile

from assessments.models import Attempt, H5PResult, H5PState, H5PStatement, Response
from assessments.services import attempt_start, attempt_submit, h5p_statement_record
from certificates.models import Certificate
from cohorts.models import Attendance, Membership
from courses.models import Enrollment, Reflection, StepProgress
from learning.models import AuditAction, AuditEvent, User
from learning.services import user_erase
from learning.tasks import send_email
from tests.factories import UserFactory
from tests.learning.conftest import _statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_people(learner, give_data):
    other = UserFactory(full_name="Other Person")
    give_data(learner, "MINE")
    give_data(other, "THEIRS")
    return learner, other


def counts_of(user) -> dict:
    return {
        "attempts": Attempt.objects.filter(user=user).count(),
        "responses": Response.objects.filter(attempt__user=user).count(),
        "h5p_results": H5PResult.objects.filter(user=user).count(),
        "enrollments": Enrollment.objects.filter(user=user).count(),
        "progress": StepProgress.objects.filter(user=user).count(),
        "memberships": Membership.objects.filter(user=user).count(),
        "attendance": Attendance.objects.filter(user=user).count(),
    }


def test_erasure_keeps_anonymous_rows_and_removes_the_person(
    two_people, administrator, django_capture_on_commit_callbacks
):
    me, other = two_people
    kept_before, other_before = counts_of(me), counts_of(other)
    certificate = Certificate.objects.get(user=me)
    pdf_name, storage = certificate.pdf.name, certificate.pdf.storage
    assert storage.exists(pdf_name)
    scores = list(Attempt.objects.filter(user=me).values_list("score", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=me, actor=administrator, reason="Request by e-mail, ticket 42")

    me = User.objects.get(pk=me.pk)
    assert me.email == f"erased-{me.pk}@invalid"
    assert me.full_name == "" and me.organisation == "" and str(me.country) == ""
    assert not me.is_active and not me.has_usable_password() and not me.is_staff
    assert not me.groups.exists()
    assert not EmailAddress.objects.filter(user=me).exists()
    # What statistics and item analysis need stays, without the person.
    assert counts_of(me) == kept_before
    assert list(Attempt.objects.filter(user=me).values_list("score", flat=True)) == scores
    assert Response.objects.filter(attempt__user=me, answer={"text": "Answer MINE"}).exists()
    # What only identifies the person goes.
    assert not Reflection.objects.filter(user=me).exists()
    assert not H5PState.objects.filter(user=me).exists()
    statement = H5PStatement.objects.get(user=me).statement
    assert me.pk and "mbox" not in str(statement) and statement["actor"]["account"]["name"]
    # Certificates: revoked, nameless, PDF gone.
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_reason == "account erased"
    assert certificate.learner_name == "" and not certificate.pdf
    assert not storage.exists(pdf_name)
    # The other person is untouched.
    assert counts_of(other) == other_before
    assert Reflection.objects.filter(user=other).exists()
    assert Certificate.objects.get(user=other).status == "valid"
    event = AuditEvent.objects.get(action=AuditAction.USER_ERASE)
    assert event.actor == administrator and event.reason == "Request by e-mail, ticket 42"
    assert event.target_label == me.email  # the tombstone, never the name
    assert event.detail["counts"]["certificates.revoked"] == 1


def test_verification_page_shows_no_name_after_erasure(client, two_people, administrator):
    me, _other = two_people
    certificate = Certificate.objects.get(user=me)
    name = certificate.learner_name
    user_erase(user=me, actor=administrator, reason="Request")
    html = client.get(reverse("certificates:verify", args=[certificate.display_code])).content
    html = html.decode()
    assert "Revoked" in html and "account erased" in html
    assert name not in html and "Learner" not in html
    for view in ("certificates:ob_credential", "certificates:ob_status"):
        response = client.get(reverse(view, args=[certificate.display_code]) + "?format=json")
        assert response.status_code == 200
        assert name not in response.content.decode()


def test_no_mail_goes_to_an_erased_address(learner, administrator):

    user_erase(user=learner, actor=administrator, reason="Request")
    learner.refresh_from_db()
    send_email(subject="Reminder", body="Hello", to=[learner.email], from_email="a@example.org")
    send_email(
        subject="Reminder", body="Hello", to=[learner.email, "b@example.org"], from_email="a@x.org"
    )
    assert [m.to for m in mail.outbox] == [["b@example.org"]]


def test_erasure_ends_the_persons_sessions(client, learner):
    client.force_login(learner)
    assert client.get(reverse("dashboard")).status_code == 200
    user_erase(user=learner, actor=learner, reason="Deleted by the account holder")
    assert client.get(reverse("dashboard")).status_code == 302


def test_erasure_needs_a_reason_and_writes_nothing_without_one(learner, administrator):
    with pytest.raises(ValidationError):
        user_erase(user=learner, actor=administrator, reason="  ")
    learner.refresh_from_db()
    assert learner.is_active and learner.full_name
    assert not AuditEvent.objects.exists()


def test_only_an_administrator_erases_someone_else(learner, trainer, editor):
    for actor in (trainer, editor, UserFactory()):
        with pytest.raises(PermissionDenied):
            user_erase(user=learner, actor=actor, reason="Because")
    learner.refresh_from_db()
    assert learner.is_active and not AuditEvent.objects.exists()


def test_erasing_twice_is_refused_plainly(learner, administrator):
    user_erase(user=learner, actor=administrator, reason="Request")
    with pytest.raises(ValidationError, match="already been erased"):
        user_erase(user=learner, actor=administrator, reason="Again")
    assert AuditEvent.objects.filter(action=AuditAction.USER_ERASE).count() == 1


# --- the learner deletes their own account ----------------------------------------------------

DELETE_URL = "/accounts/profile/delete/"


def test_delete_page_explains_what_stays(learner_client):
    html = learner_client.get(DELETE_URL).content.decode()
    assert "What stays, without your name" in html
    assert "revoked" in html


def test_wrong_password_deletes_nothing(learner_client, learner):
    response = learner_client.post(DELETE_URL, {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    assert "This is not your current password." in response.content.decode()
    learner.refresh_from_db()
    assert learner.is_active and not AuditEvent.objects.exists()


def test_wrong_passwords_are_throttled(learner_client, learner, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "account_delete": "2/h/user"}
    for _ in range(2):
        learner_client.post(DELETE_URL, {"password": "guess", "confirm": "on"})
    right = {"password": "correct-horse-battery-9", "confirm": "on"}
    response = learner_client.post(DELETE_URL, right)
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.content.decode()
    learner.refresh_from_db()
    assert learner.is_active


def test_unconfirmed_deletion_deletes_nothing(learner_client, learner):
    response = learner_client.post(DELETE_URL, {"password": "correct-horse-battery-9"})
    assert response.status_code == 400
    assert "Tick the box to confirm." in response.content.decode()
    learner.refresh_from_db()
    assert learner.is_active


def test_learner_deletes_own_account_and_is_signed_out(learner_client, learner):
    response = learner_client.post(
        DELETE_URL, {"password": "correct-horse-battery-9", "confirm": "on"}
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert not learner.is_active and learner.email.endswith("@invalid")
    assert learner_client.get(reverse("dashboard")).status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.USER_ERASE)
    assert event.actor == learner and event.detail["by"] == "self"


def test_anonymous_cannot_reach_the_delete_page(client, db):
    response = client.post(DELETE_URL, {"password": "x", "confirm": "on"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_staff_account_cannot_delete_itself(client, administrator):
    client.force_login(administrator)
    response = client.post(DELETE_URL, {"password": "correct-horse-battery-9", "confirm": "on"})
    assert response.status_code == 400
    assert "ask an administrator" in response.content.decode()
    administrator.refresh_from_db()
    assert administrator.is_active


# --- the administrator erases a person in the Wagtail admin -----------------------------------


def erase_url(user) -> str:
    return reverse("learning_user_erase", args=[user.pk])


def test_admin_delete_of_a_certificate_holder_goes_to_erasure_never_500(
    client, two_people, administrator
):
    me, _other = two_people
    client.force_login(administrator)
    delete_url = reverse("wagtailusers_users:delete", args=[me.pk])
    for response in (client.get(delete_url), client.post(delete_url)):
        assert response.status_code == 302
        assert response["Location"] == erase_url(me)
    assert User.objects.get(pk=me.pk).is_active  # nothing deleted or erased yet
    response = client.get(erase_url(me))
    assert response.status_code == 200
    assert me.email in response.content.decode()


def test_admin_erases_with_a_reason(client, two_people, administrator):
    me, _other = two_people
    client.force_login(administrator)
    response = client.post(erase_url(me), {"reason": "Erasure request, ticket 7", "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.get(pk=me.pk).is_active
    event = AuditEvent.objects.get(action=AuditAction.USER_ERASE)
    assert event.actor == administrator and event.reason == "Erasure request, ticket 7"


def test_admin_erasure_without_reason_writes_nothing(client, learner, administrator):
    client.force_login(administrator)
    response = client.post(erase_url(learner), {"reason": " ", "confirm": "on"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert User.objects.get(pk=learner.pk).is_active
    assert not AuditEvent.objects.exists()


def test_admin_erasing_an_erased_account_says_so(client, learner, administrator):
    user_erase(user=learner, actor=administrator, reason="Request")
    client.force_login(administrator)
    response = client.post(erase_url(learner), {"reason": "Again", "confirm": "on"})
    assert response.status_code == 400
    assert "already been erased" in response.content.decode()


@pytest.mark.parametrize("who", ["learner", "trainer", "editor"])
def test_only_administrators_reach_the_erase_view(client, learner, who, request):
    victim = UserFactory()
    client.force_login(request.getfixturevalue(who))
    response = client.post(erase_url(victim), {"reason": "Because", "confirm": "on"})
    # Wagtail turns a refusal into a redirect: to sign-in without admin access, else home.
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/" if who == "editor" else "/accounts/login/")
    assert User.objects.get(pk=victim.pk).is_active
    assert not AuditEvent.objects.exists()


def test_bulk_delete_of_users_is_refused(client, learner, administrator):
    client.force_login(administrator)
    other = UserFactory()
    url = reverse("wagtail_bulk_action", args=("learning", "user", "delete"))
    query = urlencode({"id": [learner.pk, other.pk]}, doseq=True)
    response = client.post(f"{url}?{query}")
    assert response.status_code == 302
    assert User.objects.filter(pk__in=[learner.pk, other.pk], is_active=True).count() == 2


def test_erasure_queries_do_not_grow_with_the_rows(places, give_data, administrator):

    few, many = give_data(UserFactory(), "FEW"), give_data(UserFactory(), "MANY")
    attempt_submit(user=many, attempt=attempt_start(user=many, quiz=places["quiz"]))
    for _ in range(3):
        h5p_statement_record(
            user=many, package=places["package"], page=None, statement=_statement(many)
        )
    with CaptureQueriesContext(connection) as small:
        user_erase(user=few, actor=administrator, reason="Request")
    with CaptureQueriesContext(connection) as large:
        user_erase(user=many, actor=administrator, reason="Request")
    assert len(large) == len(small)


def test_the_admin_profile_and_its_avatar_file_go(
    learner, administrator, django_capture_on_commit_callbacks
):
    profile = UserProfile.get_for_user(learner)
    profile.avatar.save("me.png", ContentFile(b"\x89PNG not really"), save=True)
    storage, name = profile.avatar.storage, profile.avatar.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=learner, actor=administrator, reason="Request")
    assert not UserProfile.objects.filter(user=learner).exists()
    assert not storage.exists(name)
