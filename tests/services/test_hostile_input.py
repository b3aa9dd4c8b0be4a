"""Issue 12 on PostgreSQL, which stores neither NUL characters nor lone surrogates (in text or
jsonb) and answered 500: each is now a 400 with a message, and nothing is written."""

import json

import pytest

from assessments.models import H5PState, H5PStatement, Response
from assessments.services import attempt_start
from assessments.services.quiz import attempt_questions
from courses.models import LessonPage, Reflection
from tests.factories import attempt_form, enrolled, h5p_package, quiz_page, right_answers
from tests.factories.courses import course as make_course
from tests.factories.courses import first_lesson

pytestmark = [pytest.mark.services, pytest.mark.django_db]

VERB = '"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}'


@pytest.fixture
def lesson(learner):
    package = h5p_package(title="Hostile on PostgreSQL")
    course = make_course(modules=1, steps_per_module=1)
    page = LessonPage.objects.get(pk=first_lesson(course).pk)
    page.body = [
        *page.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk}},
        {"type": "reflection", "value": {"prompt": "What would you change?"}},
    ]
    page.save_revision().publish()
    enrolled(learner, page)
    page = LessonPage.objects.get(pk=page.pk)
    return page, package


@pytest.mark.parametrize(
    "body",
    [
        "{" + VERB + ', "note": "a\\u0000b"}',
        "{" + VERB + ', "note": "\\ud800"}',
        "{" + VERB + ', "\\udfff": 1}',
    ],
)
def test_nul_and_lone_surrogates_in_a_statement_are_a_400(learner_client, lesson, body):
    page, package = lesson
    url = f"/assessments/h5p/{package.uuid}/in/{page.pk}/xapi/"
    response = learner_client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert "NUL characters or unpaired surrogates" in response.json()["error"]
    assert not H5PStatement.objects.exists()


def test_a_statement_without_them_is_stored(learner_client, lesson):
    page, package = lesson
    url = f"/assessments/h5p/{package.uuid}/in/{page.pk}/xapi/"
    body = "{" + VERB + ', "note": "\\ud83d\\ude00 ok"}'  # a proper surrogate pair
    assert learner_client.post(url, body, content_type="application/json").status_code == 201
    assert H5PStatement.objects.get().statement["note"] == "\U0001f600 ok"


def test_nul_in_a_saved_state_is_a_400(learner_client, lesson):
    page, package = lesson
    url = f"/assessments/h5p/{package.uuid}/in/{page.pk}/state/"
    body = json.dumps({"state": '{"a": "x\u0000"}'})
    response = learner_client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert not H5PState.objects.exists()


def test_nul_in_a_reflection_is_a_400(learner_client, lesson):
    page, _package = lesson
    block = next(b.id for b in page.body if b.block_type == "reflection")
    url = f"{page.url}reflections/{block}/"
    response = learner_client.post(url, {"answer": "a\x00b"})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Reflection.objects.exists()


def test_an_encoded_lone_surrogate_in_a_form_is_replaced_not_a_500(learner_client, lesson):
    page, _package = lesson
    block = next(b.id for b in page.body if b.block_type == "reflection")
    url = f"{page.url}reflections/{block}/"
    body = "answer=before%ED%A0%80after"  # the UTF-8 bytes of U+D800: not valid UTF-8
    response = learner_client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert "\ud800" not in Reflection.objects.get().answer


def test_nul_in_a_quiz_answer_is_a_400(learner_client, learner):
    quiz = quiz_page()
    enrolled(learner, quiz)
    attempt = attempt_start(user=learner, quiz=quiz)
    text_q = next(q.id for q in attempt_questions(attempt) if q.kind == "short_text")
    answers = {**right_answers(attempt), text_q: "a\x00b"}
    response = learner_client.post(
        f"/assessments/attempts/{attempt.uuid}/", attempt_form(attempt, answers, action="submit")
    )
    assert response.status_code == 400
    assert not Response.objects.filter(attempt=attempt).exists()
    attempt.refresh_from_db()
    assert attempt.state == "in_progress"


@pytest.mark.parametrize("url", ["/courses/?q=a%00b", "/a%00b/", "/accounts/login/?next=%00"])
def test_nul_in_a_path_or_query_is_a_400(client, home_page, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_nul_in_a_sign_in_form_is_a_400(client):
    response = client.post("/accounts/login/", {"login": "a\x00@example.org", "password": "x"})
    assert response.status_code == 400
