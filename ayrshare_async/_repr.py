"""Compact reprs for the models: unset (None) fields left out, long values shortened, secrets never
shown, so a model reads at a glance in a log line or a notebook cell. ``to_dict()`` has it all.

A field declared with ``attrs.field(repr=False)`` (keys, tokens, signed URLs) is never shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

__all__ = ["install", "model_items", "repr_model", "repr_pretty", "repr_value"]

MAX_STRING = 32
"""Characters of a string shown before it is cut with an ellipsis."""
MAX_ITEMS = 3
"""Items of a list or mapping shown before ``+N more``."""
TOP_KEYS = 8
"""Keys of a JSON object shown at the top level (``JsonObject``) before ``+N more``."""
NESTED_FIELDS = 2
"""Fields of a model nested in another shown before ``...``."""
BUDGET = 240
"""Characters of fields a model's repr shows; the fields after that are counted, not shown."""


def _shown(obj: Any) -> tuple[list[str], int]:
    """The ``name=value`` texts within the budget, and how many set fields did not fit."""
    parts: list[str] = []
    used = 0
    items = list(model_items(obj))
    for name, value in items:
        text = f"{name}={repr_value(value, 1)}"
        if parts and used + len(text) > BUDGET:
            break
        parts.append(text)
        used += len(text) + 2
    return parts, len(items) - len(parts)


def model_items(obj: Any) -> Iterator[tuple[str, Any]]:
    """The fields worth showing: set (not None) and not hidden with ``repr=False``."""
    for field in attrs.fields(type(obj)):
        if field.repr is False or field.name.startswith("_"):
            continue
        value = getattr(obj, field.name)
        if value is not None:
            yield field.name, value


def repr_value(value: Any, depth: int = 0) -> str:
    """One value, shortened: strings cut, lists and mappings to a few items, nested models to a
    few fields."""
    if attrs.has(type(value)):
        return _repr_nested(value, depth)
    if isinstance(value, str):
        return repr(value if len(value) <= MAX_STRING else value[: MAX_STRING - 1] + "…")
    if isinstance(value, dt.datetime):
        if value.utcoffset() == dt.timedelta(0):
            return value.strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.isoformat(timespec="seconds")
    if isinstance(value, Mapping):
        shown = MAX_ITEMS if depth else TOP_KEYS
        pairs = list(value.items())[:shown]
        items = [f"{k!r}: {repr_value(v, depth + 1)}" for k, v in pairs]
        return "{" + ", ".join(items + _more(len(value), shown)) + "}"
    if isinstance(value, (list, tuple)):
        shown = 1 if depth and value and attrs.has(type(value[0])) else MAX_ITEMS
        items = [repr_value(v, depth + 1) for v in value[:shown]]
        return "[" + ", ".join(items + _more(len(value), shown)) + "]"
    return repr(value)


def _more(total: int, shown: int = MAX_ITEMS) -> list[str]:
    return [f"+{total - shown} more"] if total > shown else []


def _repr_nested(obj: Any, depth: int) -> str:
    custom = getattr(obj, "_repr_body", None)
    if custom is not None:
        return f"{type(obj).__name__}({custom(depth)})"
    if depth == 0:
        parts, hidden = _shown(obj)
        more = [f"… +{hidden} fields"] if hidden else []
        return f"{type(obj).__name__}({', '.join(parts + more)})"
    items = list(model_items(obj))
    parts = [f"{name}={repr_value(value, depth + 1)}" for name, value in items[:NESTED_FIELDS]]
    if len(items) > NESTED_FIELDS:
        parts.append("…")
    return f"{type(obj).__name__}({', '.join(parts)})"


def repr_model(self: Any) -> str:
    """``__repr__`` of a model: ``Name(field=value, ...)`` with only the set fields."""
    return _repr_nested(self, 0)


def repr_pretty(self: Any, printer: Any, cycle: bool) -> None:
    """``_repr_pretty_`` (IPython): the compact repr, one field per line when it does not fit."""
    name = type(self).__name__
    if cycle:
        printer.text(f"{name}(...)")
        return
    custom = getattr(self, "_repr_body", None)
    if custom is not None:
        printer.text(f"{name}({custom(0)})")
        return
    parts, hidden = _shown(self)
    if hidden:
        parts.append(f"… +{hidden} fields")
    with printer.group(0, f"{name}(", ")"):
        with printer.indent(2):
            for i, part in enumerate(parts):
                if i:
                    printer.text(",")
                printer.breakable(" " if i else "")
                printer.text(part)
        printer.breakable("")


def _generated_by_attrs(method: Any) -> bool:
    code = getattr(method, "__code__", None)
    return code is not None and code.co_filename.startswith("<attrs generated")


def install(cls: type[Any]) -> None:
    """Give a model class built by attrs the compact repr, unless the class wrote its own."""
    if _generated_by_attrs(cls.__dict__.get("__repr__")):
        setattr(cls, "__repr__", repr_model)  # noqa: B010 (mypy refuses assigning a method)
    if "_repr_pretty_" not in cls.__dict__:
        setattr(cls, "_repr_pretty_", repr_pretty)  # noqa: B010
