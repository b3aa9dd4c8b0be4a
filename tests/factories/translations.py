"""Pages in other languages, made the way an editor makes them with wagtail-localize."""

from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from learning.locales import sync_trees


def translate(page, language: str, **fields):
    """Translate `page` into `language` (converting its alias if the tree is synced), set the
    translated `fields` and publish; the translated page."""
    locale = Locale.objects.get(language_code=language)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translated, _created = source.create_or_update_translation(
        locale, copy_parent_pages=True, fallback=True
    )
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return type(translated).objects.get(pk=translated.pk)


__all__ = ["sync_trees", "translate"]
