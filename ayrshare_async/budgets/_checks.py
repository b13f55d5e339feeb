"""Input checks shared by the stores: bad input is a ``ValidationError`` before any decision."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .._errors import ValidationError
from ._limit import Limit

__all__ = ["check_limits", "check_max_wait", "check_rejection", "check_used"]


def check_limits(limits: Sequence[Limit]) -> None:
    if type(limits) is tuple and len(limits) == 1 and type(limits[0]) is Limit:
        return  # the common case, one profile's budget
    if isinstance(limits, Limit) or not isinstance(limits, Sequence) or not limits:
        raise ValidationError("limits must be a non-empty sequence of Limit")
    keys = set()
    for limit in limits:
        if not isinstance(limit, Limit):
            raise ValidationError(f"limits must hold Limit objects, got {type(limit).__name__}")
        if limit.key in keys:
            raise ValidationError(f"limit key {limit.key!r} appears twice in one reservation")
        keys.add(limit.key)


def _seconds(name: str, value: float) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValidationError(f"{name} must be a finite number >= 0, got {value!r}")


def check_max_wait(max_wait: float | None) -> None:
    if max_wait is not None:
        _seconds("max_wait", max_wait)


def check_used(used: int) -> None:
    if isinstance(used, bool) or not isinstance(used, int) or used < 0:
        raise ValidationError(f"used must be an int >= 0, got {used!r}")


def check_rejection(key: str, window: float) -> None:
    if not isinstance(key, str) or not key or any(c.isspace() for c in key):
        raise ValidationError("key must be a non-empty string without spaces")
    _seconds("window", window)
    if window == 0:
        raise ValidationError("window must be > 0")
