"""An import never takes over an account: existing accounts are invited (a pending membership
they accept or decline), never enrolled, changed, re-verified or given a role."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from cohorts.models import Membership, MembershipStatus
from courses.models import Enrollment
from learning.models import AuditEvent
from learning.models.audit import AuditAction
from tests.factories import UserFactory
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db
User = get_user_model()


def _upload(client, cohort, rows):
    f = io.BytesIO(cf.participants_csv(rows))
    f.name = "participants.csv"
    return client.post(reverse("cohorts:import", args=[cohort.pk]), {"file": f})


def _import(client, cohort, rows, capture):
    response = _upload(client, cohort, rows)
    assert response.status_code == 200
    with capture(execute=True):
        return client.post(
            reverse("cohorts:import", args=[cohort.pk]),
            {"confirm": "1", "rows": response.context["token"]},
        )


@pytest.fixture
def others(course, administrator):
    other_trainer = UserFactory(roles=["Trainer"], email="other.trainer@example.org")
    other_learner = UserFactory(roles=["Learner"], email="other.learner@example.org")
    other_cohort = cf.cohort(course=course, trainer=other_trainer)
    Membership.objects.create(cohort=other_cohort, user=other_learner, source="import")
    EmailAddress.objects.filter(user=other_learner).delete()
    EmailAddress.objects.create(
        user=other_learner, email=other_learner.email, primary=True, verified=False
    )
    return [administrator, other_trainer, other_learner]


def _snapshot(user):
    user.refresh_from_db()
    return (
        user.full_name,
        user.is_superuser,
        user.is_staff,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(EmailAddress.objects.filter(user=user).values_list("email", "verified")),
    )


def test_dry_run_shows_invitations_for_existing_accounts(trainer_client, cohort, others):
    rows = [("Someone Else", u.email, "", "", "", "") for u in others]
    response = _upload(trainer_client, cohort, rows)
    body = response.content.decode()
    assert body.count("Invitation (existing account)") == 3
    assert "Invitations to existing accounts: 3" in body
    assert not cohort.memberships.exists()


def test_import_invites_but_never_takes_over_existing_accounts(
    trainer_client, trainer, cohort, others, django_capture_on_commit_callbacks
):
    before = [_snapshot(u) for u in others]
    rows = [("Someone Else", u.email, "FR", "Hijacked", "other", "male") for u in others]
    rows.append(("Brand New", "brand.new@example.org", "", "", "", ""))
    response = _import(trainer_client, cohort, rows, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert [_snapshot(u) for u in others] == before
    assert not cohort.memberships.active().filter(user__in=others).exists()
    assert set(cohort.memberships.invited().values_list("user__email", flat=True)) == {
        u.email for u in others
    }
    assert not Enrollment.objects.filter(user__in=others).exists()
    new = User.objects.get(email="brand.new@example.org")
    assert cohort.memberships.active().get().user == new
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.actor == trainer
    assert event.detail["new_accounts"] == 1
    assert event.detail["invitations"] == 3
    assert len(mail.outbox) == 4


def test_the_invited_person_accepts(
    client, trainer_client, cohort, learner, django_capture_on_commit_callbacks
):
    _import(
        trainer_client,
        cohort,
        [("X", learner.email, "", "", "", "")],
        django_capture_on_commit_callbacks,
    )
    invitation = Membership.objects.invited().get(user=learner)
    client.force_login(learner)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert reverse("cohorts:invitation", args=[invitation.pk]) in dashboard
    url = reverse("cohorts:invitation", args=[invitation.pk])
    assert cohort.name in client.get(url).content.decode()
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.ACTIVE
    assert Enrollment.objects.filter(user=learner, course=cohort.course).exists()


def test_the_invited_person_declines(
    client, trainer_client, cohort, learner, django_capture_on_commit_callbacks
):
    _import(
        trainer_client,
        cohort,
        [("X", learner.email, "", "", "", "")],
        django_capture_on_commit_callbacks,
    )
    invitation = Membership.objects.invited().get(user=learner)
    client.force_login(learner)
    url = reverse("cohorts:invitation", args=[invitation.pk])
    assert client.post(url, {"answer": "maybe"}).status_code == 400
    assert client.post(url, {"answer": "decline"}).status_code == 302
    assert not Membership.objects.filter(user=learner).exists()
    assert not Enrollment.objects.filter(user=learner).exists()


def test_nobody_else_answers_an_invitation(
    client, trainer_client, trainer, cohort, learner, django_capture_on_commit_callbacks
):
    _import(
        trainer_client,
        cohort,
        [("X", learner.email, "", "", "", "")],
        django_capture_on_commit_callbacks,
    )
    invitation = Membership.objects.invited().get(user=learner)
    url = reverse("cohorts:invitation", args=[invitation.pk])
    client.logout()
    assert client.post(url, {"answer": "accept"}).status_code == 302  # to the sign-in page
    for intruder in (
        UserFactory(roles=["Learner"]),
        trainer,
        UserFactory(roles=["Content editor"]),
    ):
        client.force_login(intruder)
        assert client.post(url, {"answer": "accept"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.INVITED
    assert not Enrollment.objects.filter(user=learner).exists()
