"""The page tree's shared cache version: it moves when a change commits (never before, never
for a rolled-back one), for everything pages show, and in-process caches follow it."""

import io

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail_factories import ImageFactory

from casestudies.bulk import case_studies_bulk_create
from casestudies.facets import LIBRARY, library_index
from casestudies.models import CaseStudyPage, Theme
from certificates.models import CertificateTemplate
from courses import selectors
from courses.models import LessonPage
from courses.services import enrollment_create
from learning.pagetree import VERSION_KEY, forget_pending, tree_version
from tests.factories import case_library
from tests.factories import courses as cf

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


@pytest.fixture
def course(home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        built = cf.course(modules=1, steps_per_module=2)
    return built


def shared() -> str:
    """The version every other process reads."""
    return cache.get(VERSION_KEY)


def test_a_committed_change_moves_the_version_after_the_commit(
    course, django_capture_on_commit_callbacks
):
    before = tree_version()
    lesson = cf.first_lesson(course)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lesson.title = "Renamed"
        lesson.save()
        # Not yet committed: other processes still read the old version ...
        assert shared() == before
        # ... while this transaction reads its own changes under a private one.
        assert tree_version() not in (before, shared())
        assert "pending" in tree_version()
    assert callbacks
    assert shared() != before
    assert tree_version() == shared()


def test_a_rolled_back_change_does_not_move_the_version(course, django_capture_on_commit_callbacks):
    before = tree_version()
    lesson = cf.first_lesson(course)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        lesson.title = "Never saved"
        lesson.save()
        raise Rollback
    assert callbacks == []
    assert shared() == before


@pytest.mark.parametrize("kind", ["image", "document", "topic", "theme", "template"])
def test_what_pages_show_moves_the_version(home_page, kind, django_capture_on_commit_callbacks):
    before = tree_version()
    with django_capture_on_commit_callbacks(execute=True):
        if kind == "image":
            ImageFactory()
        elif kind == "document":
            get_document_model().objects.create(
                title="Guide", file=ContentFile(b"text", name="guide.txt")
            )
        elif kind == "topic":
            cf.topic("Pensions")
        elif kind == "theme":
            Theme.objects.create(name="Pensions", slug="pensions-h8")
        else:
            template = CertificateTemplate.objects.first() or CertificateTemplate(name="T")
            template.save()
    assert shared() != before


def test_an_outline_cached_in_process_is_not_served_after_another_process_moved_the_version(
    course,
):
    lesson = cf.first_lesson(course)
    assert selectors.course_outline(course).steps[0].title == lesson.title
    # A change this process never saw (no signal): the outline still comes from its caches.
    LessonPage.objects.filter(pk=lesson.pk).update(title="Changed elsewhere")
    assert selectors.course_outline(course).steps[0].title == lesson.title
    # Another app server committed a change and moved the shared version.
    cache.set(VERSION_KEY, "moved-by-another-process", None)
    assert selectors.course_outline(course).steps[0].title == "Changed elsewhere"


def test_the_facet_index_is_rebuilt_after_another_process_moved_the_library_version(
    home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        library = case_library(home_page)
        (pk,) = case_studies_bulk_create(
            index=library, rows=[{"title": "Old title", "countries": ["LA"], "year_start": 2015}]
        )
    assert library_index(library).title[pk] == "old title"

    CaseStudyPage.objects.filter(pk=pk).update(title="New title")
    assert library_index(library).title[pk] == "old title"
    cache.set(LIBRARY.key, "moved-by-another-process", None)
    assert library_index(library).title[pk] == "new title"


def test_bulk_creation_moves_both_versions_on_commit(home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        library = case_library(home_page)
    tree, facets = tree_version(), LIBRARY.current()
    with django_capture_on_commit_callbacks(execute=True):
        case_studies_bulk_create(
            index=library, rows=[{"title": "Bulk", "countries": ["LA"], "year_start": 2015}]
        )
        assert (shared(), cache.get(LIBRARY.key)) == (tree, facets)
    assert shared() != tree
    assert cache.get(LIBRARY.key) != facets


def test_pages_changed_command_moves_the_versions(home_page):
    forget_pending()
    tree, facets = tree_version(), LIBRARY.current()
    out = io.StringIO()
    call_command("pages_changed", stdout=out)
    assert shared() != tree
    assert cache.get(LIBRARY.key) != facets
    assert "new version" in out.getvalue()


def test_a_request_reads_the_shared_version_once_and_the_next_one_sees_a_move(
    learner_client, learner, course, monkeypatch
):
    """A lesson asks for the version from routing, outline, body and links: one cache read
    per request. A version another process moves meanwhile is seen by the next request."""
    enrollment_create(user=learner, course=course)
    lesson = cf.first_lesson(course)
    learner_client.get(lesson.url)  # warm
    reads = []
    get = cache.get

    def counting_get(key, *args, **kwargs):
        reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    assert learner_client.get(lesson.url).status_code == 200
    assert reads.count(VERSION_KEY) == 1
    # Between requests, code outside a request (a task, this test) reads the live value.
    cache.set(VERSION_KEY, "moved-by-another-process", None)
    assert tree_version() == "moved-by-another-process"
    LessonPage.objects.filter(pk=lesson.pk).update(title="Renamed elsewhere")
    assert "Renamed elsewhere" in learner_client.get(lesson.url).content.decode()


def test_a_move_inside_a_request_is_seen_at_once_by_that_request(course):
    request_started.send(sender=None)
    try:
        before = tree_version()
        assert tree_version() == before
        call_command("pages_changed", stdout=io.StringIO())
        assert tree_version() != before
        assert tree_version() == shared()
    finally:
        request_finished.send(sender=None)
