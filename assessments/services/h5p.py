"""H5P services: adding a package (validate, then unpack), recording xAPI and saved state."""

from __future__ import annotations

import json
import logging
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from courses.services import step_access_assert, step_complete_through_result
from learning.audit import audit_record
from learning.locales import source_page
from learning.models import AuditAction
from learning.safeinput import json_parse
from learning.storage import private_storage

from ..h5p import plan, store
from ..h5p.archive import DAMAGED
from ..h5p.content_filter import content_filter
from ..h5p.validation import PackageError, package_inspect
from ..models import H5PLibrary, H5PPackage, H5PResult, H5PState, H5PStatement
from ..selectors import h5p_required_packages

log = logging.getLogger(__name__)

INSTALL_PERMISSION = "assessments.install_h5plibrary"
SCORED_VERBS = {"answered", "completed", "passed", "failed"}
STATE_LIMIT = 64 * 1024


class LibraryUpdateUnconfirmed(PackageError):
    """The package would replace libraries other packages use; the uploader must confirm.

    `changes` lists every library change (see `h5p.plan`), for the confirmation screen.
    """

    def __init__(self, message, changes):
        super().__init__(message)
        self.changes = changes


def _names(items) -> str:
    return ", ".join(str(i) for i in items) or _("none")


def describe_change(change: plan.LibraryChange) -> str:
    """One sentence per library change, for the uploader (admin form, command, audit)."""
    lib = change.library
    if change.kind == plan.UPDATE:
        return _(
            "%(lib)s will be updated from patch %(old)s to %(new)s for every package that "
            "uses it. Packages that will change: %(packages)s. Lessons that will change: "
            "%(pages)s."
        ) % {
            "lib": lib.ref,
            "old": change.installed_patch,
            "new": lib.patch,
            "packages": _names(change.packages),
            "pages": _names(p.title for p in change.pages),
        }
    if change.kind == plan.SAME_VERSION_DIFFERS:
        return _(
            "Warning: %(lib)s patch %(patch)s is already installed with different files "
            "(%(files)s); the installed files are kept. A changed library needs a new patch "
            "version."
        ) % {"lib": lib.ref, "patch": lib.patch, "files": _names(change.changed_files)}
    return ""


