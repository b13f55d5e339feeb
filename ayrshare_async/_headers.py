"""``httpx.Headers`` built and read without httpx's per-call normalization, where it shows.

httpx keeps headers as ``(raw name, lower-case name, value)`` byte triples and, on the first
``get()``, decodes every header to choose an encoding; on the SDK's per-call path that costs more
than building the response. This is the one module that relies on that layout (httpx 0.x, which the
SDK pins below 1); ``tests/test_headers.py`` holds it equal to the public API.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx

__all__ = ["header_value", "headers_from_raw", "headers_list", "str_pairs"]


def headers_from_raw(raw: Iterable[tuple[bytes, bytes]]) -> httpx.Headers:
    """``httpx.Headers(raw)`` for byte pairs as a transport received them."""
    headers = httpx.Headers()
    headers._list = [(name, name.lower(), value) for name, value in raw]
    return headers


def header_value(headers: httpx.Headers, lower_name: bytes) -> str | None:
    """``headers.get(name)``: every value of the header, comma-joined, or None."""
    values = [value for _, name, value in headers._list if name == lower_name]
    if not values:
        return None
    return b", ".join(values).decode("latin-1")


def headers_list(headers: httpx.Headers) -> list[tuple[bytes, bytes, bytes]]:
    """The ``(raw name, lower-case name, value)`` triples themselves, for a one-pass scan."""
    return headers._list


def str_pairs(headers: httpx.Headers) -> list[tuple[str, str]]:
    """The headers as ``(name, value)`` strings, in order and with repeats (UTF-8, else Latin-1)."""
    try:
        return [(name.decode(), value.decode()) for name, _, value in headers._list]
    except UnicodeDecodeError:
        return [
            (name.decode("latin-1"), value.decode("latin-1")) for name, _, value in headers._list
        ]
