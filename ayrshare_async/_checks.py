"""Input checks that run before anything is sent: secrets and headers, and request-model field types.

Each failure is a ``ValidationError`` naming the argument. A secret's value is never part of the
message: only its name and what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import types
import typing
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

import attrs

from ._errors import ValidationError

__all__ = [
    "check_header_pairs",
    "check_model_types",
    "check_secret",
    "first_bad_text",
    "is_loopback",
]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
"""C0 controls and DEL: CR and LF would split a header, NUL ends it on some servers."""
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
"""A header name (RFC 9110 token)."""
_PLAIN_SECRET = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?")
"""Printable ASCII, not starting or ending with a space: every well-formed key (the fast path)."""


def check_secret(name: str, value: object) -> str:
    """A non-empty string that can go in a header as is (API key, profile key, X OAuth1 parts)."""
    if isinstance(value, str) and _PLAIN_SECRET.fullmatch(value):
        return value
    if not isinstance(value, str):
        raise ValidationError(f"{name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValidationError(f"{name} must be a non-empty string")
    if _CONTROL.search(value):
        raise ValidationError(
            f"{name} contains a control character (CR, LF, NUL, tab...): check for a stray "
            "newline, e.g. from a file or an environment variable"
        )
    if value != value.strip():
        raise ValidationError(f"{name} starts or ends with whitespace")
    try:
        value.encode("ascii")
    except UnicodeEncodeError:
        raise ValidationError(f"{name} contains a non-ASCII character") from None
    return value


def check_header_pairs(argument: str, headers: Mapping[str, str]) -> None:
    """Header names are tokens; values are strings without control characters (tab allowed)."""
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.match(name):
            raise ValidationError(f"{argument}: {name!r} is not a valid header name")
        if not isinstance(value, str):
            raise ValidationError(
                f"{argument}: the value of {name} must be a string, got {type(value).__name__}"
            )
        if _CONTROL.search(value.replace("\t", " ")):
            raise ValidationError(
                f"{argument}: the value of {name} contains a control character (CR, LF, NUL...)"
            )
        if first_bad_text(value) is not None:
            raise ValidationError(f"{argument}: the value of {name} contains a lone surrogate")


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address: where plain http is allowed (the emulator, tests)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def first_bad_text(value: object, path: str = "") -> str | None:
    """The path (``post``, ``mediaUrls[2]``) of the first string in a JSON-like value that cannot
    be encoded as UTF-8 (a lone surrogate), or None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path or "value"
        return None
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = first_bad_text(key, f"{path}.{key}" if path else str(key))
            found = found or first_bad_text(item, f"{path}.{key}" if path else str(key))
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = first_bad_text(item, f"{path}[{index}]")
            if found:
                return found
    return None


# -- request-model field types -------------------------------------------------------------------

Check = Callable[[Any], bool]


def check_model_types(model: Any, where: str) -> None:
    """Every field of a request model holds a value of its annotated type (``post=12345`` is
    refused here, not by the server). Nested request models are checked too."""
    for name, check, expected in _field_checks(type(model)):
        value = getattr(model, name)
        if value is not None and not check(value):
            raise ValidationError(
                f"{where}: {name} must be {expected}, got {type(value).__name__} {_short(value)}"
            )


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_SEQUENCES = (list, tuple, Sequence, Iterable, Collection, frozenset, set)


_CHECKS: dict[type, tuple[tuple[str, Check, str], ...]] = {}


def _field_checks(cls: type) -> tuple[tuple[str, Check, str], ...]:
    """(field, predicate, what is expected) for every field of a model class; built once."""
    checks = _CHECKS.get(cls)
    if checks is None:
        attrs.resolve_types(cls)
        checks = _CHECKS[cls] = tuple(
            (field.name, check, _describe(field.type))
            for field in attrs.fields(cls)
            if (check := _check_for(field.type)) is not None
        )
    return checks


def _check_for(hint: Any) -> Check | None:
    """A predicate for values of ``hint`` (None: anything goes)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any or hint is object:
        return None
    if hint is type(None):
        return lambda value: value is None
    if hint is bool:
        return lambda value: isinstance(value, bool)
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return lambda value: isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is str:
        return lambda value: isinstance(value, str)
    if origin is typing.Literal:
        allowed = frozenset(args)
        return lambda value: isinstance(value, (str, int)) and value in allowed
    if origin in (typing.Union, types.UnionType):
        options = [_check_for(arg) for arg in args]
        if any(option is None for option in options):
            return None
        return lambda value: any(option(value) for option in options if option is not None)
    if origin in _SEQUENCES or hint in (list, tuple):
        homogeneous = origin is not tuple or (len(args) == 2 and args[1] is Ellipsis)
        item = _check_for(args[0]) if args and homogeneous else None
        kinds = (
            (list, tuple) if origin in (list, tuple, Sequence) else (list, tuple, set, frozenset)
        )
        return lambda value: (
            isinstance(value, kinds) and (item is None or all(item(element) for element in value))
        )
    if origin in (dict, Mapping) or hint in (dict, Mapping):
        value_check = _check_for(args[1]) if len(args) == 2 else None
        return lambda value: (
            isinstance(value, Mapping)
            and all(isinstance(key, str) for key in value)
            and (value_check is None or all(value_check(v) for v in value.values()))
        )
    if isinstance(hint, type):
        if attrs.has(hint):
            return _nested(hint)
        if hint is dt.datetime:
            return lambda value: isinstance(value, dt.datetime)
        return lambda value: isinstance(value, hint)
    return None


def _nested(cls: type) -> Check:
    def check(value: Any) -> bool:
        if not isinstance(value, cls):
            return False
        check_model_types(value, cls.__name__)
        return True

    return check


def _describe(hint: Any) -> str:
    origin = typing.get_origin(hint)
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(arg) for arg in args)
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(arg) for arg in typing.get_args(hint))
    if origin in _SEQUENCES:
        return f"a list of {_describe(args[0])}" if args else "a list"
    if origin in (dict, Mapping):
        return "a dict"
    names = {str: "a string", int: "an int", float: "a number", bool: "True or False"}
    if hint in names:
        return names[hint]
    return getattr(hint, "__name__", str(hint))
