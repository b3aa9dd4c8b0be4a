"""Rules for the JSON files of a package: h5p.json, each library.json, language files.

The field rules follow H5P core's and Lumi's schemas (h5p-schema.json, library-schema.json).
Every rule returns a list of problems and never raises, so all of them are reported together.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from learning.safeinput import json_parse

from .archive import DAMAGED

JSON_LIMIT = 2 * 1024 * 1024
JSON_DEPTH = 64
MACHINE_NAME = re.compile(r"^[A-Za-z][\w.-]{0,254}$")
MAIN_LIBRARY = re.compile(r"^[$a-zA-Z_][0-9a-zA-Z_.$]{1,254}$")
LIBRARY_FOLDER = re.compile(r"^(?P<name>[A-Za-z][\w.-]*?)-(?P<major>\d+)\.(?P<minor>\d+)$")
TITLE = re.compile(r"^.{1,255}$")
LANGUAGE_CODE = re.compile(r"^[-a-zA-Z]{1,10}$")
LANGUAGE_FILE = re.compile(r"^(-?[a-z]+){1,7}\.json$", re.IGNORECASE)
PRELOADED_JS = re.compile(r"^((\\|/)?[a-zA-Z_\-\s0-9.]+)+\.js$")
PRELOADED_CSS = re.compile(r"^((\\|/)?[a-zA-Z_\-\s0-9.]+)+\.css$")
VERSION_MAX = 99999


def core_api() -> tuple[int, int]:
    """The H5P core API the bundled player provides (settings.SOCLE_H5P_CORE_API, "1.27")."""
    major, _sep, minor = str(getattr(settings, "SOCLE_H5P_CORE_API", "1.27")).partition(".")
    return int(major), int(minor or 0)


def read_json(zf: zipfile.ZipFile, name: str, *, kind=dict):
    """(data, problems): the parsed file, or None and why it could not be read."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None, [_("%(file)s is missing.") % {"file": name}]
    if info.file_size > JSON_LIMIT:
        return None, [_("%(file)s is too large.") % {"file": name}]
    try:
        # Depth, NUL and lone-surrogate limits too: PostgreSQL stores these documents.
        raw = zf.read(info).decode("utf-8-sig")
        data = json_parse(raw, max_bytes=JSON_LIMIT, max_depth=JSON_DEPTH)
    except UnicodeDecodeError:
        return None, [_("%(file)s is not valid JSON.") % {"file": name}]
    except ValidationError as error:
        if error.code == "invalid_json":
            return None, [_("%(file)s is not valid JSON.") % {"file": name}]
        return None, [
            _("%(file)s is not valid JSON: %(reason)s")
            % {"file": name, "reason": " ".join(error.messages)}
        ]
    except DAMAGED:
        return None, [_("%(file)s is damaged in the archive.") % {"file": name}]
    if not isinstance(data, kind):
        if kind is dict:
            return None, [_("%(file)s must hold a JSON object.") % {"file": name}]
        return None, [_("%(file)s must hold a JSON list.") % {"file": name}]
    return data, []


