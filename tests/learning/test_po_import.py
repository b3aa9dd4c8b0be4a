"""The checked PO upload (learning/po_import.py) over HTTP: a lesson's Russian translation is
exported, filled and imported, published and served; a file that is not PO, too large, not
UTF-8, of another translation or with any wrong entry changes nothing and says why."""

import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from wagtail_localize.models import StringTranslation

from learning import po_import
from tests.factories import UserFactory
from tests.learning.po_files import (
    RUSSIAN,
    enrol,
    filled,
    said,
    translate_in_admin,
    upload,
)

pytestmark = pytest.mark.django_db


def editor_url(translation) -> str:
    return reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk])


def refused(response, translation, reason: str):
    assert response.status_code == 302
    assert response["Location"] == editor_url(translation)
    level, text = said(response)
    assert level == "error" and text.startswith("Nothing was imported.") and reason in text
    assert not StringTranslation.objects.filter(locale=translation.target_locale).exists()


def test_the_upload_url_of_wagtail_localize_is_the_checked_one():
    match = resolve(reverse("wagtail_localize:upload_pofile", args=[1]))
    assert match.url_name == "learning_po_upload"


def test_a_lesson_exported_translated_imported_and_published_is_read_in_russian(
    admin, learner, lesson, russian, client
):
    po = filled(admin, russian)
    assert po.metadata[po_import.HEADER] == str(russian.uuid)
    assert 'Read <a id="a1">Convention 102</a> first.' in {e.msgid for e in po}
    response = upload(admin, russian, str(po))
    assert response.status_code == 302 and response["Location"] == editor_url(russian)
    untranslated = sum(1 for e in po if not e.msgstr)  # the title and slug, left in English
    assert said(response) == (
        "success",
        f"Imported {len(RUSSIAN)} translated texts from the PO file. "
        f"{untranslated} texts were left untranslated (empty).",
    )
    assert StringTranslation.objects.filter(locale=russian.target_locale).count() == len(RUSSIAN)

    target = russian.get_target_instance()
    published = admin.post(
        reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"}
    )
    assert published.status_code == 302

    enrol(client, learner, lesson)
    page = client.get(lesson.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Почему важно управление" in html and "Сначала институты." in html
    assert '<a href="https://www.ilo.org/c102">Конвенцию 102</a>' in html
    assert "Why governance matters" not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Why governance matters" in client.get(lesson.url).content.decode()


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a PO file at all",
        b'{"msgid": "Governance"}',
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"",
    ],
    ids=["prose", "json", "binary", "empty"],
)
def test_a_file_that_is_not_po_is_refused(admin, russian, content):
    response = upload(admin, russian, content)
    assert response.status_code == 302
    refused(response, russian, "")


def test_a_file_without_its_translation_header_is_refused_not_a_500(admin, russian):
    po = filled(admin, russian)
    del po.metadata[po_import.HEADER]
    refused(upload(admin, russian, str(po)), russian, "has no X-WagtailLocalize-TranslationID")


def test_a_file_of_another_translation_is_refused(admin, lesson, russian):
    french = translate_in_admin(admin, lesson, "fr")
    po = filled(admin, french)
    refused(upload(admin, russian, str(po)), russian, "made for another translation")


def test_one_unknown_entry_refuses_the_whole_file(admin, russian):
    po = filled(admin, russian)
    po.append(polib.POEntry(msgid="Not in this lesson", msgctxt="body.x", msgstr="Нет"))
    refused(upload(admin, russian, str(po)), russian, "1 entry is wrong")


def test_a_known_text_under_another_context_is_unknown(admin, russian):
    po = filled(admin, russian)
    entry = next(e for e in po if e.msgid == "Key takeaway")
    entry.msgctxt = "somewhere.else"
    refused(upload(admin, russian, str(po)), russian, "not a text of this page or snippet")


@pytest.mark.parametrize(
    ("msgstr", "reason"),
    [
        ("Сначала прочтите Конвенцию 102.", "keep each link"),  # the link is lost
        ('Прочтите <a id="a2">Конвенцию</a>.', "Unrecognised id"),
        ('<a id="a1">Конвенция</a> и <a id="a1">она же</a>.', "keep each link"),
        ('Прочтите <a id="a1">Конвенцию 102.', "not closed in order"),
        ('Прочтите <b><a id="a1">Конвенцию</b></a>.', "not closed in order"),
        ('Прочтите <a id="a1" href="https://evil.example">Конвенцию</a>.', "attributes"),
        ('<p>Прочтите <a id="a1">Конвенцию</a>.</p>', "not allowed"),
        ('<script>alert(1)</script><a id="a1">Конвенция</a>', "not allowed"),
    ],
    ids=["dropped", "unknown-id", "twice", "unclosed", "crossed", "attribute", "block", "script"],
)
def test_a_translation_with_broken_links_or_html_refuses_the_whole_file(
    admin, russian, msgstr, reason
):
    po = filled(admin, russian)
    next(e for e in po if "Convention 102" in e.msgid).msgstr = msgstr
    refused(upload(admin, russian, str(po)), russian, reason)


