"""wagtail-localize's PO files, over HTTP as an administrator: a snippet's translation is
exported, translated outside, uploaded, and its text is what the translated snippet shows;
a PO file of another translation changes nothing."""

import polib
import pytest
from django.urls import reverse
from django.utils import translation as django_translation
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from courses.models import Topic

pytestmark = pytest.mark.django_db


def _translation(instance, language):
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    created = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code=language)
    )
    created.save_target()  # the untranslated copy, as "Translate" in the admin makes it
    return created


def _upload(client, translation, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    return client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("t.po", content, "text/x-gettext-translation")},
    )


def test_export_translate_upload_and_save(admin):
    topic = Topic.objects.create(name="Governance", slug="governance", description="Rules")
    translation = _translation(topic, "ru")
    exported = admin.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert exported.status_code == 200
    po = polib.pofile(exported.content.decode())
    assert {e.msgid for e in po} == {"Governance", "Rules"}
    for entry in po:
        entry.msgstr = {"Governance": "Управление", "Rules": "Правила"}[entry.msgid]
    assert _upload(admin, translation, str(po).encode()).status_code == 302
    translation.save_target()
    russian = Topic.objects.get(translation_key=topic.translation_key, locale__language_code="ru")
    assert (russian.name, russian.description, russian.slug) == (
        "Управление",
        "Правила",
        "governance",
    )
    with django_translation.override("ru"):
        assert str(topic) == "Управление"


def test_a_po_file_of_another_translation_changes_nothing(admin):
    topic = Topic.objects.create(name="Governance", slug="governance")
    russian, french = _translation(topic, "ru"), _translation(topic, "fr")
    po = polib.pofile(
        admin.get(reverse("wagtail_localize:download_pofile", args=[french.pk])).content.decode()
    )
    for entry in po:
        entry.msgstr = "Gouvernance"
    response = _upload(admin, russian, str(po).encode())
    assert response.status_code == 302
    assert not StringTranslation.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "learner"])
def test_outsiders_can_neither_read_nor_upload_a_translation(client, learner, who):
    topic = Topic.objects.create(name="Financing", slug="financing")
    french = _translation(topic, "fr")
    if who == "learner":
        client.force_login(learner)
    download = client.get(reverse("wagtail_localize:download_pofile", args=[french.pk]))
    assert download.status_code in (302, 403)
    assert b"msgid" not in download.content
    po = polib.POFile()
    po.metadata = {"X-WagtailLocalize-TranslationID": str(french.uuid)}
    po.append(polib.POEntry(msgid="Financing", msgstr="Piraté"))
    upload = _upload(client, french, str(po).encode())
    assert upload.status_code in (302, 403)
    assert not StringTranslation.objects.filter(data="Piraté").exists()
