"""Reading request fields: the checks every handler shares, and opaque page cursors."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from . import _codes as codes
from ._platforms import canonical_platform
from ._wire import ApiError, format_time

__all__ = [
    "bool_field",
    "decode_cursor",
    "encode_cursor",
    "firestore_time",
    "platform_list",
    "require_str",
    "str_list",
]


def require_str(body: Mapping[str, Any], name: str, *, action: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise ApiError(400, codes.BAD_REQUEST, f"{name} is required", action=action)
    return value


def bool_field(body: Mapping[str, Any], name: str, *, action: str) -> bool | None:
    value = body.get(name)
    if value is None or isinstance(value, bool):
        return value
    raise ApiError(400, codes.BAD_REQUEST, f"{name} must be true or false", action=action)


def str_list(value: Any, name: str, *, action: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(400, codes.BAD_REQUEST, f"{name} must be an array of strings", action=action)
    return list(value)


def platform_list(value: Any, name: str, *, action: str) -> list[str]:
    platforms: list[str] = []
    for raw in str_list(value, name, action=action):
        platform = canonical_platform(raw)
        if platform is None:
            raise ApiError(
                400, codes.BAD_REQUEST, f"{name}: unknown platform {raw!r}", action=action
            )
        if platform not in platforms:
            platforms.append(platform)
    return platforms


def firestore_time(moment: datetime) -> dict[str, Any]:
    """Ayrshare's Firestore-style creation timestamp."""
    seconds = int(moment.timestamp())
    return {
        "_seconds": seconds,
        "_nanoseconds": moment.microsecond * 1000,
        "utc": format_time(moment),
    }


def encode_cursor(kind: str, seq: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{seq}".encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, name: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, number = text.partition(":")
        if prefix == kind:
            return int(number)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        pass
    raise ApiError(400, codes.BAD_REQUEST, f"{name} is not a cursor this endpoint returned")