def test_a_repeated_entry_refuses_the_whole_file(admin, russian):
    po = filled(admin, russian)
    first = next(e for e in po if e.msgid == "Key takeaway")
    po.append(polib.POEntry(msgid=first.msgid, msgctxt=first.msgctxt, msgstr="Другое"))
    refused(upload(admin, russian, str(po)), russian, "appears twice")


def test_the_problems_are_listed_with_their_lines(admin, russian):
    po = filled(admin, russian)
    for n in range(7):
        po.append(polib.POEntry(msgid=f"Stray {n}", msgctxt="x", msgstr="y"))
    response = upload(admin, russian, str(po))
    refused(response, russian, "7 entries are wrong")
    _level, text = said(response)
    assert "“Stray 0”" in text and "(and 2 more)" in text and "Stray 6" not in text


def test_a_file_over_two_megabytes_is_refused(admin, russian):
    po = filled(admin, russian)
    padding = "# " + "x" * 1000 + "\n"
    content = str(po) + padding * (po_import.MAX_BYTES // len(padding) + 1)
    refused(upload(admin, russian, content), russian, "larger than 2 MB")


def test_a_file_not_in_utf8_is_refused(admin, russian):
    po = filled(admin, russian)
    refused(upload(admin, russian, str(po).encode("koi8-r")), russian, "not UTF-8")


def test_empty_translations_are_skipped_and_counted(admin, russian):
    po = filled(admin, russian, {"Key takeaway": "Главный вывод"})
    response = upload(admin, russian, str(po))
    level, text = said(response)
    assert level == "success"
    assert text.startswith("Imported 1 translated text from the PO file.")
    assert f"{len(po) - 1} texts were left untranslated" in text
    assert list(StringTranslation.objects.values_list("data", flat=True)) == ["Главный вывод"]


def test_a_post_without_a_file_is_refused_not_a_500(admin, russian):
    response = admin.post(reverse("wagtail_localize:upload_pofile", args=[russian.pk]))
    refused(response, russian, "Choose a PO file")


def test_the_next_url_is_kept_when_it_is_safe(admin, russian):
    url = reverse("wagtail_localize:upload_pofile", args=[russian.pk])
    content = str(filled(admin, russian)).encode()
    for next_url, expected in [("/admin/pages/", "/admin/pages/"), ("https://evil.example/", None)]:
        response = admin.post(
            f"{url}?next={next_url}", {"file": SimpleUploadedFile("ru.po", content)}
        )
        assert response["Location"] == (expected or editor_url(russian))


@pytest.mark.parametrize("who", ["learner", "trainer"])
def test_people_who_cannot_edit_the_page_cannot_upload(client, request, admin, russian, who):
    content = str(filled(admin, russian)).encode()
    client.force_login(request.getfixturevalue(who))
    response = upload(client, russian, content)
    assert response.status_code in (302, 403)
    assert not StringTranslation.objects.exists()


def test_hostile_text_in_the_file_is_shown_escaped(admin, russian):
    po = filled(admin, russian)
    po.append(polib.POEntry(msgid="<script>alert(1)</script>", msgctxt="x", msgstr="y"))
    response = upload(admin, russian, str(po))
    _level, text = said(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>" not in text
    assert not StringTranslation.objects.exists()


def test_a_partner_with_no_page_rights_cannot_upload(client, admin, russian):
    content = str(filled(admin, russian)).encode()
    client.force_login(UserFactory(roles=["Partner"]))
    response = upload(client, russian, content)
    assert response.status_code in (302, 403)
    assert not StringTranslation.objects.exists()


def test_a_content_editor_can_upload_and_the_texts_are_applied(client, admin, russian):
    content = str(filled(admin, russian)).encode()
    client.force_login(UserFactory(roles=["Content editor"]))
    response = upload(client, russian, content)
    assert response.status_code == 302
    assert StringTranslation.objects.exists()
