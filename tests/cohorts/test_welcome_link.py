"""The invitation e-mail's link: a welcome page that sets the password, signs in and starts
the course; single use, expiring, tied to its membership; refusals write nothing."""

import re
import time
from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.urls import reverse

from cohorts import services
from cohorts.invitation_links import MAX_AGE, invitation_token
from cohorts.models import Membership, MembershipStatus
from courses.selectors import course_outline
from tests.factories import UserFactory
from tests.factories import cohorts as cf

User = get_user_model()
PASSWORD = "Vientiane-pension-2026"


@pytest.fixture
def invited(cohort, trainer, django_capture_on_commit_callbacks):
    """A new participant invited by the trainer: the link from the e-mail they received."""
    cf.live_session(cohort, title="Opening webinar")
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_invite(
            cohort=cohort,
            email="somchai@example.org",
            full_name="Somchai Vongsa",
            invited_by=trainer,
        )
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/cohorts/welcome/\S+/)", message.body)[1]
    user = User.objects.get(email="somchai@example.org")
    return link, user


def _without_password(**fields):
    user = UserFactory(**fields)
    user.set_unusable_password()
    user.save()
    return user


def _post(client, link, password=PASSWORD, confirm=None):
    return client.post(link, {"new_password1": password, "new_password2": confirm or password})


def test_the_e_mail_links_to_the_welcome_page_not_to_allauths_reset(invited):
    link, user = invited
    assert link.startswith("/cohorts/welcome/")
    assert "/accounts/password/reset/" not in mail.outbox[0].body
    assert not user.has_usable_password()


def test_welcome_page_greets_by_name_with_course_trainer_and_first_session(
    client, invited, cohort, trainer
):
    link, _user = invited
    response = client.get(link)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Welcome, Somchai Vongsa" in body
    assert cohort.name in body
    assert cohort.course.title in body
    assert trainer.get_full_name() in body
    assert "Opening webinar" in body
    assert 'name="new_password1"' in body
    assert SESSION_KEY not in client.session


def test_setting_the_password_signs_in_and_opens_the_first_step(client, invited, cohort):
    link, user = invited
    response = _post(client, link)
    first = course_outline(cohort.course).steps[0]
    assert response.status_code == 302
    assert response["Location"] == first.url
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get(first.url).status_code == 200


def test_the_link_is_single_use(client, invited):
    link, user = invited
    _post(client, link)
    client.logout()
    password = User.objects.get(pk=user.pk).password
    again = _post(client, link, password="Another-pension-2027")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert User.objects.get(pk=user.pk).password == password
    assert SESSION_KEY not in client.session
    assert client.get(link).status_code == 410


def test_weak_or_mismatched_passwords_are_refused_and_nothing_is_written(client, invited):
    link, user = invited
    for password, confirm in (("123", "123"), (PASSWORD, PASSWORD + "x"), ("password", "password")):
        response = _post(client, link, password, confirm)
        assert response.status_code == 400
        assert 'class="errors"' in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert SESSION_KEY not in client.session
    assert client.get(link).status_code == 200  # still usable


@pytest.mark.parametrize(
    "mangle",
    [
        lambda link: link.replace(link.split("/")[-2], "forged"),
        lambda link: link[:-3] + "x/",
        lambda link: re.sub(r"/welcome/\d+/", "/welcome/999999/", link),
    ],
)
def test_forged_links_are_refused_and_write_nothing(client, invited, mangle):
    link, user = invited
    response = _post(client, mangle(link))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert SESSION_KEY not in client.session


def test_a_token_of_another_membership_is_refused(client, invited, course, trainer):
    link, user = invited
    other_cohort = cf.cohort(course=course, trainer=trainer)
    other = services.membership_create(
        cohort=other_cohort, user=_without_password(), source="import"
    )
    token = link.split("/")[-2]
    forged = reverse("cohorts:welcome", args=[other.pk, token])
    assert _post(client, forged).status_code == 404
    assert not User.objects.get(pk=other.user_id).has_usable_password()


def test_an_expired_link_is_refused(client, invited):
    _link, user = invited
    membership = Membership.objects.get(user=user)
    past = time.time() - MAX_AGE.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=past):
        token = invitation_token(membership)
    response = _post(client, reverse("cohorts:welcome", args=[membership.pk, token]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_withdrawn_membership_makes_the_link_invalid(client, invited, cohort):
    link, user = invited
    services.membership_remove(cohort=cohort, user=user)
    assert _post(client, link).status_code == 404
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_an_already_active_account_is_asked_to_sign_in(client, cohort):
    user = UserFactory(email="active@example.org")
    membership = Membership.objects.get(
        pk=services.membership_create(cohort=cohort, user=user, source="import").pk
    )
    link = reverse("cohorts:welcome", args=[membership.pk, invitation_token(membership)])
    password = user.password
    response = _post(client, link)
    assert response.status_code == 200
    body = response.content.decode()
    assert "already active" in body
    assert reverse("account_login") in body
    assert User.objects.get(pk=user.pk).password == password
    assert SESSION_KEY not in client.session


def test_a_pending_invitation_of_an_account_without_password_is_accepted(
    client, cohort, django_capture_on_commit_callbacks
):
    user = _without_password(email="pending@example.org")
    membership = services.membership_invite(cohort=cohort, user=user, source="import")
    assert membership.status == MembershipStatus.INVITED
    link = reverse("cohorts:welcome", args=[membership.pk, invitation_token(membership)])
    assert _post(client, link).status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_a_signed_in_learner_with_a_forged_link_changes_nothing(client, invited, learner):
    link, user = invited
    client.force_login(learner)
    response = _post(client, link.replace(link.split("/")[-2], "forged"))
    assert response.status_code == 404
    assert client.session[SESSION_KEY] == str(learner.pk)
    user.refresh_from_db()
    assert not user.has_usable_password()
