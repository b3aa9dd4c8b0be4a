"""Joining by link: the key, the enrolment window, the capacity, and the course enrolment."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership
from courses.models import Enrollment
from tests.factories import UserFactory
from tests.factories import cohorts as cf
from tests.factories.courses import course as make_course


def test_join_link_enrols_in_the_course(learner_client, learner, course, trainer):
    cohort = cf.cohort(course=course, trainer=trainer, enrollment_mode="join_link")
    url = cohort.join_url()
    assert learner_client.get(url).status_code == 200
    response = learner_client.post(url)
    assert response.status_code == 302
    assert Membership.objects.filter(cohort=cohort, user=learner, source="join_link").exists()
    assert Enrollment.objects.filter(course=course, user=learner).exists()
    # Idempotent.
    learner_client.post(url)
    assert Membership.objects.filter(cohort=cohort, user=learner).count() == 1


def test_wrong_key_or_mode_is_404(learner_client, learner, course, trainer):
    cohort = cf.cohort(course=course, trainer=trainer, enrollment_mode="join_link")
    bad = reverse("cohorts:join", args=[cohort.pk, "not-the-key"])
    assert learner_client.get(bad).status_code == 404
    assert learner_client.post(bad).status_code == 404
    invitation_only = cf.cohort(course=course, trainer=trainer, enrollment_mode="invitation")
    assert learner_client.post(invitation_only.join_url()).status_code == 404
    assert not Membership.objects.filter(user=learner).exists()


def test_full_cohort_says_it_is_full(client, course, trainer):
    cohort = cf.cohort(course=course, trainer=trainer, enrollment_mode="join_link", capacity=2)
    cf.member(cohort)
    cf.member(cohort)
    late = UserFactory()
    client.force_login(late)
    response = client.get(cohort.join_url())
    assert response.status_code == 409
    assert "This cohort is full." in response.content.decode()
    response = client.post(cohort.join_url())
    assert response.status_code == 409
    assert "This cohort is full." in response.content.decode()
    assert cohort.memberships.count() == 2
    assert not Enrollment.objects.filter(user=late).exists()


def test_enrollment_window(client, course, trainer):
    today = timezone.now().date()
    closed = cf.cohort(
        course=course,
        trainer=trainer,
        enrollment_mode="join_link",
        enrollment_opens=today - timedelta(days=10),
        enrollment_closes=today - timedelta(days=1),
    )
    client.force_login(UserFactory())
    response = client.post(closed.join_url())
    assert response.status_code == 409
    assert "closed" in response.content.decode()
    assert closed.memberships.count() == 0


def test_learner_in_several_cohorts_of_different_courses(learner, home_page, trainer):
    a = cf.cohort(course=make_course(title="Governance"), trainer=trainer)
    b = cf.cohort(course=make_course(title="Actuarial planning"), trainer=trainer)
    cf.member(a, user=learner)
    cf.member(b, user=learner)
    assert Membership.objects.filter(user=learner).count() == 2
    assert Enrollment.objects.filter(user=learner).count() == 2
