"""Issue 12: input that used to answer 500 gets a 400 with a clear message, and writes
nothing; xAPI statements are rate-limited per learner."""

import json

import pytest

from assessments.h5p.validation import PackageError, package_inspect
from assessments.models import H5PResult, H5PState, H5PStatement, Response
from assessments.services import attempt_start
from assessments.services.quiz import attempt_questions
from courses.models import LessonPage, Reflection
from tests.factories import (
    attempt_form,
    enrolled,
    h5p_entries,
    h5p_package,
    h5p_upload,
    right_answers,
    zip_bytes,
)
from tests.factories.courses import course as make_course
from tests.factories.courses import first_lesson

pytestmark = pytest.mark.django_db


def snapshot(attempt):
    attempt.refresh_from_db()
    rows = sorted((r.question_id, repr(r.answer)) for r in Response.objects.filter(attempt=attempt))
    return (attempt.state, attempt.version, attempt.score, rows)


def attempt_url(attempt):
    return f"/assessments/attempts/{attempt.uuid}/"


# --- quiz form ------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["²", "١", "9" * 5000, "-1", " 1"])
def test_a_version_that_is_not_ascii_digits_is_refused(learner_client, learner, quiz, version):
    attempt = attempt_start(user=learner, quiz=quiz)
    form = attempt_form(attempt, right_answers(attempt), action="submit")
    form["version"] = version
    before = snapshot(attempt)
    response = learner_client.post(attempt_url(attempt), form)
    assert response.status_code == 400
    assert "The form is damaged; reload the page." in response.content.decode()
    assert snapshot(attempt) == before


def test_a_10000_character_text_answer_is_refused_not_cut(learner_client, learner, quiz):
    attempt = attempt_start(user=learner, quiz=quiz)
    text_q = next(q.id for q in attempt_questions(attempt) if q.kind == "short_text")
    answers = {**right_answers(attempt), text_q: "x" * 10_000}
    before = snapshot(attempt)
    response = learner_client.post(attempt_url(attempt), attempt_form(attempt, answers))
    assert response.status_code == 400
    assert "Keep your answer under 500 characters (it has 10000)." in response.content.decode()
    assert snapshot(attempt) == before


def test_an_overlong_number_is_refused(learner_client, learner, quiz):
    attempt = attempt_start(user=learner, quiz=quiz)
    numeric = next(q.id for q in attempt_questions(attempt) if q.kind == "numeric")
    answers = {**right_answers(attempt), numeric: "1" * 101}
    before = snapshot(attempt)
    response = learner_client.post(attempt_url(attempt), attempt_form(attempt, answers))
    assert response.status_code == 400
    assert "Enter a number" in response.content.decode()
    assert snapshot(attempt) == before


def test_a_nul_byte_in_a_quiz_answer_is_a_400(learner_client, learner, quiz):
    attempt = attempt_start(user=learner, quiz=quiz)
    text_q = next(q.id for q in attempt_questions(attempt) if q.kind == "short_text")
    answers = {**right_answers(attempt), text_q: "pension\x00fund"}
    before = snapshot(attempt)
    response = learner_client.post(attempt_url(attempt), attempt_form(attempt, answers))
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert snapshot(attempt) == before


# --- reflections, query strings -------------------------------------------------------------


def test_a_nul_byte_in_a_reflection_is_a_400(learner_client, learner):
    course = make_course(modules=1, steps_per_module=1)
    lesson = LessonPage.objects.get(pk=first_lesson(course).pk)
    lesson.body = [*lesson.body.raw_data, {"type": "reflection", "value": {"prompt": "Why?"}}]
    lesson.save_revision().publish()
    enrolled(learner, lesson)
    body = LessonPage.objects.get(pk=lesson.pk).body
    block_id = next(b.id for b in body if b.block_type == "reflection")
    response = learner_client.post(
        f"/courses/lessons/{lesson.pk}/reflections/{block_id}/", {"answer": "a\x00b"}
    )
    assert response.status_code == 400
    assert not Reflection.objects.exists()


