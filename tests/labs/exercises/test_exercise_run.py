"""Running a model exercise without JavaScript (its page) and with it (the fragment); bad and
hostile inputs get a clear message, never a 500, and nothing is written."""

import pytest

from courses.models import LessonPage
from labs.models import Scenario, TaskResult
from tests.factories import UserFactory
from tests.factories import course_factories as cf
from tests.labs.exercises.conftest import url, with_exercise

pytestmark = pytest.mark.django_db


def nothing_written():
    return not Scenario.objects.exists() and not TaskResult.objects.exists()


def test_posting_new_inputs_shows_the_results_with_them(learner_client, enrolled, lesson):
    start = learner_client.get(url(lesson)).content.decode()
    response = learner_client.post(url(lesson), {"contribution_rate": "25", "retirement_age": "65"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Results with your assumptions" in html
    assert f'href="{lesson.url}#lab-' in html  # the link back to the lesson
    assert lesson.title in html
    table = html.split('data-lab-table="reserve"')[1].split("</table>")[0]
    assert table != start.split('data-lab-table="reserve"')[1].split("</table>")[0]
    assert 'value="25"' in html


def test_a_get_with_inputs_works_too(learner_client, enrolled, lesson):
    response = learner_client.get(url(lesson), {"contribution_rate": "20"})
    assert response.status_code == 200
    assert 'value="20"' in response.content.decode()


def test_the_fragment_holds_only_the_results(learner_client, enrolled, lesson):
    response = learner_client.post(url(lesson) + "?fragment=1", {"contribution_rate": "22"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<table" in html
    assert "<form" not in html and "<html" not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"contribution_rate": "abc"}, "Enter a number."),
        ({"contribution_rate": "nan"}, "Enter a number."),
        ({"contribution_rate": "inf"}, "Enter a number."),
        ({"contribution_rate": "1" * 400}, "Enter a number."),
        # Within the model's range (0-40) but outside the learner's (5-30).
        ({"contribution_rate": "35"}, "Ensure this value is less than or equal to 30"),
        ({"contribution_rate": "-1e308"}, "Ensure this value is greater than or equal to 5"),
        ({"retirement_age": "60.5"}, "Enter a whole number."),
        ({"retirement_age": "10000"}, "Ensure this value is less than or equal to 67"),
    ],
)
def test_bad_inputs_show_the_fields_error(learner_client, enrolled, lesson, data, message):
    response = learner_client.post(url(lesson), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    fragment = learner_client.post(url(lesson) + "?fragment=1", data)
    assert fragment.status_code == 400
    assert message in fragment.content.decode()
    assert nothing_written()


def test_a_fixed_assumption_cannot_be_forged(learner_client, enrolled, lesson):
    """`interest` is fixed: a value posted for it is ignored, the run uses the editor's."""
    plain = learner_client.post(url(lesson) + "?fragment=1", {"contribution_rate": "15"})
    forged = learner_client.post(
        url(lesson) + "?fragment=1", {"contribution_rate": "15", "interest": "10"}
    )
    assert forged.status_code == 200
    assert forged.content == plain.content


def test_anonymous_visitors_are_sent_to_sign_in(client, lesson):
    response = client.get(url(lesson))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    response = client.post(url(lesson, "check"), {"contribution_rate": "20"})
    assert response.status_code == 302
    assert nothing_written()


def test_a_learner_not_enrolled_is_refused(learner_client, learner, lesson):
    response = learner_client.post(url(lesson), {"contribution_rate": "20"})
    assert response.status_code == 403
    assert "Enrol in" in response.content.decode()


def test_a_block_that_is_no_exercise_or_no_block_is_not_found(learner_client, enrolled, lesson):
    heading = next(item["id"] for item in lesson.body.raw_data if item["type"] == "heading")
    assert learner_client.get(url(lesson, block_id=heading)).status_code == 404
    assert learner_client.get(url(lesson, block_id="forged")).status_code == 404


def test_an_exercise_of_another_page_id_is_not_found(learner_client, enrolled, lesson, course):
    other = cf.lessons(course)[1]
    assert learner_client.get(url(other)).status_code == 404
    assert learner_client.get(url(lesson).replace(f"/{lesson.pk}/", "/999999/")).status_code == 404


def test_an_unpublished_lesson_is_not_found(learner_client, enrolled, lesson):
    LessonPage.objects.get(pk=lesson.pk).unpublish()
    assert learner_client.get(url(lesson)).status_code == 404


def test_a_model_the_site_does_not_have_is_not_found_nor_a_500(learner_client, enrolled, course):
    lesson = with_exercise(cf.lessons(course)[1], block_id="b-missing", model="nonexistent")
    assert learner_client.get(url(lesson, block_id="b-missing")).status_code == 404
    page = learner_client.get(lesson.url)
    assert page.status_code == 200
    assert "not available" in page.content.decode()


def test_another_learner_enrolled_elsewhere_is_refused(client, lesson):
    outsider = UserFactory(roles=["Learner"])
    client.force_login(outsider)
    assert client.get(url(lesson)).status_code == 403
