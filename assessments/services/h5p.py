"""H5P services: adding a package (validate, then unpack), recording xAPI and saved state."""

from __future__ import annotations

import json
import logging
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from ..h5p import store
from ..h5p.validation import PackageError, package_inspect
from ..models import H5PLibrary, H5PPackage, H5PResult, H5PState, H5PStatement

log = logging.getLogger(__name__)

INSTALL_PERMISSION = "assessments.install_h5plibrary"
SCORED_VERBS = {"answered", "completed", "passed", "failed"}
STATE_LIMIT = 64 * 1024


def _installed() -> dict[str, int]:
    return {
        f"{m}-{a}.{b}": p
        for m, a, b, p in H5PLibrary.objects.values_list(
            "machine_name", "major_version", "minor_version", "patch_version"
        )
    }


def h5p_package_create(
    *, title: str = "", upload, user=None, may_install_libraries: bool | None = None
) -> H5PPackage:
    """Validate an uploaded .h5p completely, then unpack it and record it.

    Refusals raise PackageError (a ValidationError) naming the reason, before any file or row
    is written. Libraries the store lacks, or holds at an older patch, are installed only when
    the uploader may install code (`assessments.install_h5plibrary`, or may_install_libraries).
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    installed = _installed()
    pkg = package_inspect(upload, size=size, installed=installed)
    needed = {ref.key for ref in pkg.needed}
    installs = [
        lib
        for key, lib in pkg.libraries.items()
        if key in needed and (key not in installed or lib.patch > installed[key])
    ]
    if may_install_libraries is None:
        may_install_libraries = bool(user and user.has_perm(INSTALL_PERMISSION))
    if installs and not may_install_libraries:
        raise PackageError(
            _(
                "Refused: this package brings H5P libraries the site does not have yet (or newer "
                "versions): %(libs)s. Libraries are program code; ask an administrator to add them."
            )
            % {"libs": ", ".join(f"{lib.ref} (patch {lib.patch})" for lib in installs)}
        )
    package = H5PPackage(title=(title or pkg.title).strip()[:255], h5p_json=pkg.h5p_json, size=size)
    written: list[str] = []  # private-storage folders (and the archive) to remove on failure
    try:
        _unpack(pkg=pkg, package=package, installs=installs, written=written)
        with transaction.atomic():
            libraries = _libraries_record(installs)
            package.main_library = libraries[pkg.main_library.key]
            package.uploaded_by = user if user and user.is_authenticated else None
            upload.seek(0)
            package.source.save(f"{package.uuid}.h5p", File(upload), save=False)
            written.append(package.source.name)
            package.full_clean(exclude=["source"])
            package.save()
            package.libraries.set([libraries[key] for key in needed])
            # The folders of the patches just replaced go once the new rows are committed.
            old = [
                store.library_prefix(lib.ref.key, installed[lib.ref.key])
                for lib in installs
                if lib.ref.key in installed
            ]
            transaction.on_commit(lambda: [store.delete_tree(prefix) for prefix in old])
    except BaseException:
        for name in reversed(written):
            if name == package.source.name:
                package.source.storage.delete(name)
            else:
                store.delete_tree(name)
        raise
    log.info("H5P package %s added (%s)", package.uuid, package.main_library)
    return package


def _unpack(*, pkg, package: H5PPackage, installs: list, written: list[str]) -> None:
    """Write the package's content and the libraries to install into private storage."""
    zf = pkg.archive
    content = store.content_prefix(package.uuid)
    written.append(content)
    store.extract(zf, pkg.entries["h5p.json"], content, "h5p.json")
    for rel in pkg.content_files:
        store.extract(zf, pkg.entries[f"content/{rel}"], content, f"content/{rel}")
    for lib in installs:
        prefix = store.library_prefix(lib.ref.key, lib.patch)
        store.delete_tree(prefix)  # what an upload that failed half-way may have left
        written.append(prefix)
        for rel in lib.files:
            store.extract(zf, pkg.entries[f"{lib.ref.key}/{rel}"], prefix, rel)


def _libraries_record(installs: list) -> dict[str, H5PLibrary]:
    for lib in installs:
        H5PLibrary.objects.update_or_create(
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
    return {lib.key: lib for lib in H5PLibrary.objects.all()}


def h5p_package_delete(*, package: H5PPackage) -> None:
    """Delete a package and its unpacked content; shared libraries stay."""
    prefix = store.content_prefix(package.uuid)
    source = package.source.name
    storage = package.source.storage
    with transaction.atomic():
        package.delete()
        transaction.on_commit(lambda: (store.delete_tree(prefix), storage.delete(source)))


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

    Results are only ever added: a learner's history of attempts stays complete.
    """
    if not isinstance(statement, dict):
        raise ValidationError(_("The statement must be a JSON object."))
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
    if verb in SCORED_VERBS and score is not None and not has_parent:
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
    return H5PResult.objects.create(
        user=user, package=package, page=page, statement=row, verb=verb, **scored
    )


def h5p_state_save(*, user, package: H5PPackage, data: str) -> H5PState | None:
    """Store the player's state for this learner; an empty value clears it."""
    if data in ("", "RESET", None):
        H5PState.objects.filter(user=user, package=package).delete()
        return None
    if len(data) > STATE_LIMIT:
        raise ValidationError(_("The saved state is too large."))
    try:
        json.loads(data)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The saved state must be JSON.")) from exc
    state, _created = H5PState.objects.update_or_create(
        user=user, package=package, defaults={"data": data}
    )
    return state