def version(value) -> int | None:
    """A version number as the schemas allow it (0..99999, a number or a digit string)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\d{1,5}", value):
        value = int(value)
    if isinstance(value, int) and 0 <= value <= VERSION_MAX:
        return value
    return None


def dependency_problems(items, where: str) -> list[str]:
    if not isinstance(items, list):
        return [_("%(where)s: preloadedDependencies must be a list.") % {"where": where}]
    problems = []
    for item in items:
        if not isinstance(item, dict) or not all(
            k in item for k in ("machineName", "majorVersion", "minorVersion")
        ):
            problems.append(
                _("%(where)s: a dependency lacks machineName, majorVersion or minorVersion.")
                % {"where": where}
            )
            continue
        name = item["machineName"]
        if not isinstance(name, str) or not MACHINE_NAME.match(name):
            problems.append(
                _("%(where)s: %(name)r is not a valid library name.")
                % {"where": where, "name": name}
            )
        if version(item["majorVersion"]) is None or version(item["minorVersion"]) is None:
            problems.append(
                _("%(where)s: %(name)s has an invalid version number.")
                % {"where": where, "name": name}
            )
    return problems


# --- h5p.json ----------------------------------------------------------------------------------


def _h5p_title(data: dict) -> list[str]:
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        return [_("h5p.json has no %(key)s.") % {"key": "title"}]
    if not TITLE.match(title):
        return [_("h5p.json: the title must be one line of at most 255 characters.")]
    return []


def _h5p_main_library(data: dict) -> list[str]:
    main = data.get("mainLibrary")
    if not isinstance(main, str) or not main.strip():
        return [_("h5p.json has no %(key)s.") % {"key": "mainLibrary"}]
    if not MAIN_LIBRARY.match(main):
        return [_("h5p.json: %(name)r is not a valid library name.") % {"name": main}]
    deps = data.get("preloadedDependencies")
    if isinstance(deps, list) and not any(
        isinstance(d, dict) and d.get("machineName") == main for d in deps
    ):
        return [
            _("h5p.json names %(lib)s as main library but not among its dependencies.")
            % {"lib": main}
        ]
    return []


def _h5p_language(data: dict) -> list[str]:
    language = data.get("language")
    if language is None:
        return [_("h5p.json has no %(key)s.") % {"key": "language"}]
    if not isinstance(language, str) or not LANGUAGE_CODE.match(language):
        return [_("h5p.json: %(value)r is not a language code.") % {"value": language}]
    return []


def _h5p_embed_types(data: dict) -> list[str]:
    embed = data.get("embedTypes")
    if embed is None:
        return [_("h5p.json has no %(key)s.") % {"key": "embedTypes"}]
    if not isinstance(embed, list) or not embed or not set(embed) <= {"div", "iframe"}:
        return [_("h5p.json has invalid embedTypes (a list of “div” and “iframe”).")]
    return []


def _h5p_dependencies(data: dict) -> list[str]:
    if "preloadedDependencies" not in data:
        return [_("h5p.json has no %(key)s.") % {"key": "preloadedDependencies"}]
    return dependency_problems(data["preloadedDependencies"], "h5p.json")


H5P_JSON_RULES: tuple[Callable[[dict], list[str]], ...] = (
    _h5p_title,
    _h5p_language,
    _h5p_main_library,
    _h5p_embed_types,
    _h5p_dependencies,
)


def h5p_json_problems(data: dict) -> list[str]:
    return [message for rule in H5P_JSON_RULES for message in rule(data)]


# --- library.json and the library folder -------------------------------------------------------


def _lib_required(folder: str, meta: dict, names: list[str]) -> list[str]:
    missing = [
        key
        for key in ("title", "machineName", "majorVersion", "minorVersion", "patchVersion")
        if key not in meta
    ]
    if "runnable" not in meta:
        missing.append("runnable")
    if missing:
        return [
            _("%(folder)s/library.json lacks %(keys)s.")
            % {"folder": folder, "keys": ", ".join(missing)}
        ]
    return []


def _lib_fields(folder: str, meta: dict, names: list[str]) -> list[str]:
    problems = []
    name = meta.get("machineName")
    if "machineName" in meta and (not isinstance(name, str) or not MACHINE_NAME.match(name)):
        problems.append(
            _("%(folder)s/library.json: %(name)r is not a valid library name.")
            % {"folder": folder, "name": name}
        )
    title = meta.get("title")
    if "title" in meta and (not isinstance(title, str) or not TITLE.match(title)):
        problems.append(
            _("%(folder)s/library.json: the title must be one line of 1 to 255 characters.")
            % {"folder": folder}
        )
    for key in ("majorVersion", "minorVersion", "patchVersion"):
        if key in meta and (isinstance(meta[key], str) or version(meta[key]) is None):
            problems.append(
                _("%(folder)s/library.json: %(key)s must be a number from 0 to 99999.")
                % {"folder": folder, "key": key}
            )
    if "runnable" in meta and meta["runnable"] not in (0, 1):  # True == 1, False == 0
        problems.append(_("%(folder)s/library.json: runnable must be 0 or 1.") % {"folder": folder})
    for key in ("preloadedDependencies", "dynamicDependencies", "editorDependencies"):
        if key in meta:
            problems.extend(dependency_problems(meta[key], f"{folder}/library.json"))
    return problems


def library_key(meta: dict) -> str | None:
    name = meta.get("machineName")
    major, minor = version(meta.get("majorVersion")), version(meta.get("minorVersion"))
    if not isinstance(name, str) or major is None or minor is None:
        return None
    return f"{name}-{major}.{minor}"


def _lib_folder_name(folder: str, meta: dict, names: list[str]) -> list[str]:
    key = library_key(meta)
    if key is not None and key != folder:
        return [
            _("Folder %(folder)s does not match its library.json (%(lib)s).")
            % {"folder": folder, "lib": key}
        ]
    return []


def _lib_preloaded_files(folder: str, meta: dict, names: list[str]) -> list[str]:
    problems = []
    for kind, pattern in (("preloadedJs", PRELOADED_JS), ("preloadedCss", PRELOADED_CSS)):
        items = meta.get(kind) or []
        if not isinstance(items, list):
            problems.append(
                _("%(folder)s/library.json: %(kind)s must be a list.")
                % {"folder": folder, "kind": kind}
            )
            continue
        for item in items:
            path = item.get("path") if isinstance(item, dict) else None
            if not isinstance(path, str) or not pattern.match(path):
                problems.append(
                    _("%(folder)s/library.json: %(kind)s holds an invalid path %(path)r.")
                    % {"folder": folder, "kind": kind, "path": path}
                )
            elif path.replace("\\", "/").lstrip("/") not in names:
                problems.append(
                    _("%(folder)s lists %(path)s, which is not in the package.")
                    % {"folder": folder, "path": path}
                )
    return problems


def _lib_core_api(folder: str, meta: dict, names: list[str]) -> list[str]:
    wanted = meta.get("coreApi")
    if not isinstance(wanted, dict):
        return []
    major, minor = version(wanted.get("majorVersion")), version(wanted.get("minorVersion"))
    if major is None or minor is None:
        return []
    if (major, minor) > core_api():
        have = "{}.{}".format(*core_api())
        return [
            _("%(folder)s needs H5P core API %(wanted)s; the player here provides %(have)s.")
            % {"folder": folder, "wanted": f"{major}.{minor}", "have": have}
        ]
    return []


LIBRARY_RULES: tuple[Callable[[str, dict, list[str]], list[str]], ...] = (
    _lib_required,
    _lib_fields,
    _lib_folder_name,
    _lib_preloaded_files,
    _lib_core_api,
)
# Checks of the files a library brings; skipped when those files will not be installed.
LIBRARY_FILE_RULES = (_lib_preloaded_files, _lib_core_api)


def library_problems(folder: str, meta: dict, names: list[str], *, files_too: bool) -> list[str]:
    rules = (
        LIBRARY_RULES
        if files_too
        else tuple(r for r in LIBRARY_RULES if r not in LIBRARY_FILE_RULES)
    )
    return [message for rule in rules for message in rule(folder, meta, names)]


def language_problems(zf: zipfile.ZipFile, folder: str, names: list[str]) -> list[str]:
    """Every language/*.json is named by a language code and parses."""
    problems = []
    for rel in names:
        path = PurePosixPath(rel)
        if len(path.parts) != 2 or path.parts[0] != "language":
            continue
        if not LANGUAGE_FILE.match(path.name):
            problems.append(
                _("%(folder)s: language file %(file)s is not named by a language code.")
                % {"folder": folder, "file": path.name}
            )
            continue
        _data, found = read_json(zf, f"{folder}/{rel}")
        problems.extend(found)
    return problems
