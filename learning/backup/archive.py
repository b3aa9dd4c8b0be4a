"""Creating and restoring a backup folder (see the package docstring for its layout)."""

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import File
from django.core.files.storage import storages
from django.utils import timezone

from certificates import keys

from . import caches, database

MANIFEST = "manifest.json"
KEY_FILE = "keys/openbadges.pem"  # the key of OPENBADGES_SIGNING_KEY
KEY_DIR = "keys/openbadges"  # the key folder's files, one per kid
FORMAT = 1


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def storage_aliases() -> list[str]:
    """Every configured storage but the static files, which `collectstatic` rebuilds."""
    return [alias for alias in settings.STORAGES if alias != "staticfiles"]


def _walk(storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield str(PurePosixPath(folder, name)) if folder else name
    for sub in folders:
        yield from _walk(storage, str(PurePosixPath(folder, sub)) if folder else sub)


def _safe_member(root: Path, name: str) -> Path:
    """A path inside `root` for a manifest entry; refuses traversal from a forged manifest."""
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()):
        raise BackupError(f"The manifest names a file outside the backup: {name!r}.")
    return path


def _signing_keys() -> dict[str, bytes]:
    """Backup member -> content of every Open Badges private key this site holds: the key
    folder's files (one per kid), and the environment's key where one is set. The public
    halves of all keys, retired ones included, are rows of the database."""
    keys.current_key()  # creates the development key once, as first use would
    found = {f"{KEY_DIR}/{path.name}": path.read_bytes() for path in keys.private_key_files()}
    pem = os.environ.get(keys.ENV_VAR, "").strip()
    if pem:
        found[KEY_FILE] = pem.encode()
    return found


def backup_create(*, target: Path) -> dict:
    """Write a complete backup into the empty or new folder `target`; returns the manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; choose a new folder for each backup.")
    target.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"format": FORMAT, "created_at": timezone.now().isoformat(), "files": {}}

    db_file = database.dump_filename()
    database.dump(target / db_file)
    manifest["database"] = {"vendor": database.vendor(), "file": db_file}
    manifest["files"][db_file] = _sha256(target / db_file)

    manifest["storages"] = {}
    for alias in storage_aliases():
        storage = storages[alias]
        names = sorted(_walk(storage))
        for name in names:
            member = f"storage/{alias}/{name}"
            path = _safe_member(target, member)
            path.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, path.open("wb") as out:
                for chunk in iter(lambda source=source: source.read(1 << 20), b""):
                    out.write(chunk)
            manifest["files"][member] = _sha256(path)
        manifest["storages"][alias] = names

    for member, pem in _signing_keys().items():
        key_path = _safe_member(target, member)
        key_path.parent.mkdir(parents=True, exist_ok=True)
        key_path.write_bytes(pem)
        key_path.chmod(0o600)
        manifest["files"][member] = _sha256(key_path)

    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} holds no readable {MANIFEST}: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not a Socle backup of format {FORMAT}.")
    return manifest


def backup_verify(*, source: Path) -> dict:
    """Check every file against the manifest; raises BackupError naming each bad file."""
    source = Path(source)
    manifest = _read_manifest(source)
    problems = []
    for member, expected in sorted(manifest.get("files", {}).items()):
        path = _safe_member(source, member)
        if not path.is_file():
            problems.append(f"{member} is missing")
        elif _sha256(path) != expected:
            problems.append(f"{member} does not match its checksum")
    if manifest.get("database", {}).get("vendor") != database.vendor():
        problems.append(
            f"the backup is of a {manifest.get('database', {}).get('vendor')} database, "
            f"this site runs {database.vendor()}"
        )
    if problems:
        raise BackupError("The backup cannot be restored: " + "; ".join(problems) + ".")
    return manifest


def _restore_storages(source: Path, manifest: dict) -> None:
    for alias, names in manifest.get("storages", {}).items():
        if alias not in settings.STORAGES:
            raise BackupError(f"The backup has files for storage {alias!r}, not configured here.")
        storage = storages[alias]
        wanted = set(names)
        for name in sorted(set(_walk(storage)) - wanted):
            storage.delete(name)
        for name in names:
            path = _safe_member(source, f"storage/{alias}/{name}")
            if storage.exists(name):
                storage.delete(name)
            with path.open("rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"Storage {alias!r} saved {name!r} as {saved!r}.")


def _restore_keys(source: Path, manifest: dict) -> list[str]:
    done = []
    members = sorted(manifest.get("files", {}))
    folder = [member for member in members if member.startswith(f"{KEY_DIR}/")]
    for member in folder:
        pem = _safe_member(source, member).read_bytes()
        keys.private_key_restore(PurePosixPath(member).name, pem)
    if folder:
        done.append(f"{len(folder)} signing key(s) written to {keys.key_dir()}.")
    if KEY_FILE in members:
        done.append(_restore_env_key(source))
    keys.reset_cache()
    return done


def _restore_env_key(source: Path) -> str:
    """Production: the key is the environment's, which a restore cannot change. Compares the
    two by kid (never printing either key) and says what to do when they differ."""
    pem = (source / KEY_FILE).read_bytes()
    env_pem = os.environ.get(keys.ENV_VAR, "").strip()
    if env_pem:
        try:
            expected = keys.kid_of_pem(pem, KEY_FILE)
            found = keys.kid_of_pem(env_pem.encode(), keys.ENV_VAR)
        except ImproperlyConfigured as error:
            return f"WARNING: {error} The signing key was not checked."
        if found != expected:
            return (
                f"WARNING: {keys.ENV_VAR} holds the key {found}, not the backup's signing key "
                f"{expected}. Credentials issued before were signed with {expected} and will "
                f"not verify with this key (only through {expected}'s public half, which the "
                f"restored database keeps), and the site would sign from now on with {found}. "
                f"To go on signing with {expected}, set {keys.ENV_VAR} on every app server and "
                f"worker to the content of {source / KEY_FILE} and restart them."
            )
        return f"The signing key in {keys.ENV_VAR} is the backup's ({expected})."
    # A backup made before the key history (development): the Ed25519 key of that time.
    path = keys.legacy_key_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pem)
    path.chmod(0o600)
    return f"The signing key was written to {path}."


def backup_restore(*, source: Path) -> list[str]:
    """Restore the backup in `source` over this site; returns what was done, line by line."""
    source = Path(source)
    manifest = backup_verify(source=source)
    done = []
    renditions = caches.rendition_cache_keys()  # those of the database about to be replaced
    database.load(source / manifest["database"]["file"])
    done.append(f"Database restored from {manifest['database']['file']}.")
    _restore_storages(source, manifest)
    count = sum(len(names) for names in manifest.get("storages", {}).values())
    done.append(f"{count} files restored to storage.")
    done.extend(_restore_keys(source, manifest))
    # What was cached from the old data becomes unreachable, on every app server and worker;
    # the rest of the shared cache (sessions, rate-limit counters) stays.
    done.append(caches.caches_forget(renditions))
    return done
