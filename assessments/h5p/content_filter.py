"""Filter content/content.json against the libraries' semantics.json, as H5P core does.

H5P content types insert their parameters into the page as HTML, so what an editor exported
is filtered before it is stored: HTML text fields keep only the tags their semantics allow
(through nh3, a binding of the Rust sanitizer ammonia), plain text is escaped, numbers,
booleans and selects are checked against the semantics, and unknown fields are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3

# Always allowed in an HTML field, as in H5P core; plus a small safe set when the semantics
# name no tags at all.
BASE_TAGS = {"div", "span", "p", "br"}
DEFAULT_TAGS = BASE_TAGS | {"strong", "em", "b", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "a"}
# Never allowed, whatever a library's semantics say.
FORBIDDEN_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
    "input", "button", "textarea", "select", "option", "link", "meta", "base", "svg", "math",
    "template", "noscript", "img", "video", "audio", "source", "canvas",
}  # fmt: skip
# Dropped with their content, not only their tags.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "template", "noscript", "textarea"}
URL_SCHEMES = {"http", "https", "mailto"}
TEXT_ATTRIBUTES = {"dir", "lang", "title"}
TAG_ATTRIBUTES = {
    "a": {"href", "target"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
FILE_KEYS = {"path", "mime", "width", "height", "copyright", "codecs", "quality"}
SUBCONTENT_ID = re.compile(r"^[0-9a-fA-F-]{1,64}$")
ENTITY = re.compile(r"&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
LIBRARY_STRING = re.compile(r"^(?P<name>[A-Za-z][\w.-]*) (?P<major>\d+)\.(?P<minor>\d+)$")

SemanticsOf = Callable[[str], "list | None"]
DROP = object()  # a value that does not survive filtering


def escape_text(value: str) -> str:
    """Plain text as H5P core stores it: htmlspecialchars(ENT_QUOTES), no double encoding."""
    value = ENTITY.sub("&amp;", value)
    return (
        value.replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#039;")
    )


def _allowed_tags(semantics: dict) -> set[str]:
    listed = semantics.get("tags")
    if not isinstance(listed, list):
        return set(DEFAULT_TAGS)
    tags = BASE_TAGS | {t.lower() for t in listed if isinstance(t, str)}
    if "table" in tags:
        tags |= {"tr", "td", "th", "colgroup", "thead", "tbody", "tfoot", "caption"}
    if "b" in tags:
        tags.add("strong")
    if "i" in tags:
        tags.add("em")
    if tags & {"ul", "ol"}:
        tags.add("li")
    if tags & {"del", "strike"}:
        tags.add("s")
    return tags - FORBIDDEN_TAGS


def _style_properties(semantics: dict) -> set[str]:
    font = semantics.get("font") if isinstance(semantics.get("font"), dict) else {}
    props = {"text-align"}
    for key, prop in (
        ("size", "font-size"),
        ("family", "font-family"),
        ("color", "color"),
        ("background", "background-color"),
    ):
        if font.get(key):
            props.add(prop)
    return props


def clean_html(value: str, semantics: dict) -> str:
    tags = _allowed_tags(semantics)
    # `style` only where the semantics offer font settings, and then only those properties.
    styled = isinstance(semantics.get("font"), dict)
    attributes = {"*": set(TEXT_ATTRIBUTES) | ({"style"} if styled else set())}
    attributes.update({tag: attrs for tag, attrs in TAG_ATTRIBUTES.items() if tag in tags})
    return nh3.clean(
        value,
        tags=tags,
        attributes=attributes,
        url_schemes=URL_SCHEMES,
        filter_style_properties=_style_properties(semantics) if styled else None,
        link_rel="noopener noreferrer",
        clean_content_tags=DROPPED_WITH_CONTENT,
    )


def _text(value, semantics: dict, _semantics_of):
    if not isinstance(value, str):
        return DROP
    if semantics.get("widget") == "html" or isinstance(semantics.get("tags"), list):
        value = clean_html(value, semantics)
    else:
        value = escape_text(value)
    max_length = semantics.get("maxLength")
    if isinstance(max_length, int) and len(value) > max_length:
        value = value[:max_length]
    return value


def _number(value, semantics: dict, _semantics_of):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return DROP
    low, high = semantics.get("min"), semantics.get("max")
    if isinstance(low, int | float) and value < low:
        value = low
    if isinstance(high, int | float) and value > high:
        value = high
    decimals = semantics.get("decimals")
    if isinstance(decimals, int) and decimals >= 0:
        value = round(value, decimals)
    return value


def _boolean(value, semantics: dict, _semantics_of):
    return value if isinstance(value, bool) else DROP


def _select(value, semantics: dict, _semantics_of):
    options = {
        o.get("value")
        for o in semantics.get("options") or []
        if isinstance(o, dict) and isinstance(o.get("value"), str | int | float)
    }
    if semantics.get("multiple"):
        if not isinstance(value, list):
            return DROP
        return [v for v in value if isinstance(v, str | int | float) and v in options]
    if isinstance(value, str | int | float) and not isinstance(value, bool) and value in options:
        return value
    return DROP


def _list(value, semantics: dict, semantics_of):
    item = semantics.get("field")
    if not isinstance(value, list) or not isinstance(item, dict):
        return DROP
    kept = [v for v in (filter_value(x, item, semantics_of) for x in value) if v is not DROP]
    high = semantics.get("max")
    return kept[:high] if isinstance(high, int) and high >= 0 else kept


def _group(value, semantics: dict, semantics_of):
    fields = [f for f in semantics.get("fields") or [] if isinstance(f, dict) and f.get("name")]
    # H5P's quirk: a group of one field holds that field's value directly.
    if len(fields) == 1 and not semantics.get("isSubContent") and not isinstance(value, dict):
        return filter_value(value, fields[0], semantics_of)
    if not isinstance(value, dict):
        return DROP
    return filter_fields(value, fields, semantics_of)


def _safe_path(path) -> bool:
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        return False
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", path)
    if scheme:
        return scheme.group(1).lower() in {"http", "https"}
    return not path.startswith("/") and ".." not in path.split("/")


def _file(value, semantics: dict, semantics_of):
    if not isinstance(value, dict) or not _safe_path(value.get("path")):
        return DROP
    kept = {}
    for key in FILE_KEYS & value.keys():
        item = value[key]
        if key == "copyright":
            kept[key] = _plain_strings(item) if isinstance(item, dict) else {}
        elif isinstance(item, str):
            kept[key] = escape_text(item) if key != "path" else item
        elif isinstance(item, int | float) and not isinstance(item, bool):
            kept[key] = item
    return kept


def _files(value, semantics: dict, semantics_of):
    if not isinstance(value, list):
        return DROP
    return [v for v in (_file(x, semantics, semantics_of) for x in value) if v is not DROP]


def _plain_strings(value):
    """Metadata and copyright: any JSON, every string escaped as plain text."""
    if isinstance(value, str):
        return escape_text(value)
    if isinstance(value, dict):
        return {escape_text(str(k)): _plain_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_strings(v) for v in value]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return None


def _library(value, semantics: dict, semantics_of):
    if not isinstance(value, dict) or not isinstance(value.get("library"), str):
        return DROP
    allowed = {o for o in semantics.get("options") or [] if isinstance(o, str)}
    match = LIBRARY_STRING.match(value["library"])
    if value["library"] not in allowed or match is None:
        return DROP
    inner = semantics_of(f"{match['name']}-{match['major']}.{match['minor']}")
    if inner is None:
        return DROP
    params = value.get("params")
    kept = {
        "library": value["library"],
        "params": filter_fields(params if isinstance(params, dict) else {}, inner, semantics_of),
    }
    if isinstance(value.get("subContentId"), str) and SUBCONTENT_ID.match(value["subContentId"]):
        kept["subContentId"] = value["subContentId"]
    if isinstance(value.get("metadata"), dict):
        kept["metadata"] = _plain_strings(value["metadata"])
    return kept


FILTERS = {
    "text": _text,
    "number": _number,
    "boolean": _boolean,
    "select": _select,
    "list": _list,
    "group": _group,
    "library": _library,
    "image": _file,
    "file": _file,
    "video": _files,
    "audio": _files,
}


def filter_value(value, semantics: dict, semantics_of: SemanticsOf):
    rule = FILTERS.get(semantics.get("type"))
    if rule is None:
        return DROP
    return rule(value, semantics, semantics_of)


def filter_fields(params: dict, fields: list, semantics_of: SemanticsOf) -> dict:
    """Keep the known fields of params, each filtered by its semantics; drop the rest."""
    kept = {}
    for field in fields:
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            continue
        name = field["name"]
        if name in params:
            value = filter_value(params[name], field, semantics_of)
            if value is not DROP:
                kept[name] = value
    return kept


def content_filter(params: dict, *, semantics: list | None, semantics_of: SemanticsOf) -> dict:
    """The parameters of content.json, filtered by the main library's semantics.

    A main library without semantics.json gets no structure check: every string in the
    parameters is escaped as plain text instead, which is the safe reading.
    """
    if semantics is None:
        return _plain_strings(params)
    return filter_fields(params, semantics, semantics_of)
