"""Every language the site offers has a catalogue that translates the interface, with the plural
forms of its grammar; texts built at import time would stay in English, so none are."""

import pytest
from django.conf import settings
from django.utils.translation import gettext, ngettext, override

from certificates.models import CertificateTemplate
from cohorts.forms import UploadForm

pytestmark = pytest.mark.django_db

OFFERED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.mark.parametrize("language", OFFERED)
def test_each_offered_language_translates_the_shell(client, home_page, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/").content.decode()
    assert f'<html lang="{language}"' in html
    for english in ("Skip to main content", "Sign in", "Create an account"):
        with override(language):
            translated = gettext(english)
        assert translated != english
        assert translated in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", {1: "participant", 2: "participants"}),
        ("es", {1: "participante", 2: "participantes"}),
        ("ru", {1: "участник", 3: "участника", 5: "участников", 21: "участник"}),
        # Arabic: dual for 2, plural for 3-10, accusative singular for 11-99.
        ("ar", {2: "مشاركان", 5: "مشاركين", 11: "مشاركًا", 100: "مشارك"}),
    ],
)
def test_plural_forms_follow_each_languages_grammar(language, expected):
    with override(language):
        for n, word in expected.items():
            text = ngettext("%(n)s participant", "%(n)s participants", n) % {"n": n}
            assert text.split() == [str(n), word]


def test_help_texts_with_numbers_follow_the_readers_language():
    def texts():
        return (
            str(UploadForm().fields["file"].help_text),
            str(CertificateTemplate._meta.get_field("body").help_text),
        )

    with override("en"):
        upload_en, body_en = texts()
    with override("fr"):
        upload_fr, body_fr = texts()
    assert upload_en == "At most 2 MB."
    assert upload_fr != upload_en and "2" in upload_fr
    assert body_en.startswith("Placeholders:") and "{learner_name}" in body_en
    assert body_fr != body_en and "{learner_name}" in body_fr


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", {1: "scénario", 2: "scénarios"}),
        ("es", {1: "escenario", 2: "escenarios"}),
        ("ru", {1: "сценарий", 3: "сценария", 5: "сценариев", 21: "сценарий"}),
        ("ar", {2: "سيناريوهان", 5: "سيناريوهات", 11: "سيناريوهًا", 100: "سيناريو"}),
        ("zh-hans", {1: "个情景", 5: "个情景"}),
    ],
)
def test_the_labs_count_scenarios_in_each_languages_grammar(language, expected):
    with override(language):
        for n, word in expected.items():
            text = ngettext("%(n)s scenario", "%(n)s scenarios", n) % {"n": n}
            assert text.split() == [str(n), word]


# The labs' units hold a literal "%" that gettext reads as a format ("% o") unless the source
# marks them `# xgettext:no-python-format`; unmarked, each catalogue refresh turns the Russian,
# Arabic, Chinese and Lao entries fuzzy and the units fall back to English.
PERCENT_UNITS = ["% of the poverty line", "% of covered wages", "% of claims", "Cost, % of GDP"]


@pytest.mark.parametrize("language", OFFERED)
def test_units_with_a_literal_percent_sign_are_translated(language):
    with override(language):
        untranslated = [unit for unit in PERCENT_UNITS if gettext(unit) == unit]
    assert not untranslated, (
        f"{language}: {untranslated} not translated; is the entry fuzzy? Mark the string "
        "`# xgettext:no-python-format` in the source (docs/decisions/translations.md)."
    )
