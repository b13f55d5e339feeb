"""JSON read and written by ``orjson`` when it is installed (the ``fast`` extra), else by ``json``.

The result is always what ``json.loads`` returns. orjson reads the JSON it accepts into the same
values, but for an integer past 64 bits, which it reads as a float: a body with a run of 19 digits
(an integer that may be that long, or a digit string such as an X post id) goes to ``json.loads``,
and so does what orjson refuses (NaN, a UTF-8 BOM, lone surrogate escapes, nesting past 1,024
levels), where the standard library then decides, errors included.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["dumps_compact", "loads"]

try:
    import orjson
except ImportError:  # pragma: no cover - the fast extra is installed where the tests run
    orjson = None  # type: ignore[assignment]


_DIGITS_AS_ZERO = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
_LONG_DIGITS = b"0" * 19


def _loads(raw: bytes) -> Any:
    if raw.translate(_DIGITS_AS_ZERO).find(_LONG_DIGITS) < 0:  # one pass in C, no regex engine
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw)


loads: Callable[[bytes], Any] = json.loads if orjson is None else _loads


def dumps_compact(data: object, default: Callable[[Any], Any]) -> bytes:
    """Compact JSON, UTF-8, ``default`` called for what JSON has no form for. Values read back
    as ``json.dumps(data, separators=(",", ":"), default=default)`` would give them, except a
    float NaN or infinity, written as ``null`` by orjson (SQLite's JSON reader refuses both)."""
    if orjson is not None:
        try:
            return orjson.dumps(data, default=default)
        except orjson.JSONEncodeError:  # e.g. an integer past 64 bits, a lone surrogate
            pass
    return json.dumps(data, separators=(",", ":"), default=default).encode()
