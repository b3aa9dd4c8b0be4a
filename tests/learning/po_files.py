"""Fixtures and helpers of the PO tests: a lesson with a link, its Russian translation made
in the admin, and the segment editor's PO download and upload."""

import polib
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation

LINKED = '<p>Read <a href="https://www.ilo.org/c102">Convention 102</a> first.</p>'
RUSSIAN = {
    "Why governance matters": "Почему важно управление",
    "Key takeaway": "Главный вывод",
    "Institutions first.": "Сначала институты.",
    "Which institution in your country collects contributions?": "Кто собирает взносы?",
    'Read <a id="a1">Convention 102</a> first.': 'Сначала прочтите <a id="a1">Конвенцию 102</a>.',
}


def translate_in_admin(client, page, language="ru") -> Translation:
    """'Translate this page' in the admin: the translation and its (untranslated) page."""
    locale = Locale.objects.get(language_code=language)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def download(client, translation) -> polib.POFile:
    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    return polib.pofile(response.content.decode())


def filled(client, translation, texts=RUSSIAN) -> polib.POFile:
    po = download(client, translation)
    for entry in po:
        entry.msgstr = texts.get(entry.msgid, "")
    return po


def upload(client, translation, content: bytes | str):
    if isinstance(content, str):
        content = content.encode()
    return client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("ru.po", content, "text/x-gettext-translation")},
    )


def said(response) -> tuple[str, str]:
    """The level and text of the message the request added (after any earlier, unread)."""
    *_earlier, last = get_messages(response.wsgi_request)
    return last.level_tag, str(last).strip()


def enrol(client, learner, lesson):
    """`client` becomes `learner`, enrolled in the lesson's course, reading Russian."""
    client.force_login(learner)
    course = lesson.get_parent().get_parent()
    assert client.post(course.url + "enrol/").status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
