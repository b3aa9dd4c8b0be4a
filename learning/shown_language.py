"""Which language a page's content is shown in, and whether it is the reader's.

A page not yet translated into the interface language is served as an alias of the English
page (docs/decisions/content-languages.md): its content is English while the interface is,
say, Russian. `shown_language(page)` says so: the language and direction of the content (for
the `lang` and `dir` of the content region) and whether it falls back from the interface
language (for the note above it). Decision: docs/decisions/learning-fallback-note.md.

A page in the default locale, which most requests serve, costs no query; an alias costs one
query once per page-tree version (the locale of the page it shows, cached).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .locales import active_locale_id, default_locale_id, locale_ids
from .pagetree import tree_version

# Interface languages Django has no name for (its `LANG_INFO`), named here to be translated.
_MORE_NAMES = {"lo": _("Lao")}


@dataclass(frozen=True)
class ShownLanguage:
    code: str  # the language of the content shown
    interface: str  # the interface language (of its content locale)

    @property
    def falls_back(self) -> bool:
        return self.code != self.interface

    @property
    def bidi(self) -> bool:
        return language_bidi(self.code)

    @property
    def dir(self) -> str:
        return "rtl" if self.bidi else "ltr"

    @property
    def name(self) -> str:
        return language_name(self.code)

    @property
    def interface_name(self) -> str:
        return language_name(self.interface)


def language_name(code: str) -> str:
    """The name of a language in the interface language ("Russian", "русский"...)."""
    if code in _MORE_NAMES:
        return _MORE_NAMES[code]
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return dict(settings.LANGUAGES).get(code, code)


def language_bidi(code: str) -> bool:
    try:
        return get_language_info(code)["bidi"]
    except KeyError:
        return code.split("-")[0] in settings.LANGUAGES_BIDI


def _shown_locale_id(page: Page) -> int:
    """The locale of the content `page` shows: its own, or for an alias that of its original."""
    if page.alias_of_id is None:
        return page.locale_id
    key = f"learning:alias-locale:{tree_version()}:{page.alias_of_id}"
    found = cache.get(key)
    if found is None:
        original = Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True)
        found = original.first() or page.locale_id
        cache.set(key, found, 3600)
    return found


def _written_in(page: Page) -> str | None:
    """The language a source page says it is written in (a course's `language` field)."""
    try:
        page._meta.get_field("language")
    except FieldDoesNotExist:
        return None
    value = getattr(page, "language", None)
    return value if value in dict(settings.LANGUAGES) else None


def shown_language(page) -> ShownLanguage | None:
    """The language `page`'s content is shown in, against the interface language; None for
    what is not a page (views that render no Wagtail page)."""
    if not isinstance(page, Page) or page.locale_id is None:
        return None
    code_of = {pk: code for code, pk in locale_ids().items()}
    interface = code_of.get(active_locale_id(), settings.LANGUAGE_CODE)
    locale_id = _shown_locale_id(page)
    code = code_of.get(locale_id, settings.LANGUAGE_CODE)
    if locale_id == default_locale_id():
        # The source's own content (or an alias of it): what it says it is written in. A
        # translation keeps the source's `language` (a synchronised field) but is in its
        # locale's language.
        code = _written_in(page) or code
    return ShownLanguage(code=code, interface=interface)
