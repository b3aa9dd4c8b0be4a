"""Course packs: the course as one PDF or EPUB to read offline (courses/packs.py)."""

import io
import zipfile
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from ebooklib import ITEM_DOCUMENT, epub
from pypdf import PdfReader
from wagtail import hooks

from courses import packs
from courses.models import CoursePack, LessonPage, PackStatus
from tests.factories import course_factories as cf
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    page = cf.course(modules=2, steps_per_module=2)
    for number, lesson in enumerate(cf.lessons(page), start=1):
        lesson.body = [
            ("heading", f"Heading of lesson {number}"),
            ("paragraph", f"<p>Body text number {number} about contribution collection.</p>"),
            ("reflection", {"prompt": f"Reflect on point {number}"}),
        ]
        lesson.save()
    return page


@pytest.fixture
def enrolled(learner_client, course):
    learner_client.post(f"{course.url}enrol/")
    return learner_client


@pytest.fixture
def prepare(django_capture_on_commit_callbacks):
    """POST "Prepare", running the build tasks queued on commit (eager Celery)."""

    def post(client, course, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/courses/{course.pk}/pack/", **kwargs)

    return post


def _download(client, course, kind):
    response = client.get(f"/courses/{course.pk}/pack/{kind}/")
    assert response.status_code == 200, response
    return b"".join(response.streaming_content), response


def test_an_enrolled_learner_prepares_and_downloads_the_pdf_with_every_lesson_in_order(
    prepare, enrolled, course
):
    response = prepare(enrolled, course)
    assert response.status_code == 302 and response["Location"].endswith("#course-packs")
    content, response = _download(enrolled, course, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    positions = [text.find(f"Body text number {n} ") for n in range(1, 5)]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "Reflect on point 3" in text and "Contents" in text


def test_the_epub_opens_in_an_epub_reader_with_one_chapter_per_lesson_in_order(
    prepare, enrolled, course, tmp_path
):
    prepare(enrolled, course)
    content, response = _download(enrolled, course, "epub")
    assert response["Content-Type"] == "application/epub+zip"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.read("mimetype") == b"application/epub+zip"
    path = tmp_path / "course.epub"
    path.write_bytes(content)
    book = epub.read_epub(str(path))
    assert book.get_metadata("DC", "title")[0][0] == course.title
    chapters = [
        BeautifulSoup(item.get_content(), "html.parser").get_text(" ", strip=True)
        for item in book.get_items_of_type(ITEM_DOCUMENT)
        if item.file_name.startswith("lesson-")
    ]
    assert len(chapters) == 4
    for number, text in enumerate(chapters, start=1):
        assert f"Body text number {number}" in text


def test_the_outline_shows_the_sizes_once_ready(prepare, enrolled, course):
    page = enrolled.get(course.url).content.decode()
    assert "Prepare the course for download" in page
    prepare(enrolled, course)
    page = BeautifulSoup(enrolled.get(course.url).content, "html.parser")
    box = page.find(id="course-packs")
    links = box.find_all("a", href=True)
    assert [a["href"] for a in links] == [
        f"/courses/{course.pk}/pack/pdf/",
        f"/courses/{course.pk}/pack/epub/",
    ]
    assert "KB" in box.get_text() or "MB" in box.get_text()
    assert box.find("form") is None  # nothing left to prepare


def test_a_ready_pack_is_not_built_again(prepare, enrolled, course):
    prepare(enrolled, course)
    with mock.patch("courses.packs.pack_pdf", wraps=packs.pack_pdf) as build:
        prepare(enrolled, course)
        _download(enrolled, course, "pdf")
        _download(enrolled, course, "pdf")
    assert build.call_count == 0
    assert CoursePack.objects.filter(course=course).count() == 2


def test_publishing_a_lesson_makes_a_new_version_and_drops_the_old_files(prepare, enrolled, course):
    prepare(enrolled, course)
    old = CoursePack.objects.get(course=course, kind="pdf")
    lesson = LessonPage.objects.get(pk=cf.first_lesson(course).pk)
    lesson.body = [("paragraph", "<p>Rewritten first lesson.</p>")]
    lesson.save_revision().publish()
    page = enrolled.get(course.url).content.decode()
    assert "Prepare the course for download" in page  # the ready pack is out of date
    prepare(enrolled, course)
    content, _ = _download(enrolled, course, "pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Rewritten first lesson" in text
    assert not CoursePack.objects.filter(pk=old.pk).exists()
    assert not old.file.storage.exists(old.file.name)


def test_anonymous_and_unenrolled_people_get_no_pack(prepare, client, learner, course):
    assert prepare(client, course).status_code == 302  # to the sign-in page
    assert "/accounts/login/" in prepare(client, course)["Location"]
    assert "/accounts/login/" in client.get(f"/courses/{course.pk}/pack/pdf/")["Location"]
    client.force_login(learner)
    response = prepare(client, course)
    assert response.status_code == 302
    assert not CoursePack.objects.exists()
    assert client.get(f"/courses/{course.pk}/pack/pdf/").status_code == 403


def test_another_learner_cannot_fetch_a_pack_without_enrolling(prepare, enrolled, course):
    prepare(enrolled, course)
    other = UserFactory(roles=["Learner"])
    enrolled.force_login(other)
    assert enrolled.get(f"/courses/{course.pk}/pack/pdf/").status_code == 403


def test_unknown_kinds_courses_and_methods_are_refused(enrolled, course):
    assert enrolled.get(f"/courses/{course.pk}/pack/exe/").status_code == 404
    assert enrolled.get(f"/courses/{course.pk}/pack/../../etc/").status_code == 404
    assert enrolled.get("/courses/999999/pack/pdf/").status_code == 404
    assert enrolled.get(f"/courses/{course.pk}/pack/").status_code == 405
    assert enrolled.post(f"/courses/{course.pk}/pack/pdf/").status_code == 405


def test_a_closed_module_stays_out_of_the_pack(prepare, enrolled, course):
    second = course.get_children().specific()[1]

    def locks(*, user, course_ids):
        return {second.pk: "Opens next month."}

    with hooks.register_temporarily("course_module_locks", locks):
        prepare(enrolled, course)
        content, _ = _download(enrolled, course, "pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Body text number 2" in text and "Body text number 3" not in text


def test_a_course_without_lessons_says_so_and_writes_nothing(learner_client, home_page):
    empty = cf.course(title="Empty course", modules=1, steps_per_module=0)
    learner_client.post(f"{empty.url}enrol/")
    response = learner_client.post(f"/courses/{empty.pk}/pack/", follow=True)
    assert "no lessons to download yet" in response.content.decode()
    assert not CoursePack.objects.exists()


def test_a_build_that_fails_is_marked_and_can_be_tried_again(prepare, enrolled, course):
    with mock.patch("courses.packs.pack_pdf", side_effect=RuntimeError("broken page")):
        prepare(enrolled, course)
    assert CoursePack.objects.get(kind="pdf").status == PackStatus.FAILED
    assert "could not be prepared" in enrolled.get(course.url).content.decode()
    prepare(enrolled, course)
    assert CoursePack.objects.get(kind="pdf").status == PackStatus.READY


def test_arabic_and_russian_course_text_comes_out_of_the_pdf_in_its_script(
    prepare, learner_client, home_page
):
    page = cf.course(title="Управление социальным обеспечением", modules=1, steps_per_module=1)
    page.language = "ar"
    page.save()
    lesson = cf.first_lesson(page)
    lesson.body = [
        ("paragraph", "<p>الحماية الاجتماعية للجميع</p>"),
        ("paragraph", "<p>Актуарная оценка пенсионной системы</p>"),
    ]
    lesson.save()
    learner_client.post(f"{page.url}enrol/")
    prepare(learner_client, page)
    content, _ = _download(learner_client, page, "pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Актуарная оценка пенсионной системы" in text
    assert "الاجتماعية" in text


def test_the_outline_query_count_stays_flat_with_packs(
    prepare, enrolled, course, django_assert_max_num_queries
):
    prepare(enrolled, course)
    enrolled.get(course.url)
    with django_assert_max_num_queries(30):
        enrolled.get(course.url)
    big = cf.course(title="Bigger", modules=6, steps_per_module=5)
    enrolled.post(f"{big.url}enrol/")
    prepare(enrolled, big)
    enrolled.get(big.url)
    with django_assert_max_num_queries(30):
        enrolled.get(big.url)


def test_an_editor_or_a_trainer_who_is_not_enrolled_gets_no_pack(prepare, enrolled, course):
    prepare(enrolled, course)
    for role in ("Content editor", "Trainer"):
        outsider = UserFactory(roles=[role])
        enrolled.force_login(outsider)
        assert enrolled.get(f"/courses/{course.pk}/pack/pdf/").status_code == 403
        assert enrolled.get(f"/courses/{course.pk}/pack/epub/").status_code == 403
        prepare(enrolled, course)
    assert CoursePack.objects.count() == 2  # the learner's two, nothing added by outsiders
