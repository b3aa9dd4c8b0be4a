"""Input no endpoint may pass on to the database: one rule for JSON bodies and form fields.

- JSON is parsed with a size and a nesting limit (a body nested 30,000 deep would otherwise
  exhaust Python's recursion and answer 500), and refused when a string or a key holds a NUL
  character or a lone surrogate (`"\\u0000"`, `"\\ud800"`): PostgreSQL stores neither, in
  `text` or in `jsonb`, and fails with a server error.
- Form data: `NulInputMiddleware` answers 400 to any GET or POST value, key or path holding a
  NUL byte, before a view reads it (Django's form fields refuse NUL already; raw
  `request.POST[...]` reads did not). Form data cannot carry a lone surrogate: Django decodes
  it as UTF-8 with replacement.
- Integers from a request: `ascii_int` accepts ASCII digits only ("²" passes `str.isdigit()`
  and then fails `int()`) and a bounded length.

Errors are `ValidationError`s with a message for the person (or the program) that sent it.
"""

from __future__ import annotations

import json
import re

from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

MAX_BYTES = 64 * 1024
MAX_DEPTH = 32
# NUL, and UTF-16 surrogates standing alone (only JSON's \u escapes can produce them).
FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
ASCII_INT = re.compile(r"[0-9]{1,18}", re.ASCII)


def _refuse_constant(name: str):
    raise ValueError(name)


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, reading strings as opaque."""
    deepest = depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def text_refused(value: str) -> bool:
    """Does this text hold a NUL character or a lone surrogate?"""
    return FORBIDDEN.search(value) is not None


def _check_strings(data) -> None:
    if isinstance(data, str):
        if text_refused(data):
            raise ValidationError(
                _("Text may not contain NUL characters or unpaired surrogates (\\u0000, \\ud800).")
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            _check_strings(key)
            _check_strings(value)
    elif isinstance(data, list):
        for value in data:
            _check_strings(value)


def json_parse(raw: bytes | str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH):
    """Parse JSON within limits, or raise ValidationError saying what is wrong.

    NaN and Infinity (which JSON does not have) are refused too.
    """
    if len(raw) > max_bytes:
        raise ValidationError(
            _("The data is too large (at most %(n)s bytes).") % {"n": f"{max_bytes:,}"}
        )
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The data must be JSON encoded as UTF-8.")) from exc
    if (raw.count("[") + raw.count("{") > max_depth) and _depth(raw) > max_depth:
        raise ValidationError(
            _("The JSON is nested too deeply (at most %(n)s levels).") % {"n": max_depth}
        )
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except ValueError as exc:
        raise ValidationError(_("The data must be valid JSON."), code="invalid_json") from exc
    _check_strings(data)
    return data


def json_body(request, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> dict:
    """The request's body as a JSON object, within limits (ValidationError otherwise)."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not ASCII_INT.fullmatch(declared) or int(declared) > max_bytes:
        raise ValidationError(
            _("The request is too large (at most %(n)s bytes).") % {"n": f"{max_bytes:,}"}
        )
    data = json_parse(request.body, max_bytes=max_bytes, max_depth=max_depth)
    if not isinstance(data, dict):
        raise ValidationError(_("The request body must be a JSON object."))
    return data


def ascii_int(value, *, name: str = "") -> int:
    """An integer written in ASCII digits (at most 18 of them), or ValidationError."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str) or not ASCII_INT.fullmatch(value):
        raise ValidationError(
            _("%(name)s must be a whole number.") % {"name": name}
            if name
            else _("A whole number is expected.")
        )
    return int(value)


class NulInputMiddleware:
    """400 for a request whose path, query or form data holds a NUL byte.

    Reading `request.POST` here is what the CSRF middleware does for every POST anyway; bodies
    that are not form data (JSON) are not read, so views may still read `request.body`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            return self._refuse()
        if request.method == "POST" and _has_nul(request.POST):
            return self._refuse()
        return self.get_response(request)

    @staticmethod
    def _refuse():
        return HttpResponseBadRequest(
            _("The request contains a NUL character, which no field accepts."),
            content_type="text/plain; charset=utf-8",
        )


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())
