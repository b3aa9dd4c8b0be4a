"""The report's queries stay flat from 2 to 20 cohorts, and quiz averages come through the
`programme_quiz_scores` hook (programmes never import assessments)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks

from assessments.services import attempt_start, attempt_submit
from courses.selectors import course_outline
from programmes import services
from programmes.aggregates import programme_report
from programmes.reporting import programme_facts
from tests.factories import cohort_factories as cf
from tests.factories import course_factories, enrolled, quiz_page

from .conftest import partner_user

pytestmark = pytest.mark.django_db


def _programme(cohorts: int, course):
    made = [cf.cohort(course=course, name=f"Cohort {i}") for i in range(cohorts)]
    for cohort in made:
        for i in range(3):
            cf.member(cohort, country=("TJ", "RW", "LA")[i], sex=("female", "male")[i % 2])
    programme = services.programme_ensure(name=f"Programme of {cohorts}", cohorts=made)
    partner = partner_user()
    services.programme_partner_add(programme=programme, user=partner)
    return programme, partner


def _queries(client, user, url) -> int:
    client.force_login(user)
    client.get(url)  # warm the outline cache
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_report_queries_do_not_grow_with_cohorts(client, home_page, administrator):
    course = course_factories.course(title="Governance", steps_per_module=2)
    small, partner_small = _programme(2, course)
    large, partner_large = _programme(20, course)
    for view in ("programmes:report", "programmes:detail"):
        few = _queries(
            client,
            partner_small if view.endswith("report") else administrator,
            reverse(view, args=[small.pk]),
        )
        many = _queries(
            client,
            partner_large if view.endswith("report") else administrator,
            reverse(view, args=[large.pk]),
        )
        assert many == few, view
        assert many <= 20, view
    csv_url = reverse("programmes:export", args=[large.pk, "csv"])
    assert _queries(client, partner_large, csv_url) <= 20


def test_quiz_scores_come_through_the_hook(client, home_page, monkeypatch):
    course = course_factories.course(title="Governance", steps_per_module=1)
    cohort = cf.cohort(course=course)
    people = [cf.member(cohort) for _ in range(5)]
    programme = services.programme_ensure(name="Quiz programme", cohorts=[cohort])
    step_ids = [s.pk for s in course_outline(course).steps]
    calls = []

    def fake(*, user_ids, step_ids):
        calls.append((sorted(user_ids), sorted(step_ids)))
        return {(user_id, step_ids[0]): 50.0 + 10 * i for i, user_id in enumerate(user_ids)}

    monkeypatch.setitem(hooks._hooks, "programme_quiz_scores", [])  # only the fake answers
    with hooks.register_temporarily("programme_quiz_scores", fake):
        total = programme_report(programme_facts(programme)).total
    assert calls == [(sorted(p.pk for p in people), sorted(step_ids))]
    assert total.quiz_shown == 70.0


def test_real_quiz_grades_reach_the_report(client, home_page):
    course = course_factories.course(title="Governance", steps_per_module=1)
    quiz = quiz_page(course=course)
    cohort = cf.cohort(course=course)
    people = [cf.member(cohort) for _ in range(5)]
    for person in people:
        enrolled(person, quiz)
        attempt_submit(user=person, attempt=attempt_start(user=person, quiz=quiz))
    programme = services.programme_ensure(name="Quiz programme", cohorts=[cohort])
    partner = partner_user()
    services.programme_partner_add(programme=programme, user=partner)
    client.force_login(partner)
    report = client.get(reverse("programmes:report", args=[programme.pk])).context["report"]
    assert report.total.quiz_people == 5
    assert report.total.quiz_shown == 0.0
