"""Load translated demo content through wagtail-localize, so editors can go on translating it.

A translated content file gives the text of a page in another locale. `page_translate` pairs
the English page's segments (wagtail-localize's `TranslationSource`) one to one with the
segments of an unsaved copy of the page carrying the translated text, stores each pair as a
`StringTranslation` of the locale's `Translation`, and saves the target (a new page, or the
locale's alias converted into a translation). The segment editor then shows the page as
translated; a later change of the English page shows as out of date, as for any translation.
Running twice changes nothing. Snippets get `copy_for_translation` (`snippet_translate`).
"""

from __future__ import annotations

from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .contentfiles import ContentError


def _is_child(value) -> bool:
    return isinstance(value, dict) and {"type", "value", "id"} <= set(value)


def align(source, translated, *, where: str, path: str):
    """`translated` laid over the stored `source` value: the source's structure and block ids,
    the translation's text. Keys the translation omits keep the source's value (settings)."""
    if isinstance(source, list):
        if not isinstance(translated, list) or len(translated) != len(source):
            size = len(translated) if isinstance(translated, list) else "no list"
            raise ContentError(f"{where}: {path} has {len(source)} items in English, {size} here.")
        return [
            align(s, t, where=where, path=f"{path}[{n}]")
            for n, (s, t) in enumerate(zip(source, translated, strict=True))
        ]
    if _is_child(source):
        kind = (
            translated.get("type", source["type"]) if _is_child_like(translated) else source["type"]
        )
        if kind != source["type"]:
            raise ContentError(
                f"{where}: {path} is a {source['type']!r} in English, {kind!r} here."
            )
        inner = translated["value"] if _is_child_like(translated) else translated
        return {**source, "value": align(source["value"], inner, where=where, path=path)}
    if isinstance(source, dict):
        if not isinstance(translated, dict):
            raise ContentError(f"{where}: {path} should be a mapping as in English.")
        return {
            key: align(value, translated[key], where=where, path=f"{path}.{key}")
            if key in translated
            else value
            for key, value in source.items()
        }
    return translated


def _is_child_like(value) -> bool:
    return isinstance(value, dict) and {"type", "value"} <= set(value)


def with_kept(source: StreamValue, blocks: list, kept: set[str], *, where: str, field: str):
    """The translated raw stream with the source's blocks of a `kept` type (content a file
    cannot hold: case-study cards, H5P) put back where they are, and the segment paths to
    leave untranslated. `blocks` are (type, value) pairs in the file's order."""
    merged, keep, given = [], [], iter(blocks)
    for child in source.get_prep_value():
        if child["type"] in kept:
            merged.append(child)
            keep.append(f"{field}.{child['id']}")
            continue
        block = next(given, None)
        if block is None:
            raise ContentError(f"{where}: fewer blocks than in English ({child['type']!r} lacks).")
        merged.append({"type": block[0], "value": block[1]})
    if next(given, None) is not None:
        raise ContentError(f"{where}: more blocks than in English.")
    return merged, keep


def _draft(source_page: Page, fields: dict, where: str) -> Page:
    """An unsaved copy of the English page carrying the translated fields."""
    draft = type(source_page).objects.get(pk=source_page.pk)
    for name, value in fields.items():
        current = getattr(draft, name)
        if isinstance(current, StreamValue):
            raw = align(current.get_prep_value(), value, where=where, path=name)
            value = StreamValue(current.stream_block, raw, is_lazy=True)
        setattr(draft, name, value)
    return draft


def _source(page: Page) -> TranslationSource:
    source, created = TranslationSource.get_or_create_from_instance(page)
    strings = [s for s in extract_segments(page) if isinstance(s, StringSegmentValue)]
    stored = source.stringsegment_set.select_related("string", "context").order_by("order")
    if not created and [(s.path, s.string.data) for s in strings] != [
        (s.context.path, s.string.data) for s in stored
    ]:
        source, _ = TranslationSource.update_or_create_from_instance(page)
    return source


def _pairs(source, draft, where: str) -> list[tuple[StringSegment, str]]:
    stored = list(
        StringSegment.objects.filter(source=source)
        .select_related("string", "context")
        .order_by("order")
    )
    mine = [s for s in extract_segments(draft) if isinstance(s, StringSegmentValue)]
    english, here = [s.context.path for s in stored], [s.path for s in mine]
    if english != here:
        at = next(
            (n for n, (a, b) in enumerate(zip(english, here, strict=False)) if a != b),
            min(len(english), len(here)),
        )
        raise ContentError(
            f"{where}: the text does not match the English structure at segment {at + 1} "
            f"(English: {english[at] if at < len(english) else 'nothing'}, "
            f"here: {here[at] if at < len(here) else 'nothing'}); "
            f"{len(english)} text segments in English, {len(here)} here."
        )
    return [(s, m.string.data) for s, m in zip(stored, mine, strict=True)]


def page_translate(source_page: Page, locale: Locale, fields: dict, *, where: str, keep=()) -> str:
    """Create or update the translation of `source_page` into `locale` from `fields` (the
    translated values, StreamFields as raw blocks without ids). Segments whose path starts
    with one of `keep` stay untranslated (content the file cannot hold). 'created', 'updated'
    or 'unchanged'. Raises ContentError, before writing anything, when the structure differs."""
    source_page = source_page.specific
    draft = _draft(source_page, fields, where)
    source = _source(source_page)
    pairs: dict = {}
    for segment, data in _pairs(source, draft, where):
        if not any(segment.context.path.startswith(prefix) for prefix in keep):
            # One translation per string and place: a repeated string keeps its first one.
            pairs.setdefault((segment.string_id, segment.context_id), (segment, data))
    translation, created = Translation.objects.get_or_create(source=source, target_locale=locale)
    existing = {
        (t.translation_of_id, t.context_id): t
        for t in StringTranslation.objects.filter(locale=locale, context__object=source.object)
    }
    changed = False
    for key, (segment, data) in pairs.items():
        found = existing.get(key)
        if found is None:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=data,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
            changed = True
        elif found.data != data:
            found.data, found.has_error = data, False
            found.save(update_fields=["data", "has_error", "updated_at"])
            changed = True
    target = source_page.get_translation_or_none(locale)
    if not changed and target is not None and target.alias_of_id is None:
        return "unchanged"
    translation.save_target(publish=True)
    return "created" if target is None or target.alias_of_id else "updated"


def snippet_translate(source, locale: Locale, fields: dict):
    """The translation of snippet `source` into `locale` with `fields` set (created by
    `copy_for_translation` when missing, saved only when something differs), and whether it
    was written; (None, False) while the snippet's model is not translatable."""
    if not issubclass(type(source), TranslatableMixin):
        return None, False
    target = source.get_translation_or_none(locale)
    created = target is None
    if created:
        target = source.copy_for_translation(locale)
    changed = [name for name, value in fields.items() if getattr(target, name) != value]
    for name in changed:
        setattr(target, name, fields[name])
    if created or changed:
        target.save()
    return target, bool(created or changed)


def translatable(model) -> bool:
    """Whether snippets of `model` can have translations (TranslatableMixin)."""
    return issubclass(model, TranslatableMixin)


def page_counts() -> dict[str, tuple[int, int]]:
    """Per non-default locale: (translated pages, alias pages)."""
    counts = {}
    for locale in Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code"):
        pages = Page.objects.filter(locale=locale, depth__gt=1)
        aliases = pages.filter(alias_of__isnull=False).count()
        counts[locale.language_code] = (pages.count() - aliases, aliases)
    return counts
