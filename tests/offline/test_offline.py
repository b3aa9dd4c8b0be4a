"""The offline web app: manifest, service worker, offline page, course download lists and the
idempotent replay of what learners did offline."""

import json
import uuid
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import H5PState, H5PStatement
from courses.models import CoursePage, LessonPage, Reflection, StepProgress
from offline import personal_data as offline_personal_data
from offline.models import ReplayedAction
from tests.factories import UserFactory, enrolled, h5p_package, quiz_page
from tests.factories.courses import course as make_course
from tests.factories.courses import lessons

pytestmark = pytest.mark.django_db
SYNC = "/offline/sync/"


def place(lesson, package):
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.body = [
        *lesson.body.raw_data,
        {"type": "h5p", "value": {"package": package.pk, "title": "", "required": False}},
    ]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def reflection_block(lesson) -> str:
    return next(b.id for b in lesson.body if b.block_type == "reflection")


def statement():
    return {
        "actor": {"name": "x"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"id": "http://testserver/x"},
        "result": {"score": {"min": 0, "raw": 1, "max": 1}, "success": True},
    }


def sync(client, *items):
    return client.post(SYNC, json.dumps({"items": list(items)}), content_type="application/json")


def item(kind, **data):
    return {
        "id": str(uuid.uuid4()),
        "type": kind,
        "recorded_at": timezone.now().isoformat(),
        **data,
    }


@pytest.fixture
def h5p_course(learner):
    package = h5p_package()
    course = make_course(modules=1, steps_per_module=2)
    first = place(lessons(course)[0], package)
    enrolled(learner, first)
    return course, first, package


# --- manifest, service worker, offline page ----------------------------------------------------


def test_the_manifest_makes_the_site_installable(client, home_page):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert body["display"] == "standalone"
    assert body["start_url"] == reverse("dashboard")
    assert body["theme_color"].startswith("#")
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in body["icons"]}
    assert all(finders.find(icon["src"].removeprefix("/static/")) for icon in body["icons"])
    home = client.get("/")
    assert b'rel="manifest" href="/manifest.webmanifest"' in home.content


def test_the_manifest_name_is_translated(client, home_page, settings):
    english = json.loads(client.get("/manifest.webmanifest").content)
    assert english["name"].startswith("Socle")
    assert english["lang"] == settings.LANGUAGE_CODE


