"""Two editors on one translation, and a source that changes after it was translated, over
HTTP: the segment editor's API and PO uploads keep the last write of each text and lose none
of the others; after the English lesson changes, "Sync translated pages" shows the Russian
translation as waiting for translations until an editor translates the new text."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from wagtail_localize.models import StringSegment, StringTranslation

from courses.models import LessonPage
from tests.factories import UserFactory
from tests.factories import course_factories as cf
from tests.learning.po_files import (
    RUSSIAN,
    download,
    enrol,
    filled,
    said,
    upload,
)

pytestmark = pytest.mark.django_db

EVERY_TEXT = {
    **RUSSIAN,
    "Lesson 1.1": "Урок 1.1",
    "lesson-11": "lesson-11",
    cf.LESSON_BODY[1][1][3:-4]: "Слабое управление мешает расширять социальную защиту.",
}


@pytest.fixture
def editors(db):
    pair = []
    for name in ("a", "b"):
        person = UserFactory(roles=["Content editor"], email=f"editor-{name}@example.org")
        browser = Client()
        browser.force_login(person)
        pair.append(browser)
    return pair


def put_text(client, translation, msgid: str, value: str):
    segment = StringSegment.objects.get(source=translation.source, string__data=msgid)
    return client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        urlencode({"value": value}),
        content_type="application/x-www-form-urlencoded",
    )


def texts(translation) -> dict[str, str]:
    rows = StringTranslation.objects.filter(locale=translation.target_locale)
    return dict(rows.values_list("translation_of__data", "data"))


def test_two_editors_keep_the_last_write_of_each_text_and_lose_none(editors, russian):
    a, b = editors
    stale = download(a, russian)  # A's file, taken before anyone translated
    assert put_text(a, russian, "Key takeaway", "Вывод (А)").status_code == 201
    assert put_text(b, russian, "Key takeaway", "Вывод (Б)").status_code == 200
    assert put_text(b, russian, "Institutions first.", "Институты (Б)").status_code == 201

    # A's old file with only the heading filled: its empty texts erase nothing of B's.
    for entry in stale:
        entry.msgstr = "Почему (А)" if entry.msgid == "Why governance matters" else ""
    response = upload(a, russian, str(stale))
    assert response.status_code == 302 and said(response)[0] == "success"
    assert texts(russian) == {
        "Why governance matters": "Почему (А)",
        "Key takeaway": "Вывод (Б)",
        "Institutions first.": "Институты (Б)",
    }

    # B uploads a file with the takeaway again: the last write wins for that text only.
    po = filled(b, russian, {"Key takeaway": "Вывод (Б, файл)"})
    assert upload(b, russian, str(po)).status_code == 302
    assert put_text(a, russian, "Institutions first.", "Институты (А)").status_code == 200
    assert texts(russian) == {
        "Why governance matters": "Почему (А)",
        "Key takeaway": "Вывод (Б, файл)",
        "Institutions first.": "Институты (А)",
    }
    assert StringTranslation.objects.count() == 3


def test_an_editor_sees_a_changed_source_and_brings_its_translation_up_to_date(
    admin, learner, lesson, russian
):
    reader = Client()  # a Russian learner, beside the editor
    # Translated in full and published.
    po = filled(admin, russian, EVERY_TEXT)
    assert all(entry.msgstr for entry in po)
    assert upload(admin, russian, str(po)).status_code == 302
    target = russian.get_target_instance()
    edit_russian = reverse("wagtailadmin_pages:edit", args=[target.pk])
    assert admin.post(edit_russian, {"action": "publish"}).status_code == 302
    report = reverse("wagtail_localize:translations_report") + "?waiting_for_translation=true"
    listed = f"Урок 1.1 ({russian.target_locale})"  # the locale in its own language
    assert listed not in admin.get(report).content.decode()

    # The English lesson changes and is published.
    english = LessonPage.objects.get(pk=lesson.pk)
    english.body[0].value = "Why institutions matter"
    english.save_revision().publish()

    # The English page offers "Sync translated pages"; its form lists the Russian page.
    sync = reverse("wagtail_localize:update_translations", args=[russian.source.pk])
    edit_english = admin.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert sync in edit_english.content.decode()
    form = admin.get(sync)
    assert form.status_code == 200 and edit_russian in form.content.decode()
    assert admin.post(sync, {}).status_code == 302

    # The report now lists the Russian lesson as waiting, and the segment editor's PO file
    # has the new text untranslated and the old one translated (obsolete).
    waiting = admin.get(report).content.decode()
    assert listed in waiting and "Waiting for translations" in waiting
    po = download(admin, russian)
    assert [e.msgstr for e in po if e.msgid == "Why institutions matter"] == [""]
    assert [e.msgid for e in po.obsolete_entries()] == ["Why governance matters"]
    # Until then, Russian learners keep the published Russian page.
    enrol(reader, learner, lesson)
    assert "Почему важно управление" in reader.get(lesson.url).content.decode()

    # The editor translates the new text (the file, obsolete entry included, is accepted)
    # and publishes: the report no longer lists it, learners read the new text.
    for entry in po:
        if entry.msgid == "Why institutions matter":
            entry.msgstr = "Почему важны институты"
    response = upload(admin, russian, str(po))
    assert said(response) == ("success", "Imported 8 translated texts from the PO file.")
    assert admin.post(edit_russian, {"action": "publish"}).status_code == 302
    assert listed not in admin.get(report).content.decode()
    html = reader.get(lesson.url).content.decode()
    assert "Почему важны институты" in html and "Почему важно управление" not in html
