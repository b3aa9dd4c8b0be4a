"""Playing H5P: who may load a package, how files are served, xAPI results and saved state."""

import json

import pytest
from django.test import Client

from assessments.models import H5PResult, H5PState, H5PStatement
from courses.models import LessonPage
from tests.factories import UserFactory, enrolled, h5p_package
from tests.factories.courses import course as make_course
from tests.factories.courses import first_lesson

pytestmark = pytest.mark.django_db


def statement(raw=1, max_=1, verb="answered", parent=False, success=True):
    data = {
        "actor": {"name": "x"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": {"id": "http://testserver/x"},
        "result": {
            "score": {"min": 0, "raw": raw, "max": max_, "scaled": raw / max_ if max_ else 0},
            "success": success,
            "completion": True,
        },
    }
    if parent:
        data["context"] = {"contextActivities": {"parent": [{"id": "http://testserver/p"}]}}
    return data


@pytest.fixture
def setup(learner):
    package = h5p_package(title="R202 check")
    course = make_course(modules=1, steps_per_module=1)
    lesson = first_lesson(course)
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk, "title": ""}},
    ]
    lesson.save_revision().publish()
    enrolled(learner, lesson)
    base = f"/assessments/h5p/{package.uuid}/in/{lesson.pk}/"
    return package, LessonPage.objects.get(pk=lesson.pk), base


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


def test_the_lesson_embeds_the_player_lazily(learner_client, setup):
    package, lesson, base = setup
    page = learner_client.get(lesson.url).content.decode()
    assert f'src="{base}"' in page
    assert 'loading="lazy"' in page
    assert "main.bundle.js" not in page  # the player loads inside the frame, when shown


def test_the_player_document_is_hardened(learner_client, setup):
    package, lesson, base = setup
    response = learner_client.get(base)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    config = json.loads(
        response.content.decode()
        .split('id="h5p-config" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert config["h5pJsonPath"] == f"{base}files"
    assert config["librariesPath"] == "/assessments/h5p/libraries"


def test_content_and_library_files_are_served_with_nosniff(learner_client, setup):
    package, lesson, base = setup
    response = learner_client.get(f"{base}files/h5p.json")
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content))["mainLibrary"] == "SOCLE.KnowledgeCheck"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert learner_client.get(f"{base}files/content/content.json").status_code == 200
    js = learner_client.get(
        "/assessments/h5p/libraries/SOCLE.KnowledgeCheck-1.0/knowledge-check.js"
    )
    assert js.status_code == 200 and js["Content-Type"].startswith("text/javascript")
    assert js["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "files/../../../../etc/passwd",
        "files/content/../../h5p.json",
        "files/%2e%2e/%2e%2e/x",
        "files/library.json",
        "files/content/missing.json",
    ],
)
def test_paths_outside_the_package_are_not_served(learner_client, setup, path):
    package, lesson, base = setup
    assert learner_client.get(f"{base}{path}").status_code == 404


def test_library_paths_outside_the_store_are_not_served(learner_client, setup):
    for url in (
        "/assessments/h5p/libraries/SOCLE.KnowledgeCheck-1.0/../../content/x",
        "/assessments/h5p/libraries/..%2F..%2Fsettings/x.js",
        "/assessments/h5p/libraries/Nope-1.0/a.js",
    ):
        assert learner_client.get(url).status_code == 404, url


def test_a_learner_not_enrolled_cannot_load_or_report(setup):
    package, lesson, base = setup
    client = Client()
    client.force_login(UserFactory())
    assert client.get(base).status_code == 403
    assert client.get(f"{base}files/h5p.json").status_code == 403
    assert post_json(client, f"{base}xapi/", statement()).status_code == 403
    assert not H5PStatement.objects.exists()


def test_xapi_for_a_package_the_learner_cannot_see_is_403(learner_client, setup, learner):
    package, lesson, base = setup
    hidden = h5p_package(title="Not placed anywhere")
    url = f"/assessments/h5p/{hidden.uuid}/in/{lesson.pk}/xapi/"
    assert post_json(learner_client, url, statement()).status_code == 403
    assert not H5PResult.objects.exists()