def test_a_nul_byte_in_a_query_string_is_a_400(client):
    response = client.get("/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


# --- xAPI and state -------------------------------------------------------------------------


@pytest.fixture
def h5p(learner):
    package = h5p_package(title="Hostile")
    course = make_course(modules=1, steps_per_module=1)
    lesson = LessonPage.objects.get(pk=first_lesson(course).pk)
    lesson.body = [*lesson.body.raw_data, {"type": "h5p", "value": {"package": package.pk}}]
    lesson.save_revision().publish()
    enrolled(learner, lesson)
    return f"/assessments/h5p/{package.uuid}/in/{lesson.pk}/"


def statement(**extra):
    return {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "http://testserver/x"},
        "result": {"score": {"min": 0, "raw": 1, "max": 1}, "success": True},
        **extra,
    }


def post_raw(client, url, body: str):
    return client.post(url, body, content_type="application/json")


def test_an_xapi_body_nested_30000_deep_is_a_400(learner_client, h5p):
    deep = '{"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "x": ' + (
        "[" * 30_000 + "]" * 30_000 + "}"
    )
    response = post_raw(learner_client, f"{h5p}xapi/", deep)
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["error"]
    assert not H5PStatement.objects.exists()


def test_a_huge_xapi_body_is_a_400(learner_client, h5p):
    response = post_raw(learner_client, f"{h5p}xapi/", json.dumps(statement(pad="x" * 200_000)))
    assert response.status_code == 400
    assert "too large" in response.json()["error"]
    assert not H5PStatement.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        '{"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "note": "a\\u0000b"}',
        '{"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "note": "\\ud800"}',
        '{"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "\\u0000": 1}',
        '{"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "n": NaN}',
    ],
)
def test_nul_surrogates_and_nan_in_a_statement_are_a_400(learner_client, h5p, body):
    response = post_raw(learner_client, f"{h5p}xapi/", body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not H5PStatement.objects.exists()


def test_a_deeply_nested_saved_state_is_a_400(learner_client, learner, h5p):
    state = "[" * 5_000 + "]" * 5_000
    response = post_raw(learner_client, f"{h5p}state/", json.dumps({"state": state}))
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["error"]
    assert not H5PState.objects.exists()


def test_xapi_statements_are_rate_limited_per_learner(learner_client, learner, h5p, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "h5p_xapi": "3/m/user"}
    for _ in range(3):
        assert post_raw(learner_client, f"{h5p}xapi/", json.dumps(statement())).status_code == 201
    response = post_raw(learner_client, f"{h5p}xapi/", json.dumps(statement()))
    assert response.status_code == 429
    assert "Too many activity reports" in response.json()["error"]
    assert H5PStatement.objects.count() == 3 and H5PResult.objects.count() == 3


# --- H5P uploads ----------------------------------------------------------------------------


def inspect(entries):
    data = zip_bytes(entries)
    upload = h5p_upload(data)
    return package_inspect(upload, size=len(data), installed={})


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("content/content.json", "[" * 30_000 + "]" * 30_000, "nested too deeply"),
        ("content/content.json", '{"q": "a\\u0000"}', "NUL"),
        ("h5p.json", '{"title": "\\ud800"}', "NUL"),
    ],
)
def test_hostile_json_in_a_package_is_refused(name, text, message):
    with pytest.raises(PackageError) as caught:
        inspect({**h5p_entries(), name: text})
    assert message in " ".join(caught.value.messages)


@pytest.mark.parametrize(
    "change",
    [{"patchVersion": 10**20}, {"patchVersion": "²"}, {"preloadedJs": 5}, {"majorVersion": -1}],
)
def test_library_json_with_impossible_values_is_refused(change):
    entries = h5p_entries()
    library = json.loads(entries["SOCLE.Test-1.0/library.json"])
    entries["SOCLE.Test-1.0/library.json"] = json.dumps({**library, **change})
    with pytest.raises(PackageError):
        inspect(entries)