def _filtered_content(pkg, changes, installed: dict[str, int]) -> dict:
    """content.json filtered by the semantics the store will hold once this package is in."""
    installs = {c.library.ref.key for c in changes if c.installs}

    def semantics_of(key: str):
        lib = pkg.libraries.get(key)
        if lib is not None and (key in installs or key not in installed):
            return lib.semantics
        if key not in installed:
            return None
        name = store.file_name(store.library_prefix(key, installed[key]), "semantics.json")
        if name is None:
            return None
        try:
            with private_storage.open(name, "rb") as handle:
                data = json.loads(handle.read().decode("utf-8-sig"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, list) else None

    return content_filter(
        pkg.content_json, semantics=semantics_of(pkg.main_library.key), semantics_of=semantics_of
    )


def _check_installs(changes, *, may_install: bool, confirmed: bool) -> None:
    installs = [c for c in changes if c.installs]
    if installs and not may_install:
        raise PackageError(
            _(
                "This package brings H5P libraries the site does not have yet (or newer "
                "versions): %(libs)s. Libraries are program code; ask an administrator to add them."
            )
            % {"libs": ", ".join(f"{c.library.ref} (patch {c.library.patch})" for c in installs)}
        )
    if any(c.kind == plan.UPDATE for c in changes) and not confirmed:
        raise LibraryUpdateUnconfirmed(
            [
                describe_change(c)
                for c in changes
                if c.kind in (plan.UPDATE, plan.SAME_VERSION_DIFFERS)
            ]
            + [_("Confirm the library update to add this package.")],
            changes,
        )


def h5p_package_create(
    *,
    title: str = "",
    upload,
    user=None,
    may_install_libraries: bool | None = None,
    confirm_library_updates: bool = False,
    notes: list[str] | None = None,
    request=None,
) -> H5PPackage:
    """Validate an uploaded .h5p completely, then unpack it and record it.

    Refusals raise PackageError (a ValidationError) listing every reason, before any file or
    row is written. Libraries the store lacks, or holds at an older patch, are installed only
    when the uploader may install code (`assessments.install_h5plibrary`, or
    may_install_libraries); replacing an older patch also needs `confirm_library_updates`
    (else LibraryUpdateUnconfirmed says what would change). Warnings (a library with the
    installed patch number but other files) are appended to `notes`. content.json is stored
    filtered by the libraries' semantics.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    installed = plan.installed_patches()
    pkg = package_inspect(upload, size=size, installed=installed)
    changes = plan.library_changes(pkg=pkg, installed=installed)
    if may_install_libraries is None:
        may_install_libraries = bool(user and user.has_perm(INSTALL_PERMISSION))
    _check_installs(changes, may_install=may_install_libraries, confirmed=confirm_library_updates)
    if notes is not None:
        notes.extend(describe_change(c) for c in changes if c.kind == plan.SAME_VERSION_DIFFERS)
    content = _filtered_content(pkg, changes, installed)
    package = H5PPackage(title=(title or pkg.title).strip()[:255], h5p_json=pkg.h5p_json, size=size)
    written: list[str] = []  # private-storage folders (and the archive) to remove on failure
    try:
        _unpack(pkg=pkg, package=package, changes=changes, content=content, written=written)
        with transaction.atomic():
            _record(package, pkg, changes, upload=upload, user=user, request=request)
            written.append(str(package.source.name))
            # The folders of the patches just replaced go once the new rows are committed.
            old = [
                store.library_prefix(c.library.ref.key, c.installed_patch)
                for c in changes
                if c.kind == plan.UPDATE and c.installed_patch is not None
            ]
            transaction.on_commit(lambda: _delete_trees(old))
    except BaseException:
        for name in reversed(written):
            if name == package.source.name:
                package.source.storage.delete(name)
            else:
                store.delete_tree(name)
        raise
    log.info("H5P package %s added (%s)", package.uuid, package.main_library)
    return package


def _unpack(*, pkg, package: H5PPackage, changes, content: dict, written: list[str]) -> None:
    """Write the package's content (content.json filtered) and the libraries to install into
    private storage; a member damaged after all is a refusal, not a crash."""
    zf = pkg.archive
    prefix = store.content_prefix(package.uuid)
    written.append(prefix)
    try:
        store.extract(zf, pkg.entries["h5p.json"], prefix, "h5p.json")
        store.write(prefix, "content/content.json", json.dumps(content, ensure_ascii=False))
        for rel in pkg.content_files:
            if rel != "content.json":
                store.extract(zf, pkg.entries[f"content/{rel}"], prefix, f"content/{rel}")
        for change in changes:
            if not change.installs:
                continue
            lib = change.library
            lib_prefix = store.library_prefix(lib.ref.key, lib.patch)
            store.delete_tree(lib_prefix)  # what an upload that failed half-way may have left
            written.append(lib_prefix)
            for rel in lib.files:
                store.extract(zf, pkg.entries[f"{lib.ref.key}/{rel}"], lib_prefix, rel)
    except DAMAGED as exc:
        raise PackageError(_("The archive is damaged; it could not be unpacked.")) from exc


def _record(package, pkg, changes, *, upload, user, request) -> None:
    """The rows: libraries installed or updated (audited), the package and its links."""
    actor = user if user and user.is_authenticated else None
    for change in changes:
        if not change.installs:
            continue
        lib = change.library
        row, _created = H5PLibrary.objects.update_or_create(
            machine_name=lib.ref.machine_name,
            major_version=lib.ref.major,
            minor_version=lib.ref.minor,
            defaults={
                "patch_version": lib.patch,
                "title": str(lib.meta.get("title", ""))[:255],
                "runnable": bool(lib.meta.get("runnable")),
                "metadata": lib.meta,
            },
        )
        audit_record(
            actor=actor,
            action=AuditAction.H5P_LIBRARY_INSTALL,
            target=row,
            detail={
                "library": lib.ref.key,
                "from_patch": change.installed_patch,
                "to_patch": lib.patch,
                "package": str(package.uuid),
                "packages_changed": [str(p.uuid) for p in change.packages],
                "pages_changed": [p.pk for p in change.pages],
            },
            request=request,
        )
    libraries = {lib.key: lib for lib in H5PLibrary.objects.all()}
    package.main_library = libraries[pkg.main_library.key]
    package.uploaded_by = actor
    upload.seek(0)
    package.source.save(f"{package.uuid}.h5p", File(upload), save=False)
    package.full_clean(exclude=["source"])
    package.save()
    package.libraries.set([libraries[ref.key] for ref in pkg.needed])


def h5p_package_delete(*, package: H5PPackage) -> None:
    """Delete a package and its unpacked content; shared libraries stay."""
    prefix = store.content_prefix(package.uuid)
    source = package.source.name
    storage = package.source.storage

    def delete_files() -> None:
        store.delete_tree(prefix)
        if source:
            storage.delete(source)

    with transaction.atomic():
        package.delete()
        transaction.on_commit(delete_files)


def _number(value, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValidationError(_("result.score.%(name)s must be a number.") % {"name": name})
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError(
            _("result.score.%(name)s must be a number.") % {"name": name}
        ) from exc
    if not number.is_finite():
        raise ValidationError(_("result.score.%(name)s must be a number.") % {"name": name})
    return number


def _optional_bool(value, name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ValidationError(_("result.%(name)s must be true or false.") % {"name": name})


@transaction.atomic
def h5p_statement_record(*, user, package: H5PPackage, page, statement: dict) -> H5PResult | None:
    """Keep an xAPI statement; a top-level scored one also adds an H5PResult (self-reported).

    Results are only ever added: a learner's history of attempts stays complete. Inside a
    course the learner must be allowed to study the page now (enrolled, not locked); a passing
    result may complete the lesson that requires it (see `_lesson_complete_if_passed`).
    """
    if not isinstance(statement, dict):
        raise ValidationError(_("The statement must be a JSON object."))

    played = page
    if page is not None:  # a package played outside any page completes nothing
        # One record across languages: results count for the source lesson, whichever
        # language's page (and package: a translation may place its own) was played.
        page = source_page(page)
        step_access_assert(user=user, step=page)
    verb_id = (
        (statement.get("verb") or {}).get("id") if isinstance(statement.get("verb"), dict) else None
    )
    if not isinstance(verb_id, str) or not verb_id.startswith(("http://", "https://")):
        raise ValidationError(_("The statement has no verb id."))
    verb = verb_id.rstrip("/").rsplit("/", 1)[-1][:20]
    context = statement.get("context") if isinstance(statement.get("context"), dict) else {}
    activities = context.get("contextActivities") if isinstance(context, dict) else None
    has_parent = bool(isinstance(activities, dict) and activities.get("parent"))
    result = statement.get("result") if isinstance(statement.get("result"), dict) else None
    score = result.get("score") if result and isinstance(result.get("score"), dict) else None

    scored = None
    if verb in SCORED_VERBS and result is not None and score is not None and not has_parent:
        raw = _number(score.get("raw"), "raw")
        top = _number(score.get("max"), "max")
        low = _number(score.get("min", 0), "min")
        if low != 0 or top <= 0 or not (0 <= raw <= top) or top > Decimal("1000000"):
            raise ValidationError(_("The score is out of range (0 ≤ raw ≤ max, max > 0)."))
        scored = {
            "score_raw": raw,
            "score_max": top,
            "scaled": (raw / top).quantize(Decimal("0.0001")),
            "success": _optional_bool(result.get("success"), "success"),
            "completion": _optional_bool(result.get("completion"), "completion"),
        }
    row = H5PStatement.objects.create(
        user=user, package=package, page=page, verb=verb, statement=statement
    )
    if scored is None:
        return None
    result = H5PResult.objects.create(
        user=user, package=package, page=page, statement=row, verb=verb, **scored
    )
    _lesson_complete_if_passed(user=user, package=package, page=page, played=played)
    return result


def _lesson_complete_if_passed(*, user, package: H5PPackage, page, played) -> None:
    """Complete a lesson once every activity it requires has a passing result *in it*: its
    H5P activities and any other app's (each answers `step_completion_requirements`).
    `played` is the page in the learner's language, which may place another package."""
    if page is None:
        return
    if package.pk in h5p_required_packages(played) or package.pk in h5p_required_packages(page):
        step_complete_through_result(user=user, step=page)


def _delete_trees(prefixes: list[str]) -> None:
    for prefix in prefixes:
        store.delete_tree(prefix)


def h5p_state_save(*, user, package: H5PPackage, data: str) -> H5PState | None:
    """Store the player's state for this learner; an empty value clears it."""
    if data in ("", "RESET", None):
        H5PState.objects.filter(user=user, package=package).delete()
        return None
    if not isinstance(data, str):
        raise ValidationError(_("The saved state must be a JSON string."))
    if len(data) > STATE_LIMIT:
        raise ValidationError(_("The saved state is too large."))
    try:
        json_parse(data, max_bytes=STATE_LIMIT)
    except ValidationError as exc:
        raise ValidationError(
            _("The saved state must be JSON: %(reason)s") % {"reason": " ".join(exc.messages)}
        ) from exc
    state, _created = H5PState.objects.update_or_create(
        user=user, package=package, defaults={"data": data}
    )
    return state