def test_the_service_worker_is_served_at_the_root_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "worker-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert "importScripts(" in body and "workbox-sw" in body
    config = json.loads(body.split("self.socleOffline = ", 1)[1].split(";\n", 1)[0])
    assert config["offlineUrl"] == "/offline/"
    assert {entry["url"] for entry in config["precache"]} >= {"/offline/", "/static/css/socle.css"}
    for url in [*config["workbox"].values(), *(e["url"] for e in config["precache"][1:])]:
        assert finders.find(url.removeprefix("/static/")), url


def test_pages_allow_workers_from_the_site_only(client, home_page):
    assert "worker-src 'self'" in client.get("/")["Content-Security-Policy"]


def test_the_offline_page_is_translated_and_holds_nothing_personal(
    settings, learner_client, learner
):
    anonymous = Client()
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = anonymous.get("/offline/").content.decode()
    assert '<html lang="fr"' in french
    response = learner_client.get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" in html
    assert learner.get_short_name() not in html
    assert "csrfmiddlewaretoken" not in html
    # The device's courses are listed by the script; the page names no account.
    assert "data-offline-courses" in html and 'data-user=""' in html
    assert f'data-user="{learner.pk}"' not in html


# --- the course's list of files -------------------------------------------------------------


def test_an_enrolled_learner_gets_every_url_with_sizes(learner_client, h5p_course):
    course, first, package = h5p_course
    response = learner_client.get(f"/offline/courses/{course.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = json.loads(response.content)
    urls = [f["url"] for f in body["files"]]
    assert course.url in urls
    assert all(lesson.url in urls for lesson in lessons(course))
    player = f"/assessments/h5p/{package.uuid}/in/{first.pk}/"
    assert player in urls
    assert f"{player}files/h5p.json" in urls
    assert f"{player}files/content/content.json" in urls
    assert any(u.startswith("/assessments/h5p/libraries/SOCLE.KnowledgeCheck-1.0/") for u in urls)
    assert any(u.endswith("main.bundle.js") for u in urls)
    assert all(isinstance(f["size"], int) and f["size"] > 0 for f in body["files"])
    assert body["total_size"] == sum(f["size"] for f in body["files"])
    assert body["version"]
    # Every listed file can be fetched by the learner (what the device will do).
    for url in urls:
        if url.startswith("/static/"):  # whitenoise serves them outside the test client
            assert finders.find(url.removeprefix("/static/")), url
            continue
        fetched = learner_client.get(url, HTTP_X_SOCLE_DOWNLOAD="offline")
        assert fetched.status_code == 200, url


def test_downloading_a_lesson_records_no_visit(learner_client, learner, h5p_course):
    course, first, _package = h5p_course
    second = lessons(course)[1]
    learner_client.get(second.url, HTTP_X_SOCLE_DOWNLOAD="offline")
    assert not StepProgress.objects.filter(user=learner, step_id=second.pk).exists()
    learner_client.get(second.url)
    assert StepProgress.objects.filter(user=learner, step_id=second.pk).exists()


def test_the_version_changes_when_a_lesson_changes(learner_client, h5p_course):
    course, first, _package = h5p_course
    before = json.loads(learner_client.get(f"/offline/courses/{course.pk}/").content)["version"]
    lesson = lessons(course)[1]
    lesson.body = [*lesson.body.raw_data, {"type": "heading", "value": "New section"}]
    lesson.save_revision().publish()
    after = json.loads(learner_client.get(f"/offline/courses/{course.pk}/").content)["version"]
    assert after != before


def test_locked_steps_are_left_out(learner_client, learner):
    course = make_course(modules=1, steps_per_module=2, sequential=True)
    enrolled(learner, lessons(course)[0])
    urls = [f["url"] for f in learner_client.get(f"/offline/courses/{course.pk}/").json()["files"]]
    assert lessons(course)[0].url in urls and lessons(course)[1].url not in urls


@pytest.mark.parametrize("who", ["anonymous", "not enrolled", "withdrawn"])
def test_only_enrolled_learners_get_the_list(client, learner, h5p_course, who):
    course, _first, _package = h5p_course
    if who == "not enrolled":
        client.force_login(UserFactory(roles=["Learner"]))
    elif who == "withdrawn":
        learner.enrollments.update(status="withdrawn")
        client.force_login(learner)
    response = client.get(f"/offline/courses/{course.pk}/")
    assert response.status_code == 403
    assert "files" not in response.json()


def test_an_unknown_course_is_404(learner_client):
    assert learner_client.get("/offline/courses/999999/").status_code == 404


def test_the_list_costs_the_same_queries_for_a_bigger_course(
    learner_client, learner, django_assert_max_num_queries
):
    package = h5p_package()
    small = make_course(title="Small", modules=1, steps_per_module=1)
    big = make_course(title="Big", modules=3, steps_per_module=4)
    for each in (small, big):
        place(lessons(each)[0], package)
        place(lessons(each)[-1], package)
        enrolled(learner, lessons(each)[0])
    learner_client.get(f"/offline/courses/{small.pk}/")  # warm caches (file listings)
    learner_client.get(f"/offline/courses/{big.pk}/")
    with CaptureQueriesContext(connection) as small_queries:
        learner_client.get(f"/offline/courses/{small.pk}/")
    with django_assert_max_num_queries(len(small_queries)):
        assert learner_client.get(f"/offline/courses/{big.pk}/").status_code == 200


def test_the_outline_offers_the_download_to_enrolled_learners_only(client, learner, h5p_course):
    course, _first, _package = h5p_course
    client.force_login(UserFactory(roles=["Learner"]))
    assert b"data-offline-course" not in client.get(course.url).content
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert f'data-list-url="/offline/courses/{course.pk}/"' in html


def test_the_dashboard_lists_offline_courses(learner_client):
    assert b"data-offline-courses" in learner_client.get("/dashboard/").content


# --- replay ------------------------------------------------------------------------------------


def test_a_replayed_queue_records_each_action_once(learner_client, learner, h5p_course):
    course, first, package = h5p_course
    second = lessons(course)[1]
    items = [
        item("step_complete", step=second.pk),
        item("reflection", lesson=second.pk, block=reflection_block(second), answer="Offline"),
        item("xapi", package=str(package.uuid), page=first.pk, statement=statement()),
        item("h5p_state", package=str(package.uuid), page=first.pk, state='{"a": 1}'),
    ]
    first_time = sync(learner_client, *items)
    assert first_time.status_code == 200
    assert [r["status"] for r in first_time.json()["results"]] == ["recorded"] * 4
    again = sync(learner_client, *items)
    assert [r["status"] for r in again.json()["results"]] == ["duplicate"] * 4
    assert StepProgress.objects.get(user=learner, step_id=second.pk).completed_at
    assert Reflection.objects.get(user=learner, lesson=second).answer == "Offline"
    assert H5PStatement.objects.filter(user=learner, package=package).count() == 1
    assert H5PState.objects.get(user=learner, package=package).data == '{"a": 1}'
    assert ReplayedAction.objects.filter(user=learner).count() == 4


def test_another_learners_ids_never_touch_their_rows(client, learner, h5p_course):
    course, _first, _package = h5p_course
    second = lessons(course)[1]
    shared = item("reflection", lesson=second.pk, block=reflection_block(second), answer="Mine")
    client.force_login(learner)
    sync(client, shared)
    other = UserFactory(roles=["Learner"])
    client.force_login(other)
    response = sync(client, {**shared, "answer": "Theirs"})
    # Not enrolled: refused, and the first learner's answer is untouched.
    assert response.json()["results"][0]["status"] == "rejected"
    assert Reflection.objects.get(user=learner, lesson=second).answer == "Mine"
    assert not Reflection.objects.filter(user=other).exists()
    assert ReplayedAction.objects.filter(user=other).count() == 0


def test_newest_reflection_wins_by_the_device_clock(learner_client, learner, h5p_course):
    course, _first, _package = h5p_course
    second = lessons(course)[1]
    block = reflection_block(second)
    old = item("reflection", lesson=second.pk, block=block, answer="Written offline last week")
    old["recorded_at"] = (timezone.now() - timezone.timedelta(days=7)).isoformat()
    learner_client.post(f"{second.url}reflections/{block}/", {"answer": "Written online today"})
    result = sync(learner_client, old).json()["results"][0]
    assert result["status"] == "superseded"
    assert Reflection.objects.get(user=learner, lesson=second).answer == "Written online today"
    newer = item("reflection", lesson=second.pk, block=block, answer="Newer, offline")
    assert sync(learner_client, newer).json()["results"][0]["status"] == "recorded"
    assert Reflection.objects.get(user=learner, lesson=second).answer == "Newer, offline"


def test_a_device_clock_in_the_future_does_not_win_forever(learner_client, h5p_course):
    course, _first, _package = h5p_course
    second = lessons(course)[1]
    future = item("reflection", lesson=second.pk, block=reflection_block(second), answer="x")
    future["recorded_at"] = (timezone.now() + timezone.timedelta(days=365)).isoformat()
    sync(learner_client, future)
    row = ReplayedAction.objects.get()
    assert row.recorded_at <= timezone.now()


BAD_BATCHES = [
    b"not json",
    b"[]",
    b'{"items": []}',
    b'{"items": "x"}',
    b'{"items": [{"type": "step_complete", "step": 1, "recorded_at": "2026-01-01T00:00:00Z"}]}',
    b'{"items": [{"id": "x", "type": "step_complete", "step": 1,'
    b' "recorded_at": "2026-01-01T00:00:00Z"}]}',
    b'{"items": [{"id": "6f1c7f4e-7c65-4a5e-9c0f-9a3e0c1b2d3e", "type": "nope",'
    b' "recorded_at": "2026-01-01T00:00:00Z"}]}',
    b'{"items": [{"id": "6f1c7f4e-7c65-4a5e-9c0f-9a3e0c1b2d3e", "type": "step_complete",'
    b' "step": "1", "recorded_at": "2026-01-01T00:00:00Z"}]}',
    b'{"items": [{"id": "6f1c7f4e-7c65-4a5e-9c0f-9a3e0c1b2d3e", "type": "step_complete",'
    b' "step": 1, "recorded_at": "2026-01-01T00:00:00"}]}',
    b'{"items": [{"id": "6f1c7f4e-7c65-4a5e-9c0f-9a3e0c1b2d3e", "type": "xapi", "page": 1,'
    b' "package": "nope", "statement": {}, "recorded_at": "2026-01-01T00:00:00Z"}]}',
]


@pytest.mark.parametrize("body", BAD_BATCHES)
def test_a_malformed_batch_is_refused_whole(learner_client, learner, h5p_course, body):
    response = learner_client.post(SYNC, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert not ReplayedAction.objects.exists()


def test_one_malformed_item_refuses_the_batch_and_writes_nothing(
    learner_client, learner, h5p_course
):
    course, _first, _package = h5p_course
    second = lessons(course)[1]
    good = item("step_complete", step=second.pk)
    bad = item("step_complete", step=second.pk)
    bad["recorded_at"] = "yesterday"
    assert sync(learner_client, good, bad).status_code == 400
    assert not StepProgress.objects.filter(user=learner, completed_at__isnull=False).exists()
    assert not ReplayedAction.objects.exists()


def test_the_same_id_twice_in_one_batch_is_refused(learner_client, h5p_course):
    course, _first, _package = h5p_course
    once = item("step_complete", step=lessons(course)[1].pk)
    assert sync(learner_client, once, once).status_code == 400


def test_replay_needs_a_signed_in_learner_and_a_post(client, h5p_course):
    course, _first, _package = h5p_course
    assert sync(client, item("step_complete", step=lessons(course)[1].pk)).status_code == 403
    assert client.get(SYNC).status_code == 405
    assert not ReplayedAction.objects.exists()


def test_a_step_that_completes_through_its_activity_is_rejected(learner_client, learner):
    package = h5p_package()
    course = make_course(modules=1, steps_per_module=1)
    lesson = lessons(course)[0]
    lesson.body = [{"type": "h5p", "value": {"package": package.pk, "title": "", "required": True}}]
    lesson.save_revision().publish()
    enrolled(learner, lesson)
    result = sync(learner_client, item("step_complete", step=lesson.pk)).json()["results"][0]
    assert result["status"] == "rejected" and result["message"]
    assert not StepProgress.objects.filter(user=learner, completed_at__isnull=False).exists()


def test_a_deleted_page_is_rejected_not_an_error(learner_client):
    result = sync(learner_client, item("step_complete", step=999999)).json()["results"][0]
    assert result["status"] == "rejected"


def test_offline_sizes_prints_each_course(h5p_course):
    out = StringIO()
    call_command("offline_sizes", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Governance of social security: ") and " MB in " in lines[0]
    assert lines[-1].startswith("All courses: ")


def test_downloading_a_quiz_records_no_visit(learner_client, learner):
    quiz = quiz_page()
    enrolled(learner, quiz)
    course = CoursePage.objects.ancestor_of(quiz).get()
    urls = [f["url"] for f in learner_client.get(f"/offline/courses/{course.pk}/").json()["files"]]
    assert quiz.url in urls
    assert learner_client.get(quiz.url, HTTP_X_SOCLE_DOWNLOAD="offline").status_code == 200
    assert not StepProgress.objects.filter(user=learner, step_id=quiz.pk).exists()


def test_the_ledger_is_in_the_archive_and_erased_with_the_person(
    learner_client, learner, h5p_course
):
    course, _first, _package = h5p_course
    sent = item("step_complete", step=lessons(course)[1].pk)
    sync(learner_client, sent)
    ((name, rows),) = offline_personal_data.personal_data_export(user=learner)
    assert name == "offline/replayed_actions.csv" and str(rows[0]["client_id"]) == sent["id"]
    assert offline_personal_data.user_erasing(user=learner) == {
        "offline.replayed_actions_deleted": 1
    }


def test_replays_are_rate_limited_per_account(learner_client, h5p_course, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "offline_sync": "1/m/user"}
    course, _first, _package = h5p_course
    assert (
        sync(learner_client, item("step_complete", step=lessons(course)[1].pk)).status_code == 200
    )
    refused = sync(learner_client, item("step_complete", step=lessons(course)[0].pk))
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert ReplayedAction.objects.count() == 1
