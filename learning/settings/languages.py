"""The languages of the interface and of the content (Wagtail's locales).

Each interface language is also a content language: a Wagtail Locale that wagtail-localize
keeps in sync with the English tree (untranslated pages are aliases). Decision:
docs/decisions/content-languages.md. The admin speaks the languages Wagtail ships a
catalogue for; the others see it in English (learning.middleware).
"""

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("ar", "العربية"),
    ("zh-hans", "简体中文"),
    ("lo", "ພາສາລາວ"),
]
LANGUAGES_BIDI = ["ar", "he", "fa", "ur"]
# Content in every interface language: one Locale per language, each tree kept in sync with
# the English one (untranslated pages are aliases); see docs/decisions/content-languages.md.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ru", "Russian"),
    ("ar", "Arabic"),
    ("zh-hans", "Chinese (Simplified)"),
]