def test_anonymous_visitors_get_nothing(client, setup):
    package, lesson, base = setup
    assert client.get(base).status_code == 302
    assert client.get(f"{base}files/h5p.json").status_code == 403
    assert client.get(f"{base}files/content/content.json").status_code == 403
    assert post_json(client, f"{base}xapi/", statement()).status_code == 403
    assert not H5PStatement.objects.exists()


def test_xapi_needs_the_csrf_token(learner, setup):
    package, lesson, base = setup
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert post_json(client, f"{base}xapi/", statement()).status_code == 403
    assert not H5PStatement.objects.exists()
    player = client.get(base)
    token = json.loads(
        player.content.decode()
        .split('id="h5p-config" type="application/json">')[1]
        .split("</script>")[0]
    )["csrfToken"]
    response = post_json(client, f"{base}xapi/", statement(), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


def test_scored_statements_add_results_that_are_never_overwritten(learner_client, learner, setup):
    package, lesson, base = setup
    first = post_json(learner_client, f"{base}xapi/", statement(raw=0, success=False))
    second = post_json(learner_client, f"{base}xapi/", statement(raw=1))
    assert first.status_code == second.status_code == 201
    assert second.json()["result"]["self_reported"] is True
    results = list(H5PResult.objects.filter(user=learner).order_by("created_at", "id"))
    assert [(r.score_raw, r.success, r.self_reported) for r in results] == [
        (0, False, True),
        (1, True, True),
    ]
    assert results[1].page_id == lesson.pk
    page = learner_client.get(lesson.url).content.decode()
    assert "Your latest result: 1 of 1" in page
    assert "reported by the activity" in page


def test_sub_content_and_unscored_statements_are_kept_without_a_result(learner_client, setup):
    package, lesson, base = setup
    assert post_json(learner_client, f"{base}xapi/", statement(parent=True)).status_code == 201
    unscored = {"verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"}, "object": {"id": "x"}}
    assert post_json(learner_client, f"{base}xapi/", unscored).status_code == 201
    assert H5PStatement.objects.count() == 2
    assert not H5PResult.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        statement(raw=5, max_=1),  # more than the maximum
        statement(raw=-1, max_=1),
        statement(raw=1, max_=0),
        {**statement(), "result": {"score": {"raw": "lots", "max": 1}}},
        {**statement(), "result": {"score": {"raw": True, "max": 1}}},
        {**statement(), "result": {"score": {"raw": 1, "max": 1}, "success": "yes"}},
        {"verb": "answered"},
        {"no": "verb"},
    ],
)
def test_forged_or_malformed_scores_are_refused_and_nothing_is_stored(learner_client, setup, body):
    package, lesson, base = setup
    response = post_json(learner_client, f"{base}xapi/", body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not H5PStatement.objects.exists() and not H5PResult.objects.exists()


def test_a_body_that_is_not_json_or_too_large_is_refused(learner_client, setup):
    package, lesson, base = setup
    assert (
        learner_client.post(f"{base}xapi/", "not json", content_type="application/json").status_code
        == 400
    )
    huge = {**statement(), "padding": "x" * 70_000}
    assert post_json(learner_client, f"{base}xapi/", huge).status_code == 400
    assert not H5PStatement.objects.exists()


def test_the_players_state_is_saved_and_handed_back(learner_client, learner, setup):
    package, lesson, base = setup
    state = json.dumps({"selected": [0], "checked": True})
    assert post_json(learner_client, f"{base}state/", {"state": state}).status_code == 204
    assert H5PState.objects.get(user=learner, package=package).data == state
    assert post_json(learner_client, f"{base}state/", {"state": "{broken"}).status_code == 400
    assert H5PState.objects.get(user=learner, package=package).data == state
    player = learner_client.get(base).content.decode()
    config = json.loads(
        player.split('id="h5p-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["previousState"] == state
