"""Which languages a course exists in: the language its source is written in, plus each
locale where a live translation (not an alias) of it exists. One query for any number of
courses (docs/decisions/learning-content-language-shown.md)."""

from django.conf import settings

from learning.locales import default_locale_id, locale_ids

from .models import CoursePage


def course_languages(courses) -> dict[str, list[str]]:
    """Translation key -> language codes, in the order of `settings.LANGUAGES`."""
    keys = {course.translation_key for course in courses}
    if not keys:
        return {}
    code_of = {pk: code for code, pk in locale_ids().items()}
    default = default_locale_id()
    found: dict = {key: set() for key in keys}
    rows = CoursePage.objects.filter(
        translation_key__in=keys, live=True, alias_of__isnull=True
    ).values_list("translation_key", "locale_id", "language")
    for key, locale_id, language in rows:
        # The source says which language it is written in; a translation is in its locale's.
        found[key].add(language if locale_id == default else code_of.get(locale_id))
    order = [code for code, _name in settings.LANGUAGES]
    return {key: [code for code in order if code in codes] for key, codes in found.items()}
