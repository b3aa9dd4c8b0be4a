"""Every trainer URL: 404 for another trainer and for a learner, login for the anonymous;
403 for a learner on the pages that name no cohort."""

import pytest
from django.urls import reverse

from cohorts.models import Cohort
from tests.factories import UserFactory
from tests.factories import cohorts as cf


def _trainer_urls(cohort, session):
    pk, sid = cohort.pk, session.pk
    return [
        reverse("cohorts:dashboard", args=[pk]),
        reverse("cohorts:edit", args=[pk]),
        reverse("cohorts:schedule", args=[pk]),
        reverse("cohorts:import", args=[pk]),
        reverse("cohorts:message", args=[pk]),
        reverse("cohorts:session_create", args=[pk]),
        reverse("cohorts:session_edit", args=[pk, sid]),
        reverse("cohorts:attendance", args=[pk, sid]),
        reverse("cohorts:checkin_code", args=[pk, sid]),
        reverse("cohorts:cohort_calendar", args=[pk]),
        reverse("cohorts:report", args=[pk]),
        reverse("cohorts:export", args=[pk, "enrolments", "csv"]),
        reverse("cohorts:export", args=[pk, "attendance", "xlsx"]),
        reverse(
            "cohorts:participant_remove",
            args=[pk, cohort.memberships.get(user__full_name="Someone to keep").user_id],
        ),
    ]


@pytest.fixture
def setup(cohort):
    session = cf.live_session(cohort)
    cf.member(cohort, full_name="Someone to keep")
    return cohort, session


def test_own_trainer_reaches_every_page(trainer_client, setup):
    cohort, session = setup
    for url in _trainer_urls(cohort, session):
        assert trainer_client.get(url).status_code == 200, url


def test_another_trainer_gets_404_everywhere(client, setup):
    cohort, session = setup
    client.force_login(UserFactory(roles=["Trainer"]))
    for url in _trainer_urls(cohort, session):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"grid": "1", "subject": "x", "body": "y"}).status_code == 404, url
    assert client.post(reverse("cohorts:invite", args=[cohort.pk]), {}).status_code == 404


def test_learner_member_gets_404_on_trainer_pages(client, setup):
    cohort, session = setup
    learner = cf.member(cohort)
    client.force_login(learner)
    for url in _trainer_urls(cohort, session):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("cohorts:trainer_home")).status_code == 403
    assert client.get(reverse("cohorts:create")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, setup):
    cohort, session = setup
    for url in _trainer_urls(cohort, session):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_trainer_list_shows_only_own_cohorts(trainer_client, trainer, course):
    mine = cf.cohort(course=course, trainer=trainer, name="Mine: governance 2026")
    cf.cohort(course=course, name="Someone else's cohort")
    body = trainer_client.get(reverse("cohorts:trainer_home")).content.decode()
    assert mine.name in body
    assert "Someone else" not in body


def test_nav_item_only_for_trainers(client, trainer, learner, home_page):
    client.force_login(learner)
    assert "My cohorts" not in client.get(reverse("dashboard")).content.decode()
    client.force_login(trainer)
    assert "My cohorts" in client.get(reverse("dashboard")).content.decode()


def test_trainer_creates_a_cohort(trainer_client, trainer, course):
    response = trainer_client.post(
        reverse("cohorts:create"),
        {
            "course": course.pk,
            "name": "Governance, spring 2027",
            "start_date": "2027-03-01",
            "end_date": "2027-04-12",
            "time_zone": "Europe/Paris",
            "capacity": "40",
            "enrollment_mode": "join_link",
            "pacing": "scheduled",
            "presence_percent": "60",
            "attendance_threshold": "75",
            "inactivity_days": "7",
        },
    )
    assert response.status_code == 302

    cohort = Cohort.objects.get(name="Governance, spring 2027")
    assert list(cohort.trainers.all()) == [trainer]
    assert cohort.attendance_threshold == 75


def test_cohort_ending_before_it_starts_is_refused(trainer_client, course):
    response = trainer_client.post(
        reverse("cohorts:create"),
        {
            "course": course.pk,
            "name": "Backwards",
            "start_date": "2027-03-01",
            "end_date": "2027-02-01",
            "time_zone": "UTC",
            "enrollment_mode": "invitation",
            "pacing": "self_paced",
            "presence_percent": "60",
            "inactivity_days": "7",
        },
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    assert not Cohort.objects.filter(name="Backwards").exists()


def test_trainer_adds_a_co_trainer_who_then_sees_the_cohort(
    trainer_client, trainer, cohort, client
):
    co = UserFactory(roles=["Trainer"])
    learner_only = UserFactory(roles=["Learner"])
    url = reverse("cohorts:edit", args=[cohort.pk])
    form = trainer_client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "trainers"}
    data.update(
        start_date=cohort.start_date.isoformat(),
        end_date=cohort.end_date.isoformat(),
        trainers=[co.pk],
    )
    data.pop("course", None)
    response = trainer_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(cohort.trainers.all()) == {trainer, co}
    client.force_login(co)
    assert client.get(reverse("cohorts:dashboard", args=[cohort.pk])).status_code == 200
    # Only trainers can be chosen.
    data["trainers"] = [learner_only.pk]
    response = trainer_client.post(url, data)
    assert response.status_code == 400
    assert not cohort.trainers.filter(pk=learner_only.pk).exists()
