"""The emulator's view of HTTP: one request in, one response out, independent of how it travelled.

Both the in-process transport and the ASGI app translate to and from these two classes, so every
rule of the emulator is written once. Also here: the error envelope, query decoding and response
compression.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, Literal, Protocol
from urllib.parse import parse_qsl

import brotli

from . import _codes as codes

__all__ = [
    "COMPRESSION_THRESHOLD",
    "ApiError",
    "Query",
    "WireHandler",
    "WireRequest",
    "WireResponse",
    "choose_encoding",
    "compress",
    "dump_json",
    "error_envelope",
    "format_time",
    "parse_time",
]

COMPRESSION_THRESHOLD = 1024
"""Only bodies larger than this many bytes are compressed (Ayrshare: "over 1 KB")."""

_SERVER_PREFERENCE = ("br", "gzip", "deflate")

DropMode = Literal["before", "after"]


@dataclass(slots=True)
class WireRequest:
    """A request as the emulator sees it: header names lower-cased, path without the base URL."""

    method: str
    path: str
    query_string: str
    headers: Mapping[str, str]
    body: bytes


@dataclass(slots=True)
class WireResponse:
    """What the emulator answers. ``drop`` asks the carrier to cut the connection instead:
    ``"before"`` without any response, ``"after"`` halfway through the body."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    drop: DropMode | None = None


class WireHandler(Protocol):
    """What a carrier (the in-process transport, the ASGI app) needs of the emulator."""

    async def handle(self, request: WireRequest) -> WireResponse: ...


class ApiError(Exception):
    """An error answer in Ayrshare's envelope: ``{"action", "status": "error", "code", "message"}``."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        action: str = "request",
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.action = action
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        return {**error_envelope(self.action, self.code, self.message), **self.extra}


def error_envelope(action: str, code: int, message: str) -> dict[str, Any]:
    """Ayrshare's single-error shape (also the shape of one entry of ``errors[]``)."""
    return {"action": action, "status": "error", "code": code, "message": message}


class Query:
    """Decoded query parameters. Arrays arrive as ``name[0]=a&name[1]=b`` (the official SDKs'
    convention), ``name[]=a`` or repeated ``name=a``; all three read back as one list."""

    __slots__ = ("_values",)

    def __init__(self, query_string: str) -> None:
        values: dict[str, list[str]] = {}
        for raw_name, value in parse_qsl(query_string, keep_blank_values=True):
            bracket = raw_name.find("[")
            name = raw_name[:bracket] if bracket > 0 and raw_name.endswith("]") else raw_name
            values.setdefault(name, []).append(value)
        self._values = values

    def get(self, name: str) -> str | None:
        found = self._values.get(name)
        return found[-1] if found else None

    def get_list(self, name: str) -> list[str]:
        """Every value of an array parameter; a single comma-separated value is split too."""
        found = self._values.get(name, [])
        if len(found) == 1 and "," in found[0]:
            return [part.strip() for part in found[0].split(",") if part.strip()]
        return list(found)

    def get_int(self, name: str, default: int, *, minimum: int, maximum: int) -> int:
        """An integer parameter clamped to ``[minimum, maximum]``; not a number -> 400."""
        raw = self.get(name)
        if raw is None or raw == "":
            return default
        try:
            number = int(raw)
        except ValueError:
            raise ApiError(400, codes.BAD_REQUEST, f"{name} must be a whole number") from None
        return max(minimum, min(maximum, number))

    def get_bool(self, name: str) -> bool | None:
        raw = self.get(name)
        if raw is None:
            return None
        lowered = raw.lower()
        if lowered in ("true", "1", ""):
            return True
        if lowered in ("false", "0"):
            return False
        raise ApiError(400, codes.BAD_REQUEST, f"{name} must be true or false")

    def __contains__(self, name: object) -> bool:
        return name in self._values


def dump_json(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


@lru_cache(maxsize=64)
def choose_encoding(accept_encoding: str) -> str | None:
    """The coding to use for a client's ``Accept-Encoding``: br, then gzip, then deflate (the
    server's order, whatever order the client lists them in); ``q=0`` excludes a coding."""
    accepted: set[str] = set()
    refused: set[str] = set()
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        coding = name.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        (accepted if quality > 0 else refused).add(coding)
    if "*" in accepted:
        accepted.update(c for c in _SERVER_PREFERENCE if c not in refused)
    for coding in _SERVER_PREFERENCE:
        if coding in accepted:
            return coding
    return None


def compress(body: bytes, coding: str) -> bytes:
    """Compress with a fast setting: the emulator serves benchmarks, not bandwidth bills."""
    if coding == "br":
        return bytes(brotli.compress(body, quality=4))
    if coding == "gzip":
        return gzip.compress(body, compresslevel=5, mtime=0)
    if coding == "deflate":
        return zlib.compress(body, 5)
    raise ValueError(f"unknown content coding {coding!r}")


_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)


def parse_time(value: object, name: str) -> datetime:
    """An ISO-8601 date or date-time as an aware UTC datetime (no offset = UTC); else 400."""
    match = _ISO.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ApiError(
            400,
            codes.BAD_REQUEST,
            f"{name} must be an ISO-8601 UTC date, e.g. 2026-07-08T12:30:00Z",
        )
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=timezone.utc,
        )
    except ValueError:
        raise ApiError(400, codes.BAD_REQUEST, f"{name} is not a valid date") from None
    if offset and offset.upper() != "Z":
        sign = 1 if offset[0] == "+" else -1
        digits = offset[1:].replace(":", "")
        moment -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment


def format_time(moment: datetime) -> str:
    """UTC with milliseconds and a ``Z``, as Ayrshare writes timestamps."""
    utc = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return utc.isoformat(timespec="milliseconds") + "Z"
