"""Uploading a PO file into a wagtail-localize translation, checked as a whole first.

wagtail-localize's own upload answers 500 to a file without its translation header and
applies the known entries of a file that also has unknown or broken ones. This view takes its
URL (`wagtail_localize:upload_pofile`, see `wagtail_hooks.py`) and refuses the whole file,
with the reasons, unless every entry is a segment of the translation's source with a usable
translation; then it applies them all in one transaction through `Translation.import_po`.
Decision: docs/decisions/learning-po-import.md.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser

import polib
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail_localize.models import StringSegment, Translation
from wagtail_localize.strings import StringValue, extract_ids, validate_translation_links
from wagtail_localize.views.edit_translation import user_can_edit_instance

MAX_BYTES = 2 * 1024 * 1024
HEADER = "X-WagtailLocalize-TranslationID"
TOOL_NAME = "PO File"
SHOWN_PROBLEMS = 5
VOID_TAGS = {"br", "wbr"}


class Refused(Exception):
    """The file as a whole cannot be imported; the message says why."""


@dataclass
class Checked:
    """A file that passed every check: the entries to apply and the count left empty."""

    entries: list[polib.POEntry] = field(default_factory=list)
    empty: int = 0


class _Tags(HTMLParser):
    """The start tags of a fragment, and whether they close in order (BeautifulSoup, which
    wagtail-localize reads strings with, would silently repair them)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.started: list[tuple[str, dict]] = []
        self.open: list[str] = []
        self.broken = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.started.append((tag, dict(attrs)))
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and (not self.open or self.open.pop() != tag):
            self.broken = True


def markup_problem(source: str, translated: str) -> str | None:
    """Why `translated` cannot stand for the source segment `source`, or None: inline tags
    only, closed in order, and every link of the source (`<a id="a1">`) kept exactly once."""
    try:
        StringValue.from_translated_html(translated)
        validate_translation_links(source, translated)
    except ValueError as error:
        return str(error)
    tags = _Tags(translated)
    if tags.broken or tags.open:
        return _("its HTML tags are not closed in order")
    wanted = sorted(extract_ids(source))
    links = [str(attrs.get("id")) for tag, attrs in tags.started if tag == "a"]
    if sorted(links) != wanted:
        return _("it must keep each link of the source once, with its id (%(ids)s)") % {
            "ids": ", ".join(wanted) or "-"
        }
    return None


def parse(content: bytes) -> polib.POFile:
    """The PO file in `content`, or Refused (size, encoding, syntax)."""
    if len(content) > MAX_BYTES:
        raise Refused(
            _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(_("The file is not UTF-8 text.")) from error
    if "\x00" in text:
        raise Refused(_("The file is not a PO file."))
    # polib reads a *path* when given a string that names an existing file: never hand it
    # the uploaded text, hand it a file of ours.
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".po", delete=False) as f:
        f.write(text)
    try:
        return polib.pofile(f.name, encoding="utf-8")
    except (OSError, ValueError, IndexError) as error:
        raise Refused(_("The file is not a PO file.")) from error
    finally:
        with contextlib.suppress(OSError):
            os.unlink(f.name)


def check(po: polib.POFile, translation: Translation) -> Checked:
    """Every entry of `po` checked against the translation's source; Refused listing the
    problems when any entry is wrong."""
    uuid = po.metadata.get(HEADER)
    if not uuid:
        raise Refused(
            _("The file has no %(header)s header: download the PO file again and keep it.")
            % {"header": HEADER}
        )
    if uuid.strip() != str(translation.uuid):
        raise Refused(_("The file was made for another translation."))
    segments = {
        (s.string.data, s.context.path): s.string.data
        for s in StringSegment.objects.filter(source=translation.source).select_related(
            "string", "context"
        )
    }
    checked, seen, problems = Checked(), set(), []
    for entry in po:
        if entry.obsolete:  # kept by the export for reference; never applied
            continue
        key = (entry.msgid, entry.msgctxt)
        where = _("line %(line)d (“%(text)s”)") % {
            "line": entry.linenum,
            "text": entry.msgid[:40],
        }
        if key not in segments:
            problems.append(_("%(where)s: not a text of this page or snippet") % {"where": where})
        elif key in seen:
            problems.append(_("%(where)s: appears twice") % {"where": where})
        elif not entry.msgstr:
            checked.empty += 1
        elif problem := markup_problem(segments[key], entry.msgstr):
            problems.append(_("%(where)s: %(problem)s") % {"where": where, "problem": problem})
        else:
            checked.entries.append(entry)
        seen.add(key)
    if problems:
        shown = "; ".join(problems[:SHOWN_PROBLEMS])
        if len(problems) > SHOWN_PROBLEMS:
            shown += " " + _("(and %(count)d more)") % {"count": len(problems) - SHOWN_PROBLEMS}
        raise Refused(
            ngettext(
                "%(count)d entry is wrong: %(problems)s.",
                "%(count)d entries are wrong: %(problems)s.",
                len(problems),
            )
            % {"count": len(problems), "problems": shown}
        )
    return checked


def apply(translation: Translation, checked: Checked, user) -> None:
    """All the checked entries, or none: one transaction, one import at a time per
    translation (a second upload waits for the first)."""
    po = polib.POFile()
    po.metadata = {HEADER: str(translation.uuid)}
    po.extend(checked.entries)
    with transaction.atomic():
        Translation.objects.select_for_update().filter(pk=translation.pk).first()
        if translation.import_po(po, user=user, tool_name=TOOL_NAME):
            # The source changed between the check and now: apply nothing.
            raise Refused(_("The page or snippet changed meanwhile: upload the file again."))


@require_POST
def upload_pofile(request, translation_id):
    """wagtail-localize's `upload_pofile`, with the same permission (editing the target)."""
    translation = get_object_or_404(Translation, id=translation_id)
    try:
        instance = translation.get_target_instance()
    except ObjectDoesNotExist as error:
        raise Http404 from error
    if not user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise Refused(_("Choose a PO file to upload."))
        if upload.size > MAX_BYTES:
            raise Refused(
                _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)}
            )
        checked = check(parse(upload.read(MAX_BYTES + 1)), translation)
        apply(translation, checked, request.user)
    except Refused as refusal:
        messages.error(request, _("Nothing was imported. %(reason)s") % {"reason": refusal})
    else:
        applied = ngettext(
            "Imported %(count)d translated text from the PO file.",
            "Imported %(count)d translated texts from the PO file.",
            len(checked.entries),
        ) % {"count": len(checked.entries)}
        if checked.empty:
            applied += " " + ngettext(
                "%(count)d text was left untranslated (empty).",
                "%(count)d texts were left untranslated (empty).",
                checked.empty,
            ) % {"count": checked.empty}
        messages.success(request, applied)
    return redirect(
        get_valid_next_url_from_request(request)
        or AdminURLFinder(request.user).get_edit_url(instance)
        or reverse("wagtailadmin_home")
    )
