"""Snippets in every content language: topics, case-study taxonomies, certificate templates.

Each is a Wagtail `TranslatableMixin` model that wagtail-localize translates like a page.
Pages and settings keep pointing at the **source** row (the one in the default locale,
`in_default_locale` limits every choice to it); what a learner reads is the source's
translation in the interface language when one exists (`localized_name`, also each model's
`__str__`), else the source's own text. Decision: docs/decisions/learning-translating-content.md.

The names of all rows of a model are read in one query and kept per process under the page
tree's version (learning/pagetree.py), which every snippet save moves on: showing any number
of terms costs no query once a process has read them.

For demo loaders and scripts: `translation_ensure(source, "ru", name=...)` creates or updates
the Russian translation of a source snippet, the way wagtail-localize's "Translate" does.
"""

import threading

from django.db import models, transaction
from wagtail.models import Locale, TranslatableMixin

from .locales import active_locale_id, default_locale_id, locale_id_for
from .pagetree import tree_version

_memo: dict[tuple, dict] = {}
_lock = threading.Lock()


def _table(key: tuple, build) -> dict:
    table = _memo.get(key)
    if table is None:
        table = build()
        with _lock:
            version = key[-1]
            for old in [k for k in _memo if k[-1] != version]:
                _memo.pop(old, None)
            _memo[key] = table
    return table


def in_default_locale() -> models.Q:
    """`limit_choices_to` of every relation to a translatable snippet: pages, course settings
    and the site's defaults choose among source rows only (one of each, not seven)."""
    return models.Q(locale_id=default_locale_id())


def _names(model, field: str) -> dict:
    version = tree_version()
    key = (model._meta.label_lower, field, version)
    return _table(
        key,
        lambda: {
            (str(tk), locale): value
            for tk, locale, value in model.objects.values_list(
                "translation_key", "locale_id", field
            )
        },
    )


def localized_name(term, field: str = "name") -> str:
    """`term.<field>` in the interface language: a source row shows its translation there
    when one exists; a translation (a row of another locale) always shows its own text."""
    own = getattr(term, field)
    active = active_locale_id()
    if term.locale_id == active or term.locale_id != default_locale_id():
        return own
    return _names(type(term), field).get((str(term.translation_key), active), own)


def localized_names(terms, field: str = "name") -> dict[int, str]:
    """Term id -> its name in the interface language; no query once the process has them."""
    return {term.pk: localized_name(term, field) for term in terms}


def translation_for(source, language_code: str):
    """The translation of `source` in that language (itself when it is in that locale), or
    `source` when there is none. One query (none when the language is the source's)."""
    locale_pk = locale_id_for(language_code)
    if locale_pk is None or locale_pk == source.locale_id:
        return source
    found = (
        type(source)
        .objects.filter(translation_key=source.translation_key, locale_id=locale_pk)
        .first()
    )
    return found or source


@transaction.atomic
def translation_ensure(source: TranslatableMixin, language_code: str, **fields):
    """Create or update the translation of `source` in `language_code` with `fields` (the
    translated texts); other fields are copied from the source on creation. Idempotent.

    Child objects (a certificate template's signatories) are translated by passing them as
    `children={"signatories": [{"role": ...}, ...]}`, in the source's order."""
    children = fields.pop("children", {})
    locale = Locale.objects.get(language_code=language_code)
    model = type(source)
    translation = model.objects.filter(
        translation_key=source.translation_key, locale=locale
    ).first()
    if translation is None:
        translation = source.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.full_clean()
    translation.save()
    for relation, rows in children.items():
        ordered = list(getattr(translation, relation).all())
        for child, values in zip(ordered, rows, strict=False):
            for name, value in values.items():
                setattr(child, name, value)
            child.save()
    return translation
