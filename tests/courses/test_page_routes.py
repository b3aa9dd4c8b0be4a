"""Course and lesson pages serve their own actions (RoutablePageMixin routes); the old by-id
action URLs answer 307 to them; no page slug can hide one of them or a URL of
courses/urls.py."""

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from wagtail.test.utils.form_data import rich_text

from courses import slugs, urls
from courses.models import CoursePage, Enrollment, ModulePage, Reflection, StepProgress
from tests.factories import UserFactory
from tests.factories import course_factories as cf

pytestmark = pytest.mark.django_db

COMMENTS = {
    "comments-TOTAL_FORMS": "0",
    "comments-INITIAL_FORMS": "0",
    "comments-MIN_NUM_FORMS": "0",
    "comments-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def course(home_page):
    return cf.course()


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(roles=["Content editor"]))
    return client


def _reflection_id(lesson):
    return next(b.id for b in lesson.body if b.block_type == "reflection")


def test_the_actions_are_routes_of_their_pages(learner_client, learner, course):
    lesson = cf.first_lesson(course)
    assert learner_client.post(f"{course.url}enrol/").status_code == 302
    assert Enrollment.objects.filter(user=learner, course=course).exists()
    block_id = _reflection_id(lesson)
    # The lesson's forms post to its routes.
    html = learner_client.get(lesson.url).content.decode()
    assert f'action="{lesson.url}complete/"' in html
    assert f'action="{lesson.url}reflections/{block_id}/"' in html
    assert learner_client.post(f"{lesson.url}complete/").status_code == 302
    assert StepProgress.objects.filter(user=learner, step=lesson, completed_at__isnull=False)
    response = learner_client.post(f"{lesson.url}reflections/{block_id}/", {"answer": "Mine."})
    assert response.url == f"{lesson.url}#reflection-{block_id}"
    assert Reflection.objects.get(user=learner, lesson=lesson).answer == "Mine."


def test_the_course_page_offers_its_enrol_route(learner_client, course):
    html = learner_client.get(course.url).content.decode()
    assert f'action="{course.url}enrol/"' in html


def test_actions_refuse_get_anonymous_and_missing_csrf(client, learner, course):
    lesson = cf.first_lesson(course)
    response = client.post(f"{course.url}enrol/")
    assert response.status_code == 302 and "login" in response.url
    client.force_login(learner)
    assert client.get(f"{course.url}enrol/").status_code == 405
    assert client.get(f"{lesson.url}complete/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert strict.post(f"{course.url}enrol/").status_code == 403
    assert strict.post(f"{lesson.url}reflections/x/", {"answer": "a"}).status_code == 403
    assert not Enrollment.objects.exists()
    assert not Reflection.objects.exists()


def test_hostile_reflection_ids_are_refused_and_write_nothing(learner_client, course):
    lesson = cf.first_lesson(course)
    learner_client.post(f"{course.url}enrol/")
    for block_id in ("nope", "%3Cscript%3E", "..", "' OR 1=1 --"):
        response = learner_client.post(
            f"{lesson.url}reflections/{block_id}/", {"answer": "x"}, follow=True
        )
        assert response.status_code in (200, 404)
    assert not Reflection.objects.exists()


def test_the_old_by_id_urls_answer_307_to_the_routes(learner_client, learner, course):
    lesson = cf.first_lesson(course)
    block_id = _reflection_id(lesson)
    old_and_new = [
        (reverse("courses:enrol", args=[course.pk]), f"{course.url}enrol/"),
        (reverse("courses:complete_step", args=[lesson.pk]), f"{lesson.url}complete/"),
        (
            reverse("courses:save_reflection", args=[lesson.pk, block_id]),
            f"{lesson.url}reflections/{block_id}/",
        ),
    ]
    for old, new in old_and_new:
        response = learner_client.post(old)
        assert (response.status_code, response["Location"]) == (307, new)
        assert learner_client.get(old).status_code == 405
    # Nothing was done by the redirects themselves ...
    assert not Enrollment.objects.exists()
    # ... and the client that follows them (method and body kept) gets the action done.
    learner_client.post(reverse("courses:enrol", args=[course.pk]), follow=True)
    assert Enrollment.objects.filter(user=learner, course=course).exists()
    assert learner_client.post(reverse("courses:enrol", args=[999999])).status_code == 404


def test_every_first_segment_of_the_courses_urls_is_refused_as_a_course_slug():
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        head = str(pattern.pattern).split("/", 1)[0]
        example = "2024" if head.startswith("<int:") else head
        assert slugs.course_slug_error(example), head
    assert slugs.course_slug_error("reflections")
    assert slugs.course_slug_error("2024")
    assert slugs.course_slug_error("reflections-in-practice") is None
    assert slugs.course_slug_error("course-2024") is None


def _course_form(slug):
    return {
        "title": "Reflections",
        "slug": slug,
        "summary": "A course.",
        "level": "introductory",
        "estimated_hours": "4",
        "language": "en",
        "format": "self_paced",
        "cover_alt": "",
        "learning_outcomes": rich_text(""),
        **COMMENTS,
    }


@pytest.mark.parametrize("slug", ["reflections", "steps", "lessons", "2024"])
def test_the_admin_refuses_a_course_slug_taken_by_a_courses_url(editor_client, home_page, slug):
    index = cf.catalogue(home_page)
    url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", index.pk])
    response = editor_client.post(url, _course_form(slug))
    assert response.status_code == 200
    assert "is reserved for an address of the courses section" in response.content.decode()
    assert not CoursePage.objects.filter(slug=slug).exists()


def test_the_admin_accepts_an_ordinary_course_slug(editor_client, home_page):
    index = cf.catalogue(home_page)
    url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", index.pk])
    assert editor_client.post(url, _course_form("reflections-at-work")).status_code == 302
    assert CoursePage.objects.filter(slug="reflections-at-work").exists()


@pytest.mark.parametrize("slug", sorted(slugs.PAGE_ACTIONS))
def test_the_admin_refuses_a_module_slug_taken_by_a_course_action(editor_client, course, slug):
    url = reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course.pk])
    response = editor_client.post(url, {"title": "Module", "slug": slug, **COMMENTS})
    assert response.status_code == 200
    assert "is reserved for an action of the page above" in response.content.decode()
    assert not ModulePage.objects.filter(slug=slug).exists()
    # The same form with another slug is accepted: the refusal is the slug's alone.
    ok = editor_client.post(url, {"title": "Module", "slug": f"{slug}-module", **COMMENTS})
    assert ok.status_code == 302
    assert ModulePage.objects.filter(slug=f"{slug}-module").exists()
