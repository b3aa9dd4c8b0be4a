"""Item analysis is for editors, administrators and the trainers of cohorts that run the
quiz's course; anyone else gets 404, as for a quiz that does not exist."""

import pytest

from courses.selectors import course_for_step
from tests.factories import UserFactory, enrolled, quiz_page
from tests.factories import cohorts as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return quiz_page()


def _urls(quiz):
    return [
        f"/assessments/quizzes/{quiz.pk}/analysis/",
        f"/assessments/quizzes/{quiz.pk}/analysis.csv",
    ]


def test_trainer_of_a_cohort_of_another_course_gets_404(client, quiz):
    """The hole: any trainer read the analysis of every quiz on the platform."""
    trainer = UserFactory(roles=["Trainer"])
    cf.cohort(trainer=trainer)  # a cohort of another course
    client.force_login(trainer)
    for url in _urls(quiz):
        assert client.get(url).status_code == 404, url


def test_trainer_without_any_cohort_gets_404(client, quiz):
    client.force_login(UserFactory(roles=["Trainer"]))
    for url in _urls(quiz):
        assert client.get(url).status_code == 404, url


def test_trainer_of_a_cohort_of_the_course_reads_it(client, quiz):
    trainer = UserFactory(roles=["Trainer"])
    cf.cohort(course=course_for_step(quiz), trainer=trainer)
    client.force_login(trainer)
    for url in _urls(quiz):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("fixture", ["editor", "administrator"])
def test_editors_and_administrators_read_any_quiz(client, quiz, fixture, request):
    client.force_login(request.getfixturevalue(fixture))
    for url in _urls(quiz):
        assert client.get(url).status_code == 200, url


def test_unknown_quiz_is_404_even_for_an_administrator(client, administrator):
    client.force_login(administrator)
    assert client.get("/assessments/quizzes/999999/analysis/").status_code == 404


def test_anonymous_is_sent_to_sign_in(client, quiz):
    for url in _urls(quiz):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_quiz_page_links_to_the_analysis_only_for_those_who_may_read_it(client, quiz):
    mine, other = UserFactory(roles=["Trainer"]), UserFactory(roles=["Trainer"])
    cf.cohort(course=course_for_step(quiz), trainer=mine)
    link = f"/assessments/quizzes/{quiz.pk}/analysis/"
    for person, shown in ((mine, True), (other, False)):
        enrolled(person, quiz)
        client.force_login(person)
        response = client.get(quiz.url)
        assert response.status_code == 200
        assert (link in response.content.decode()) is shown
